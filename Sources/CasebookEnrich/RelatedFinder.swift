import CasebookCore
import Foundation

/// One pair of similar cases (in case order) and its cosine.
public struct SimilarPair: Codable, Equatable, Sendable {
    public var a: String
    public var b: String
    public var score: Double
}

/// Similar pairs kept between builds: the pairs of an earlier build whose input was the same bytes, else those
/// `compute` finds (and keeps for the next build).
public protocol SimilarPairsMemo: Sendable {
    func pairs(input: [UInt8], compute: () -> [SimilarPair]) -> [SimilarPair]
}

/// Links cases that describe the same or a closely similar innovation in other documents (batches or levels).
///
/// Similarity is the cosine of character-bigram vectors, weighted by inverse document frequency, of the
/// title (counted three times) and the summary. Pairs inside one document are not linked: those are
/// different results of the same batch. The threshold was chosen by reading the pairs (printed by
/// `EnrichTests.testRelatedPairsAcrossBatches`): on the seed texts the two pairs above 0.18 are the same
/// reform twice (集装箱“全生命周期”管理服务, 0.35) and two versions of one idea (共享盾 / 关银一KEY通: one
/// key for customs and bank, 0.20); the next (跨境人民币, 0.16) shares a domain, not an innovation.
public struct RelatedFinder: Sendable {
    public var threshold: Double
    public var maxPerCase: Int

    /// Pairs below this similarity are not even reported for reading: they share vocabulary, not an idea.
    static let reportFloor = 0.1
    /// A bigram in at most this share of the cases (and at most `rareMaxCases`, at least `rareMinCases`) is rare
    /// enough to propose a candidate pair; common ones cannot lift a pair to the threshold on their own.
    static let rareShare = 0.05
    static let rareMaxCases = 50.0
    static let rareMinCases = 2.0

    public init(threshold: Double = 0.18, maxPerCase: Int = 5) {
        self.threshold = threshold
        self.maxPerCase = maxPerCase
    }

    /// A character as a number: its scalar for a one-scalar character (every Han character, letter and digit of these
    /// texts), else a number above the scalars made from its scalars (the same in every run). Two numbers compare as
    /// the two one-scalar characters do, so bigram keys sort as their texts would.
    static func code(_ ch: Character) -> UInt64 {
        let scalars = ch.unicodeScalars
        if scalars.count == 1, let s = scalars.first { return UInt64(s.value) }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a over the scalars
        for s in scalars { h = (h ^ UInt64(s.value)) &* 0x100_0000_01b3 }
        return 0x11_0000 + (h & 0x7fff_ffff)
    }

    /// The character bigrams of the letters and digits of `s`, each as one number (first character's code in the
    /// high half), and how often each occurs.
    static func bigrams(_ s: String) -> [UInt64: Double] {
        var v: [UInt64: Double] = [:]
        var previous: UInt64?
        for ch in s where ch.isLetter || ch.isNumber {
            let c = code(ch)
            if let p = previous { v[p << 32 | c, default: 0] += 1 }
            previous = c
        }
        return v
    }

    func text(_ c: Case) -> String {
        let t = c.title
        return [t, t, t, c.summary ?? ""].joined(separator: "\n")
    }

    /// Everything `pairs` reads, as bytes: each case's id, document and text, in case order. Equal bytes give equal
    /// pairs (with the same code: a memo keys them by the tool's identity too). A change to a case's body outside its
    /// summary leaves them as they were.
    public func input(_ cases: [Case]) -> [UInt8] {
        var out: [UInt8] = []
        for c in cases {
            for part in [c.id, c.source.file, text(c)] {
                withUnsafeBytes(of: UInt64(part.utf8.count).littleEndian) { out += $0 }
                out += part.utf8
            }
        }
        return out
    }

