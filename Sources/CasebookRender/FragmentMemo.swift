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

    /// How many fragments wait for a later use.
    var waiting: Int { slots.withLock { $0.count } }
}
