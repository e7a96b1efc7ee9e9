/// Counts many keywords in one pass over a text's UTF-8 bytes (Aho–Corasick). Counts are those of `ByteText.count`:
/// occurrences of one keyword do not overlap (after a match, the next one starts after it).
struct KeywordAutomaton: Sendable {
    /// Goto function as a dense table over the bytes that occur in keywords (others lead back to the root).
    private let next: [Int32]
    private let byteClass: [Int16]
    private let classes: Int
    /// Keywords ending at each state (through its failure links), as (keyword, length in bytes).
    private let outputs: [[(keyword: Int, length: Int)]]
    let count: Int

    init(_ keywords: [[UInt8]]) {
        count = keywords.count
        var byteClass = [Int16](repeating: -1, count: 256)
        var classes = 0
        for k in keywords { for b in k where byteClass[Int(b)] < 0 { byteClass[Int(b)] = Int16(classes); classes += 1 } }
        // The trie.
        var trie: [[Int32]] = [[Int32](repeating: -1, count: max(classes, 1))]
        var out: [[(keyword: Int, length: Int)]] = [[]]
        for (i, k) in keywords.enumerated() where !k.isEmpty {
            var s = 0
            for b in k {
                let c = Int(byteClass[Int(b)])
                if trie[s][c] < 0 {
                    trie[s][c] = Int32(trie.count)
                    trie.append([Int32](repeating: -1, count: classes))
                    out.append([])
                }
                s = Int(trie[s][c])
            }
            out[s].append((i, k.count))
        }
        // Failure links, breadth first, folded into a complete goto table.
        var fail = [Int](repeating: 0, count: trie.count)
        var queue: [Int] = []
        for c in 0..<classes {
            if trie[0][c] < 0 { trie[0][c] = 0 } else { fail[Int(trie[0][c])] = 0; queue.append(Int(trie[0][c])) }
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]
            head += 1
            out[s] += out[fail[s]]
            for c in 0..<classes {
                let t = trie[s][c]
                if t < 0 {
                    trie[s][c] = trie[fail[s]][c]
                } else {
                    fail[Int(t)] = Int(trie[fail[s]][c])
                    queue.append(Int(t))
                }
            }
        }
        self.next = trie.flatMap { $0 }
        self.byteClass = byteClass
        self.classes = classes
        self.outputs = out
    }

    /// How often each keyword occurs in `text`, without overlapping itself.
    func counts(_ text: [UInt8]) -> [Int] {
        var counts = [Int](repeating: 0, count: count)
        guard classes > 0 else { return counts }
        var lastEnd = [Int](repeating: 0, count: count)
        var s = 0
        for (i, b) in text.enumerated() {
            let c = Int(byteClass[Int(b)])
            if c < 0 { s = 0; continue }
            s = Int(next[s * classes + c])
            for o in outputs[s] {
                let start = i + 1 - o.length
                if start >= lastEnd[o.keyword] {
                    counts[o.keyword] += 1
                    lastEnd[o.keyword] = i + 1
                }
            }
        }
        return counts
    }
}
