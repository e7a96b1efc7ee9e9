import CasebookCore
import Foundation

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

    public init(threshold: Double = 0.18, maxPerCase: Int = 5) {
        self.threshold = threshold
        self.maxPerCase = maxPerCase
    }

    static func bigrams(_ s: String) -> [String: Double] {
        let chars = Array(s.filter { $0.isLetter || $0.isNumber })
        var v: [String: Double] = [:]
        guard chars.count > 1 else { return v }
        for i in 0..<(chars.count - 1) { v[String(chars[i...i + 1]), default: 0] += 1 }
        return v
    }

    func text(_ c: Case) -> String {
        let t = c.title
        return [t, t, t, c.summary ?? ""].joined(separator: "\n")
    }

    /// Similarity of every cross-document pair, best first.
    public func pairs(_ cases: [Case]) -> [(a: String, b: String, score: Double)] {
        let raw = cases.map { Self.bigrams(text($0)) }
        var df: [String: Double] = [:]
        for v in raw { for k in v.keys { df[k, default: 0] += 1 } }
        let n = Double(cases.count)
        let vectors: [[String: Double]] = raw.map { v in
            var w: [String: Double] = [:]
            for (k, tf) in v { w[k] = (1 + log(tf)) * log(1 + n / (df[k] ?? 1)) }
            let norm = sqrt(w.values.reduce(0) { $0 + $1 * $1 })
            if norm > 0 { for k in w.keys { w[k]! /= norm } }
            return w
        }
        var out: [(String, String, Double)] = []
        for i in cases.indices {
            for j in cases.indices where j > i && cases[j].source.file != cases[i].source.file {
                let (small, large) = vectors[i].count < vectors[j].count ? (vectors[i], vectors[j]) : (vectors[j], vectors[i])
                var dot = 0.0
                for (k, w) in small { if let x = large[k] { dot += w * x } }
                if dot > 0.1 { out.append((cases[i].id, cases[j].id, dot)) }
            }
        }
        return out.sorted { $0.2 != $1.2 ? $0.2 > $1.2 : ($0.0, $0.1) < ($1.0, $1.1) }
    }

    public func link(_ cases: [Case]) -> [Case] {
        var related: [String: [(String, Double)]] = [:]
        for p in pairs(cases) where p.score >= threshold {
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
