/// Forgiving search: the forms a query term is searched by besides itself. `Templates/assets/search.js` (`variants`)
/// does the same; see docs/search.md.
///
/// - Traditional characters read as simplified (`跨境電商` → `跨境电商`), from OpenCC's tables
///   (`TraditionalChinese`, made by `scripts/make-ts-table.py`): only characters that are never simplified ones, so
///   a simplified text is never read differently.
/// - Equivalents from `data/search-equivalents.yaml`: a term that is a name of a group (`自贸区`) also finds the cases
///   holding any other name of the group (`自贸试验区`, `自由贸易试验区`). The index has one key per group (`groupKey`)
///   with the cases holding any of its names, so this costs a query one shard.
/// - A longer term holding a name of a group (`广西自贸区`) is also searched with that name replaced by each other
///   name of its group (`广西自由贸易试验区`, `广西自贸试验区`: `expansions`). Only listed names are replaced: `南宁海关`
///   stays `南宁海关`, since `海关` is in no group.
///
/// The term as typed is always searched, so every substring of a case still finds it.
extension SearchText {
    /// Traditional → simplified, one code point each.
    static let traditional: [UInt32: UInt32] = {
        var map: [UInt32: UInt32] = [:]
        let cps = TraditionalChinese.pairs.unicodeScalars.map(\.value).filter { $0 != 0x0A }
        for i in stride(from: 0, to: cps.count - 1, by: 2) { map[cps[i]] = cps[i + 1] }
        return map
    }()

    static func simplified(_ term: [UInt32]) -> [UInt32] { term.map { traditional[$0] ?? $0 } }

    /// The groups of `data/search-equivalents.yaml` as search reads them (folded, spaces dropped).
    static func equivalents(_ groups: [[String]]) -> [[[UInt32]]] {
        groups.map { g in g.map { segments($0).flatMap { $0 } }.filter { !$0.isEmpty } }.filter { $0.count >= 2 }
    }

    /// The term as typed, then (when it differs) in simplified characters.
    static func variants(_ term: [UInt32]) -> [[UInt32]] {
        let s = simplified(term)
        return s == term ? [term] : [term, s]
    }

    /// The group of equivalents the term is a name of (as typed or in simplified characters), if any: the term then
    /// also finds every case holding any name of the group, by the group's own key.
    static func group(of term: [UInt32], equivalents: [[[UInt32]]]) -> Int? {
        let forms = variants(term)
        return equivalents.firstIndex { names in names.contains { forms.contains($0) } }
    }

    /// At most this many expansions of a term are searched (each costs the shards of its n-grams).
    static let maxExpansions = 8

    /// The other forms of a term that holds names of groups inside it: the names found (left to right, the longest at
    /// each place) replaced by the other names of their groups, every combination, the first name found changing
    /// slowest, at most `maxExpansions`. None for a term that holds no name, or that is a name itself (it finds its
    /// group by the group's key). `Templates/assets/search.js` (`expansions`) does the same.
    static func expansions(of term: [UInt32], equivalents: [[[UInt32]]]) -> [[UInt32]] {
        // The term as literal pieces and names: (the text before the name, the name's group and its place there).
        var slots: [(before: ArraySlice<UInt32>, group: Int, name: Int)] = []
        var i = 0, literal = 0
        while i < term.count {
            var best: (group: Int, name: Int, length: Int)?
            for (g, names) in equivalents.enumerated() {
                for (k, n) in names.enumerated() where n.count > (best?.length ?? 0) && i + n.count <= term.count && term[i..<(i + n.count)].elementsEqual(n) {
                    best = (g, k, n.count)
                }
            }
            if let b = best {
                slots.append((term[literal..<i], b.group, b.name))
                i += b.length
                literal = i
            } else {
                i += 1
            }
        }
        // No name, or one name that is the whole term.
        guard let first = slots.first, equivalents[first.group][first.name].count < term.count else { return [] }
        let typed = slots.map(\.name), tail = term[literal...]
        var out: [[UInt32]] = []
        var choice = slots.map { _ in 0 }
        // Every combination of names, odometer-wise (the last slot turning fastest), but the term as typed.
        func next() -> Bool {
            for s in slots.indices.reversed() {
                choice[s] += 1
                if choice[s] < equivalents[slots[s].group].count { return true }
                choice[s] = 0
            }
            return false
        }
        repeat {
            guard out.count < maxExpansions else { break }
            if choice != typed {
                var form: [UInt32] = []
                for (s, slot) in slots.enumerated() { form += slot.before + equivalents[slot.group][choice[s]] }
                out.append(form + tail)
            }
        } while next()
        return out
    }

    /// The index key of a group of equivalents: one private-use code point (plane 15), never found in text.
    static func groupKey(_ g: Int) -> UInt32 { 0xF0000 + UInt32(g) }

    /// How many times the runs hold any name of the group (each occurrence of each name).
    static func occurrences(of names: [[UInt32]], in segments: [[UInt32]]) -> Int {
        var n = 0
        for seg in segments {
            for name in names where name.count <= seg.count {
                for i in 0...(seg.count - name.count) where seg[i] == name[0] && Array(seg[i..<(i + name.count)]) == name { n += 1 }
            }
        }
        return n
    }

    /// The code-point block (`cp >> 8`) a traditional character's pair is in: `search/t/<hex>.js`.
    static func tsBlock(_ cp: UInt32) -> String { String(cp >> 8, radix: 16) }
}