    /// Similarity of cross-document pairs above 0.1, best first. Candidates are the pairs that share a
    /// bigram found in at most 5% of the cases (and at most 50 cases); their cosine is then computed exactly
    /// over all bigrams. Pairs sharing only common bigrams score far below any useful threshold.
    public func pairs(_ cases: [Case]) -> [SimilarPair] {
        var vocabulary: [UInt64: Int] = [:]
        // Each case's bigrams on every core; then term ids in case order, the same in every run. Each case's terms as
        // (id, tf) pairs, each bigram once: a dictionary per case was a few hundred megabytes at 100k cases.
        var raw: [[(Int, Double)]] = Parallel.map(cases) { c in
            Self.bigrams(text(c)).sorted(by: { $0.key < $1.key }).map { (Int(truncatingIfNeeded: $0.key), Double($0.value)) }
        }
        for i in raw.indices {
            // In a fixed order, so that term ids, and with them every sum below, are the same in every run.
            for j in raw[i].indices {
                let k = UInt64(truncatingIfNeeded: raw[i][j].0)
                raw[i][j].0 = vocabulary[k] ?? { let n = vocabulary.count; vocabulary[k] = n; return n }()
            }
        }
        let terms = vocabulary.count
        vocabulary = [:]
        var df = [Double](repeating: 0, count: terms)
        for v in raw { for (k, _) in v { df[k] += 1 } }
        let n = Double(cases.count)
        // Sparse unit vectors sorted by term id.
        var unit: [[(Int, Double)]] = []
        unit.reserveCapacity(raw.count)
        for i in raw.indices {
            var w = raw[i].map { ($0.0, (1 + log($0.1)) * log(1 + n / df[$0.0])) }.sorted { $0.0 < $1.0 }
            raw[i] = []
            let norm = sqrt(w.reduce(0) { $0 + $1.1 * $1.1 })
            if norm > 0 { w = w.map { ($0.0, $0.1 / norm) } }
            unit.append(w)
        }
        let vectors = unit
        let rareLimit = max(Self.rareMinCases, min(Self.rareMaxCases, Self.rareShare * n))
        var postings = [[Int]](repeating: [], count: terms)
        for (i, v) in vectors.enumerated() { for (t, _) in v where df[t] <= rareLimit { postings[t].append(i) } }
        @Sendable func cosine(_ a: [(Int, Double)], _ b: [(Int, Double)]) -> Double {
            var i = 0, j = 0, dot = 0.0
            while i < a.count && j < b.count {
                if a[i].0 == b[j].0 { dot += a[i].1 * b[j].1; i += 1; j += 1 } else if a[i].0 < b[j].0 { i += 1 } else { j += 1 }
            }
            return dot
        }
        // Each case's pairs with the cases after it, on every core; the lists in case order.
        let (frequency, posted) = (df, postings)
        let found = Parallel.map(Array(cases.indices)) { i -> [SimilarPair] in
            var candidates = Set<Int>()
            for (t, _) in vectors[i] where frequency[t] <= rareLimit {
                for j in posted[t] where j > i && cases[j].source.file != cases[i].source.file { candidates.insert(j) }
            }
            var pairs: [SimilarPair] = []
            for j in candidates {
                let dot = cosine(vectors[i], vectors[j])
                if dot > Self.reportFloor { pairs.append(SimilarPair(a: cases[i].id, b: cases[j].id, score: dot)) }
            }
            return pairs
        }
        let out = found.flatMap { $0 }
        return out.sorted { $0.score != $1.score ? $0.score > $1.score : ($0.a, $0.b) < ($1.a, $1.b) }
    }

    public func link(_ cases: [Case], pairs known: [SimilarPair]? = nil) -> [Case] {
        var related: [String: [(String, Double)]] = [:]
        for p in known ?? pairs(cases) where p.score >= threshold {
            related[p.a, default: []].append((p.b, p.score))
            related[p.b, default: []].append((p.a, p.score))
        }
        return cases.map { c in
            var c = c
            c.related = (related[c.id] ?? []).sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(maxPerCase).map(\.0)
            return c
        }
    }
}
