import CasebookCore
import Foundation

/// Places every case in one field of the taxonomy, and says why.
///
/// In order: an editor override; a field label printed in the source, mapped through the fields' aliases;
/// otherwise the keyword rule (weights are data in `Content/data/fields.json`):
/// score(field) = Σ weight(k) × [5×count(k in title) + 5×(k in the last 9 characters of the title)
///                + 0.5×min(count(k in body), 10) + 0.5×(len(k) ≥ 4)×min(count(k in body), 5)].
/// A second field is named when its score is within 20% of the first.
public struct CategoryAssigner: Sendable {
    public let fields: [Field]
    public let overrides: [String: CategoryOverride]

    public init(fields: [Field], overrides: [String: CategoryOverride]) {
        self.fields = fields
        self.overrides = overrides
    }

    /// The field a printed label names: `投资领域改革领域` → 投资管理.
    public func field(forLabel label: String) -> Field? {
        let bare = label.hasSuffix("领域") ? String(label.dropLast(2)) : label
        return fields.first { f in f.name == label || f.name == bare || f.aliases.contains(label) || f.aliases.contains(bare) }
    }

    public struct Score: Hashable, Sendable {
        public var field: String
        public var score: Double
        public var keywords: [String]
    }


    public func scores(title: String, body: String, using fields: [Field]? = nil) -> [Score] {
        let titleTail = ByteText(String(title.suffix(9)))
        let titleBytes = ByteText(title), bodyBytes = ByteText(body)
        return (fields ?? self.fields).map { f in
            var total = 0.0
            var hits: [(String, Double)] = []
            for (k, w) in f.keywords {
                let kb = Array(k.utf8)
                let t = Double(titleBytes.count(kb))
                let b = Double(bodyBytes.count(kb))
                let s = w * (5 * t + (titleTail.count(kb) > 0 ? 5 : 0) + 0.5 * min(b, 10) + (k.count >= 4 ? 0.5 * min(b, 5) : 0))
                if s > 0 { total += s; hits.append((k, s)) }
            }
            let keywords = hits.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map(\.0)
            return Score(field: f.name, score: total, keywords: keywords)
        }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.field < $1.field }
    }

    public func assign(_ c: Case) -> CategoryAssignment {
        if let o = overrides[c.id] {
            return CategoryAssignment(name: o.field, source: .editor, officialLabel: c.printedCategory, reason: o.reason)
        }
        if let label = c.printedCategory, let f = field(forLabel: label) {
            return CategoryAssignment(name: f.name, source: .official, officialLabel: label, reason: "印发文本将本案例列于“\(label)”之下")
        }
        return rule(title: c.title, body: c.bodyText, label: c.printedCategory)
    }

    public func rule(title: String, body: String, label: String? = nil, using fields: [Field]? = nil) -> CategoryAssignment {
        let ranked = scores(title: title, body: body, using: fields)
        guard let top = ranked.first, top.score > 0 else {
            return CategoryAssignment(name: "未分类", source: .rule, officialLabel: label, reason: "没有任何关键词命中")
        }
        var secondary: String?
        if ranked.count > 1, ranked[1].score > 0, ranked[1].score >= 0.8 * top.score { secondary = ranked[1].field }
        let shown = top.keywords.prefix(6).joined(separator: "、")
        var reason = "按关键词规则归类（得分 \(Self.format(top.score))）：\(shown)"
        if let s = secondary { reason += "；与“\(s)”（\(Self.format(ranked[1].score))）接近，建议人工复核" }
        if top.score < 6 { reason += "；得分偏低，建议人工复核" }
        return CategoryAssignment(name: top.field, source: .rule, officialLabel: label, reason: reason, secondary: secondary,
                                  matchedKeywords: Array(top.keywords.prefix(10)))
    }

    static func format(_ d: Double) -> String {
        d == d.rounded() ? String(Int(d)) : String(format: "%.1f", d)
    }
}
