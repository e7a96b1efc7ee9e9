import CasebookCore
import CasebookTemplates

/// A case as an item of a list (`partials/card`): listings, related cases.
struct CardModel: SchemaModel {
    var id: String
    var title: String
    var url: String
    var label: String
    var kind: String
    /// `广西·南宁片区、广西·钦州港片区`.
    var zones: String
    var field: String?
    var fieldOfficial: Bool
    var summary: String?

    static let schema = Schema<Self>([
        .value("id") { $0.id }, .value("title") { $0.title }, .value("url") { $0.url }, .value("label") { $0.label },
        .value("kind") { $0.kind }, .value("zones") { $0.zones }, .value("field") { $0.field },
        .value("field_official") { $0.fieldOfficial }, .value("summary") { $0.summary },
    ])

    /// Summaries longer than this are cut (with “…”) so that a list stays a list.
    static let summaryLimit = 90

    /// A summary cut to `summaryLimit` characters (the last one `…`). One of no more code points than the limit has no
    /// more characters either: its characters (grapheme clusters, slow to count) are not counted.
    static func shortened(_ s: String) -> String {
        s.unicodeScalars.count > summaryLimit && s.count > summaryLimit ? String(s.prefix(summaryLimit - 2)) + "…" : s
    }
}

extension Catalog {
    /// A case's card, made once per case for the whole build (a case is shown in its batch, zone, field, kind and unit
    /// listings, their filter data, and beside related cases); an edited copy of a case gets a card of its own.
    func makeCardModel(_ c: Case) -> CardModel {
        guard let memo = identities(cards, for: c) else { return buildCardModel(c) }
        return memo.value(c.id) { buildCardModel(c) }
    }

    private func buildCardModel(_ c: Case) -> CardModel {
        CardModel(id: c.id, title: c.title, url: Paths.casePage(c.id), label: citationLabel(c), kind: c.kind.rawValue,
                  zones: c.zones.map { z in z.area.map { "\(z.ftz)·\($0)" } ?? z.ftz }.joined(separator: "、"),
                  field: c.category?.name, fieldOfficial: c.category?.source == .official,
                  summary: c.summary.map { CardModel.shortened($0) })
    }
}

/// An FTZ and 片区 with links: `广西 › 南宁片区` (case pages and handbooks).
struct ZoneLinkModel: SchemaModel {
    var ftz: String
    var ftzURL: String?
    var area: String?
    var areaURL: String?

    static let schema = Schema<Self>([
        .value("ftz") { $0.ftz }, .value("ftz_url") { $0.ftzURL }, .value("area") { $0.area }, .value("area_url") { $0.areaURL },
    ])
}

extension Catalog {
    func makeZoneLinkModels(_ c: Case) -> [ZoneLinkModel] {
        c.zones.map { z in
            var m = ZoneLinkModel(ftz: z.ftz)
            if let f = ftz(z.ftz) {
                m.ftzURL = Paths.ftzPage(f.code)
                if let a = z.area, let code = f.areaCode(a) {
                    m.area = a
                    m.areaURL = Paths.areaPage(ftz: f.code, area: code)
                }
            }
            return m
        }
    }

    /// Units, scope and authors as printed, as label–value rows (case pages and handbooks).
    /// The units of 报送单位, 牵头改革部门 and 复制推广责任单位 link to their unit pages.
    func makeUnitRows(_ c: Case) -> [LabelValueModel] {
        let rows: [(String, String?, UnitRole?)] = [
            ("提供单位", c.providers.isEmpty ? nil : c.providers.joined(separator: "、"), nil),
            ("报送单位", c.submitters.isEmpty ? nil : c.submitters.joined(separator: "、"), .submitted),
            ("牵头改革部门", c.leadUnits.isEmpty ? nil : c.leadUnits.joined(separator: "、"), .leads),
            ("复制推广责任单位", c.responsibleUnits.isEmpty ? nil : c.responsibleUnits.joined(separator: "、"), .replicates),
            ("推广范围", c.scope, nil),
            ("作者", c.authors.isEmpty ? nil : c.authors.joined(separator: "、"), nil),
        ]
        return rows.compactMap { label, value, role in
            value.map { LabelValueModel(label: label, value: $0, links: role.map { makeUnitLinks(c, $0) } ?? []) }
        }
    }
}

/// A labelled fact: `报送单位 — 南宁片区管委会`.
struct LabelValueModel: SchemaModel {
    var label: String
    var value: String
    /// The value's units, each linking to its page (empty for other facts).
    var links: [UnitLinkModel] = []
    static let schema = Schema<Self>([.value("label") { $0.label }, .value("value") { $0.value }, .list("links") { $0.links }])
}
