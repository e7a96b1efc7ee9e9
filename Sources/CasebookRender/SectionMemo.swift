import Synchronization

/// Fragments rendered once and used by several pages (a case's section in each handbook that holds it). Each is
/// kept only until its last expected use, so that what waits in memory is what is still to come.
final class SectionMemo: Sendable {
    private let expected: [String: Int]
    private let kept = Mutex<[String: (html: String, left: Int)]>([:])

    /// `uses`: one entry per expected use of a key.
    init(uses: [String]) {
        var n: [String: Int] = [:]
        for k in uses { n[k, default: 0] += 1 }
        expected = n
    }

    /// The fragment for `key`: made by `make` on its first use (or again, when two threads ask at once: the same bytes).
    func section(_ key: String, make: () throws -> String) rethrows -> String {
        if let hit = kept.withLock({ take(key, from: &$0) }) { return hit }
        let html = try make()
        let uses = expected[key] ?? 1
        if uses > 1 {
            kept.withLock { k in
                if k[key] != nil {
                    // Another thread made it meanwhile: this use counts against its entry.
                    _ = take(key, from: &k)
                } else {
                    k[key] = (html, uses - 1)
                }
            }
        }
        return html
    }

    /// How many fragments wait for a later use.
    var waiting: Int { kept.withLock { $0.count } }

    private func take(_ key: String, from k: inout [String: (html: String, left: Int)]) -> String? {
        guard let e = k[key] else { return nil }
        if e.left <= 1 { k[key] = nil } else { k[key] = (e.html, e.left - 1) }
        return e.html
    }
}
