import Synchronization

/// Fragments rendered once and used by several pages (a case's body on its page and in its handbook section; a case's
/// section in each handbook that holds it). Each is made once, by the first page that asks — a page asking while it is
/// being made waits for it rather than making it again — and kept only until its last expected use, so that what waits
/// in memory is what is still to come.
final class FragmentMemo: Sendable {
    /// One fragment: empty until its maker, holding the lock, has made it.
    private final class Slot: Sendable {
        let html = Mutex<String?>(nil)
    }

    private let expected: [String: Int]
    private let slots = Mutex<[String: (slot: Slot, left: Int)]>([:])

    /// `uses`: one entry per expected use of a key.
    init(uses: [String]) {
        var n: [String: Int] = [:]
        for k in uses { n[k, default: 0] += 1 }
        expected = n
    }

    /// The fragment for `key`, made by `make` on its first use.
    func section(_ key: String, make: () -> String) -> String {
        let uses = expected[key] ?? 1
        // Take the key's slot, counting this use; the table lets go of it at its last expected use.
        let slot: Slot = slots.withLock { s in
            if let e = s[key] {
                s[key] = e.left <= 1 ? nil : (e.slot, e.left - 1)
                return e.slot
            }
            let new = Slot()
            if uses > 1 { s[key] = (new, uses - 1) }
            return new
        }
        return slot.html.withLock { html in
            if let made = html { return made }
            let made = make()
            html = made
            return made
        }
    }

    /// Makes the fragment for `key` ahead of its uses (none is counted), unless it is made or being made already:
    /// the handbooks' sections are made a case per thread before the handbooks that show them are rendered, so that
    /// two threads rendering handbooks that share cases never wait on each other's section.
    func prepare(_ key: String, make: () -> String) {
        let uses = expected[key] ?? 1
        let slot: Slot? = slots.withLock { s in
            guard s[key] == nil else { return nil }
            let new = Slot()
            s[key] = (new, uses)
            return new
        }
        guard let slot else { return }
        slot.html.withLock { html in
            if html == nil { html = make() }
        }
    }

    /// Whether the fragment for `key` is made, being made, or waits for a use.
    func holds(_ key: String) -> Bool { slots.withLock { $0[key] != nil } }

    /// How many fragments wait for a later use.
    var waiting: Int { slots.withLock { $0.count } }
}

/// Digests made once per key and kept for as long as the memo (one catalog: a case id names one case).
final class DigestMemo: Sendable {
    private let digests = ValueMemo<[UInt8]>()

    /// The SHA-256 of `bytes()`, made on the first ask for `key` (two threads asking at once may both make it).
    func digest(_ key: String, of bytes: () -> [UInt8]) -> [UInt8] {
        digests.value(key) { Array(SHA256.hash(data: bytes())) }
    }

    /// Appends what `write` writes to `out`; with a memo, the digest of it instead, made once per key.
    static func append(_ key: String, memo: DigestMemo?, to out: inout [UInt8], _ write: (inout [UInt8]) -> Void) {
        guard let memo else { return write(&out) }
        out += memo.digest(key) {
            var bytes: [UInt8] = []
            write(&bytes)
            return bytes
        }
    }
}

/// Values made once per key and kept for as long as the memo (one catalog: a case id names one case).
final class ValueMemo<Value: Sendable>: Sendable {
    private let table = Mutex<[String: Value]>([:])

    /// The value for `key`, made by `make` on the first ask (two threads asking at once may both make it).
    func value(_ key: String, make: () -> Value) -> Value {
        if let v = table.withLock({ $0[key] }) { return v }
        let v = make()
        table.withLock { $0[key] = v }
        return v
    }
}
