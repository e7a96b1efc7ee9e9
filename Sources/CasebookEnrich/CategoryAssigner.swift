import CasebookCore
import Foundation

/// Places every case in one field of the taxonomy, and says why.
///
/// In order: an editor override; a field label printed in the source, mapped through the fields' aliases;
/// otherwise the rule, which adds two kinds of evidence:
/// - keywords (data in `Content/data/fields.json`), weighted by where they stand: the title's head noun (the
///   phrase the title ends on once generic words such as 新模式, 改革, 机制 are set aside) counts most, the rest of
///   the title next, the body least (capped, so a long text does not outvote its title). A keyword with a negative
///   weight is negative evidence: a metaphorical use (新生态, 生态圈 are not about the environment) cancels the
///   literal one it contains;
/// - terms learned from the cases that carry a printed field: a two-character term found in the titles of at
///   least two cases of one field and in no title of another field is evidence for that field.
/// The runner-up is named when its score is close.
public struct CategoryAssigner: Sendable {
    public let fields: [Field]
    public let overrides: [String: CategoryOverride]
    /// Field → learned term → weight, from the training cases.
    public let learned: [String: [String: Double]]
    /// The same, each field's terms in order (scoring a case walks them; sorting them per case and field was most of
    /// the scoring's string comparisons).
    let learnedInOrder: [String: [(term: String, share: Double)]]
    /// The fields' keywords, prepared for counting in one pass over a text.
    let index: KeywordIndex

    /// Every keyword of the fields in one automaton, and per field its keywords with the longer keywords of the same
    /// field that contain them (with how often), so that an occurrence inside a longer keyword counts once, as the
    /// longer one.
    struct KeywordIndex: Sendable {
        struct Keyword: Sendable {
            var keyword: String
            var weight: Double
            var index: Int
            var within: [(index: Int, times: Int)]
            var isLong: Bool

            func count(_ counts: [Int]) -> Double {
                Double(max(0, counts[index] - within.reduce(0) { $0 + counts[$1.index] * $1.times }))
            }
        }

        let automaton: KeywordAutomaton
        /// Field name → its keywords, in a fixed order (so that sums, and with them ties, are the same in every run).
        let byField: [String: [Keyword]]

