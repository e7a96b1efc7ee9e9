/// How search reads text: folding, what counts as a word character, which n-grams are indexed.
///
/// `Templates/assets/search.js` implements the same rules (`fold`, `kindOf`, `grams`, `shardOf`); the two must stay in step,
/// and the browser tests check that they do. Everything works on Unicode code points, never on grapheme clusters or
/// UTF-16 units, so Swift and JavaScript agree on every character.
enum SearchText {
    enum Kind: Equatable {
        /// Indexed and matched.
        case word
        /// Dropped without a trace: spaces, so `关银一 KEY 通` reads as `关银一KEY通` and `票 e真` as `票e真`.
        case ignored
        /// Ends a run of word characters: punctuation, symbols, line ends. No n-gram spans a boundary.
        case boundary
    }

    /// Full-width ASCII to ASCII (`１＋Ｎ` → `1+N`), then Latin capitals to small letters.
    static func fold(_ v: UInt32) -> UInt32 {
        var v = v
        if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }
        if (v >= 0x41 && v <= 0x5A) || (v >= 0xC0 && v <= 0xDE && v != 0xD7) { v += 0x20 }
        return v
    }

    /// What a folded code point is to search.
    static func kind(_ v: UInt32) -> Kind {
        switch v {
        case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: return .boundary  // line and paragraph ends
        case 0x09, 0x0B, 0x0C, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000, 0xFEFF: return .ignored
        case 0x30...0x39, 0x61...0x7A, 0x23, 0x25, 0x26, 0x2B, 0x40: return .word  // 0-9 a-z # % & + @
        case 0...0xBF, 0xD7, 0xF7: return .boundary  // other ASCII and Latin-1 punctuation and symbols
        case 0x2000...0x20FF, 0x2190...0x245F, 0x2500...0x2BFF: return .boundary  // punctuation, arrows, shapes
        case 0x3001...0x3004, 0x3008...0x303F: return .boundary  // 、。〃 〈〉《》「」【】〔〕… (keeps 々〆〇)
        case 0xFE10...0xFE1F, 0xFE30...0xFE6F, 0xFF5F...0xFF65, 0xFFE0...0xFFEE: return .boundary
        default: return .word
        }
    }

    /// The runs of word characters in `text`, folded. Spaces join their neighbours, unless `spacesSplit`.
    static func segments(_ text: String, spacesSplit: Bool = false) -> [[UInt32]] {
        var out: [[UInt32]] = []
        var run: [UInt32] = []
        for s in text.unicodeScalars {
            let v = fold(s.value)
            let k = kind(v)
            if k == .word {
                run.append(v)
            } else if k == .boundary || spacesSplit {
                if !run.isEmpty { out.append(run); run = [] }
            }
        }
        if !run.isEmpty { out.append(run) }
        return out
    }

    /// The terms of a query: its runs of word characters, split at spaces too. Several terms mean AND.
    static func terms(_ query: String) -> [[UInt32]] {
        var terms: [[UInt32]] = []
        for t in segments(query, spacesSplit: true) where !terms.contains(t) { terms.append(t) }
        return terms
    }

    /// The query read as one phrase with its spaces dropped (`关银一 KEY 通` → `关银一key通`), when that differs from its
    /// single term; cases holding the phrase rank first.
    static func phrase(_ query: String) -> [UInt32]? {
        let s = segments(query)
        return s.count == 1 && terms(query).count > 1 ? s[0] : nil
    }

    /// The most n-grams one term looks up; longer terms use evenly spread trigrams (first and last included).
    static let maxGramsPerTerm = 6

    /// The index keys a term is looked up by: itself when it has one to three characters, else its trigrams.
    static func grams(_ term: [UInt32]) -> [[UInt32]] {
        if term.count <= 3 { return term.isEmpty ? [] : [term] }
        let all = (0...(term.count - 3)).map { Array(term[$0..<($0 + 3)]) }
        if all.count <= maxGramsPerTerm { return all }
        let m = maxGramsPerTerm - 1
        return (0...m).map { i in all[(2 * i * (all.count - 1) + m) / (2 * m)] }
    }

    /// FNV-1a over code points, high bits folded in; the shard of a key is `hash & (shards - 1)`.
    static func hash(_ key: [UInt32]) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for v in key { h = (h ^ v) &* 16_777_619 }
        return h ^ (h >> 16)
    }

    static func string(_ cps: [UInt32]) -> String {
        var s = String.UnicodeScalarView()
        for v in cps { if let u = Unicode.Scalar(v) { s.append(u) } }
        return String(s)
    }

    // MARK: - Keys packed into 64 bits (each code point + 1 in 21 bits, left-aligned), for a fast build.

    static func pack(_ a: UInt32, _ b: UInt32? = nil, _ c: UInt32? = nil) -> UInt64 {
        UInt64(a + 1) << 42 | UInt64(b.map { $0 + 1 } ?? 0) << 21 | UInt64(c.map { $0 + 1 } ?? 0)
    }

    static func unpack(_ k: UInt64) -> [UInt32] {
        [(k >> 42) & 0x1F_FFFF, (k >> 21) & 0x1F_FFFF, k & 0x1F_FFFF].filter { $0 != 0 }.map { UInt32($0) - 1 }
    }
}