        init(_ fields: [Field]) {
            let all = Array(Set(fields.flatMap(\.keywords.keys))).sorted()
            let number = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1, $0) })
            automaton = KeywordAutomaton(all.map { Array($0.utf8) })
            var byField: [String: [Keyword]] = [:]
            for f in fields {
                let keys = f.keywords.keys.sorted()
                byField[f.name] = keys.map { k in
                    let within = keys.filter { $0 != k && $0.contains(k) }.map { longer in (number[longer]!, ByteText(longer).count(k)) }
                    return Keyword(keyword: k, weight: f.keywords[k]!, index: number[k]!, within: within, isLong: k.count >= Weight.longKeywordLength)
                }
            }
            self.byField = byField
        }
    }

    /// Where a keyword stands and what that is worth (× its weight).
    enum Weight {
        /// In the title's head noun: the title says what the case *is*.
        static let head = 12.0
        /// Elsewhere in the title: a modifier (`西部陆海新通道（广西）…金融服务平台` is a platform, on a corridor).
        static let title = 5.0
        /// Per occurrence in the body, up to `bodyCap` occurrences: the body confirms, it does not decide.
        static let body = 0.5
        static let bodyCap = 10.0
        /// Long keywords (4+ characters) are specific: their body occurrences count again, up to `longBodyCap`.
        static let longKeywordLength = 4
        static let longBodyCap = 5.0
        /// All body evidence for one field together: a long text full of a field's vocabulary does not outvote
        /// what its title says it is.
        static let bodyTotalCap = 15.0
        /// A learned term found in the case's title, by the share of its field's printed titles that have it…
        static let learnedTerm = 4.0
        /// …and all learned evidence for one field together: it breaks ties where the keywords say little, and
        /// cannot outvote a keyword in the title.
        static let learnedTotalCap = 8.0
    }

    /// A learned term must come from at least this many training cases, so no case teaches the rule alone…
    static let learnedMinCases = 2
    /// …and from at least this share of its field's printed cases, while appearing in at most `learnedMaxOtherShare`
    /// of the other fields' printed cases: a term typical of one field, not of the texts in general.
    static let learnedMinShare = 0.5
    static let learnedMaxOtherShare = 0.1
    /// The runner-up is named (and review suggested) when its score is within this ratio of the winner's.
    static let closeRatio = 0.8
    /// Below this score the evidence is thin (about one keyword once in the title): review suggested.
    static let lowScore = 6.0
    /// A title's head noun is at most this many characters: the phrase it ends on.
    static let headMaxLength = 8
    /// Words a title ends on that say nothing about the field.
    static let genericEndings = ["系统集成改革", "改革创新试点", "创新发展", "改革模式", "新模式", "新机制", "新路径", "模式", "机制", "改革",
                                 "创新", "试点", "优化", "服务", "体系", "计划", "建设", "新", "探索", "实践", "发展", "深化"]

    /// The learned terms as bytes that change whenever they do (fields and terms in order, weights bit for bit).
    public func learnedIdentity() -> [UInt8] {
        var out: [UInt8] = []
        for (field, terms) in learned.sorted(by: { $0.key < $1.key }) {
            out += Array(field.utf8) + [0]
            for (term, weight) in terms.sorted(by: { $0.key < $1.key }) {
                out += Array(term.utf8) + [0]
                withUnsafeBytes(of: weight.bitPattern.littleEndian) { out += $0 }
            }
            out.append(1)
        }
        return out
    }

    public init(fields: [Field], overrides: [String: CategoryOverride], training: [Case] = []) {
        self.fields = fields
        self.overrides = overrides
        var labelled: [(field: String, text: String)] = []
        for c in training {
            if let label = c.printedCategory, let f = Self.field(forLabel: label, in: fields) { labelled.append((f.name, c.title)) }
        }
        learned = Self.learn(labelled)
        learnedInOrder = learned.mapValues { terms in terms.sorted { $0.key < $1.key }.map { (term: $0.key, share: $0.value) } }
        index = KeywordIndex(fields)
    }

    /// The field a printed label names: `投资领域改革领域` → 投资管理.
    public func field(forLabel label: String) -> Field? { Self.field(forLabel: label, in: fields) }

    static func field(forLabel label: String, in fields: [Field]) -> Field? {
        let bare = label.hasSuffix("领域") ? String(label.dropLast(2)) : label
        return fields.first { f in f.name == label || f.name == bare || f.aliases.contains(label) || f.aliases.contains(bare) }
    }

    /// Two-character terms typical of the titles of each field's printed cases: found in at least half of them
    /// (and two), in at most a tenth of the other printed titles, and not part of a generic ending (改革模式).
    static func learn(_ labelled: [(field: String, text: String)]) -> [String: [String: Double]] {
        var casesWith: [String: [String: Int]] = [:]  // term → field → number of cases
        var casesOf: [String: Int] = [:]
        for (field, text) in labelled {
            casesOf[field, default: 0] += 1
            for t in Set(bigrams(text)) { casesWith[t, default: [:]][field, default: 0] += 1 }
        }
        var out: [String: [String: Double]] = [:]
        let generic = Set(genericEndings.flatMap(bigrams))
        for (term, byField) in casesWith where !generic.contains(term) {
            for (field, n) in byField where n >= learnedMinCases && Double(n) >= learnedMinShare * Double(casesOf[field]!) {
                let others = labelled.count - casesOf[field]!
                let elsewhere = byField.filter { $0.key != field }.values.reduce(0, +)
                if others > 0 && Double(elsewhere) <= learnedMaxOtherShare * Double(others) { out[field, default: [:]][term] = Double(n) / Double(casesOf[field]!) }
            }
        }
        return out
    }

    /// Han character pairs of a text (terms need no dictionary).
    static func bigrams(_ s: String) -> [String] {
        let chars = Array(s)
        guard chars.count > 1 else { return [] }
        return (0..<(chars.count - 1)).compactMap { i in
            chars[i].isHan && chars[i + 1].isHan ? String(chars[i...i + 1]) : nil
        }
    }

    /// The phrase a title ends on, generic endings set aside: `“产业+安置”综合征地安置新模式` → 综合征地安置;
    /// at most `headMaxLength` characters, or that much of each side of a coordination with `+`.
    static func headNoun(of title: String) -> String {
        var t = title
        var stripped = true
        while stripped {
            stripped = false
            t = t.trimmingCharacters(in: .whitespaces)
            for e in genericEndings where t.hasSuffix(e) && t.count > e.count + 1 {
                t = String(t.dropLast(e.count))
                stripped = true
                break
            }
        }
        // A title ending on a quoted name (`企业登记业务“智能表单”`) is about what the quotes name.
        if let close = t.last, "”」".contains(close), let open = t.dropLast().lastIndex(where: { "“「".contains($0) }) {
            t = String(t[t.index(after: open)..<t.index(before: t.endIndex)])
        }
        let delimiters: Set<Character> = ["”", "“", "」", "）", ")", "、", " ", "的"]
        var head = Substring(t)
        if let cut = t.lastIndex(where: { delimiters.contains($0) }), t.index(after: cut) < t.endIndex { head = t[t.index(after: cut)...] }
        // `政务服务跨省通办+金融服务深度融合`: a coordination has two heads.
        return head.split(whereSeparator: { $0 == "+" || $0 == "＋" }).map { String($0.suffix(headMaxLength)) }.joined(separator: "+")
    }

    public struct Score: Hashable, Sendable {
        public var field: String
        public var score: Double
        /// Keywords and learned terms that added to the score, strongest first.
        public var keywords: [String]
        /// Keywords that counted against the field (metaphorical uses).
        public var against: [String]
    }

    public func scores(title: String, body: String, using fields: [Field]? = nil) -> [Score] {
        let index = fields.map(KeywordIndex.init) ?? self.index
        let inHead = index.automaton.counts(Array(Self.headNoun(of: title).utf8))
        let inTitle = index.automaton.counts(Array(title.utf8)), inBody = index.automaton.counts(Array(body.utf8))
        let terms = Set(Self.bigrams(title))
        return (fields ?? self.fields).map { f in
            var titleScore = 0.0, bodyScore = 0.0
            var hits: [(String, Double)] = []
            var against: [String] = []
            // A keyword inside a longer keyword of the same field counts once, as the longer one (陆海新通道, not
            // also 通道); so a metaphor listed with a negative weight (新生态) takes its literal part (生态) away.
            for k in index.byField[f.name] ?? [] {
                let h = k.count(inHead), ti = k.count(inTitle), b = k.count(inBody)
                let t = k.weight * (Weight.head * h + Weight.title * max(0, ti - h))
                let bs = k.weight * (Weight.body * min(b, Weight.bodyCap) + (k.isLong ? Weight.body * min(b, Weight.longBodyCap) : 0))
                titleScore += t
                bodyScore += bs
                if t + bs > 0 { hits.append((k.keyword, t + bs)) } else if t + bs < 0 { against.append(k.keyword) }
            }
            var learnedScore = 0.0
            for (term, share) in learnedInOrder[f.name] ?? [] where terms.contains(term) {
                learnedScore += Weight.learnedTerm * share
                hits.append(("\(term)（习得）", Weight.learnedTerm * share))
            }
            let total = titleScore + min(bodyScore, Weight.bodyTotalCap) + min(learnedScore, Weight.learnedTotalCap)
            let keywords = hits.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map(\.0)
            return Score(field: f.name, score: max(total, 0), keywords: keywords, against: against.sorted())
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
        if ranked.count > 1, ranked[1].score > 0, ranked[1].score >= Self.closeRatio * top.score { secondary = ranked[1].field }
        let shown = top.keywords.prefix(6).joined(separator: "、")
        var reason = "按关键词规则归类（得分 \(Self.format(top.score))）：\(shown)"
        if !top.against.isEmpty { reason += "；已排除比喻用法：\(top.against.joined(separator: "、"))" }
        if let s = secondary { reason += "；与“\(s)”（\(Self.format(ranked[1].score))）接近，建议人工复核" }
        if top.score < Self.lowScore { reason += "；得分偏低，建议人工复核" }
        return CategoryAssignment(name: top.field, source: .rule, officialLabel: label, reason: reason, secondary: secondary,
                                  matchedKeywords: Array(top.keywords.prefix(10)))
    }

    static func format(_ d: Double) -> String {
        d == d.rounded() ? String(Int(d)) : String(format: "%.1f", d)
    }
}
