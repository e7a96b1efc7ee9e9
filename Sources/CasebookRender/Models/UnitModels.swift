import CasebookCore
import CasebookTemplates

/// A unit as the site gathers it: every case that names it, with the role and the name as printed.
struct UnitGathering: Sendable {
    var code: String
    var name: String
    var known: Bool
    var entry: UnitEntry?
    /// (case, mention) in the catalog's order.
    var mentions: [(Case, UnitMention)]

    func count(_ role: UnitRole) -> Int { Set(mentions.filter { $0.1.role == role }.map(\.0.id)).count }
    var caseCount: Int { Set(mentions.map(\.0.id)).count }
}

/// A unit's page (`html/unit`): its cases by role and batch, with counts, and the names it is printed as.
struct UnitPageModel: SchemaModel {
    struct Former: SchemaModel {
        var name: String
        var successor: String
        var note: String
        static let schema = Schema<Self>([.value("name") { $0.name }, .value("successor") { $0.successor }, .value("note") { $0.note }])
    }

    struct RoleSection: SchemaModel {
        var role: String
        var label: String
        var count: Int
        var groups: [ListingModel.Group]
        static let schema = Schema<Self>([
            .value("role") { $0.role }, .value("label") { $0.label }, .value("count") { $0.count }, .list("groups") { $0.groups },
        ])
    }

    var name: String
    var known: Bool
    var note: String?
    var count: Int
    var printedAs: [String]
    var former: [Former]
    var counts: [ListingModel.AreaChip]
    var roles: [RoleSection]

    static let schema = Schema<Self>([
        .value("name") { $0.name }, .value("known") { $0.known }, .value("note") { $0.note }, .value("count") { $0.count },
        .value("printed_as") { $0.printedAs }, .list("former") { $0.former }, .list("counts") { $0.counts },
        .list("roles") { $0.roles },
    ])
    static let template = "html/unit"
}

/// The index of units (`html/units`): every unit with its cases by role.
struct UnitsIndexModel: SchemaModel {
    struct Row: SchemaModel {
        var name: String
        var url: String
        var count: Int
        var submitted: Int
        var leads: Int
        var replicates: Int
        var known: Bool
        static let schema = Schema<Self>([
            .value("name") { $0.name }, .value("url") { $0.url }, .value("count") { $0.count }, .value("submitted") { $0.submitted },
            .value("leads") { $0.leads }, .value("replicates") { $0.replicates }, .value("known") { $0.known },
        ])
    }

    var rows: [Row]
    var unknownCount: Int
    static let schema = Schema<Self>([.list("rows") { $0.rows }, .value("unknown_count") { $0.unknownCount }])
    static let template = "html/units"
}

/// A unit named on a case page: the printed name, linking to the unit's page; the reading as a title when it differs.
struct UnitLinkModel: SchemaModel {
    var printed: String
    var url: String
    var reading: String?
    var last: Bool
    static let schema = Schema<Self>([
        .value("printed") { $0.printed }, .value("url") { $0.url }, .value("reading") { $0.reading }, .value("last") { $0.last },
    ])
}

extension Catalog {
    /// Every unit any case names, by code, sorted by name.
    func gatherUnits() -> [UnitGathering] {
        let entries = Dictionary(input.reference.units.units.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var byCode: [String: UnitGathering] = [:]
        for b in batches {
            for c in b.cases {
                for m in c.units {
                    byCode[m.code, default: UnitGathering(code: m.code, name: m.name, known: m.known, entry: entries[m.code], mentions: [])].mentions.append((c, m))
                }
            }
        }
        return byCode.values.sorted { ($0.name, $0.code) < ($1.name, $1.code) }
    }

    func makeUnitPageModel(_ u: UnitGathering) -> UnitPageModel {
        let roles: [UnitPageModel.RoleSection] = UnitRole.allCases.compactMap { role in
            let cases = u.mentions.filter { $0.1.role == role }.map(\.0)
            guard !cases.isEmpty else { return nil }
            var seen = Set<String>()
            let unique = cases.filter { seen.insert($0.id).inserted }
            var byBatch: [String: [Case]] = [:]
            for c in unique { if let file = batchOf[c.id]?.file { byBatch[file, default: []].append(c) } }
            let groups = batches.compactMap { b -> ListingModel.Group? in
                guard let items = byBatch[b.file] else { return nil }
                return ListingModel.Group(title: b.label, count: items.count, items: items.map(makeCardModel))
            }
            return .init(role: role.rawValue, label: role.label, count: unique.count, groups: groups)
        }
        let printed = Set(u.mentions.map(\.1.printed)).subtracting([u.name]).sorted()
        return UnitPageModel(
            name: u.name, known: u.known, note: u.entry?.note, count: u.caseCount, printedAs: printed,
            former: (u.entry?.predecessors ?? []).map { .init(name: $0.name, successor: u.name, note: $0.note) },
            counts: UnitRole.allCases.map { ListingModel.AreaChip(name: $0.label, count: u.count($0), url: nil) },
            roles: roles)
    }

    func makeUnitsIndexModel(_ units: [UnitGathering]) -> UnitsIndexModel {
        let rows = units.sorted { ($1.caseCount, $0.name) < ($0.caseCount, $1.name) }.map { u in
            UnitsIndexModel.Row(name: u.name, url: Paths.unitPage(u.code), count: u.caseCount, submitted: u.count(.submitted),
                                leads: u.count(.leads), replicates: u.count(.replicates), known: u.known)
        }
        return UnitsIndexModel(rows: rows, unknownCount: units.filter { !$0.known }.count)
    }

    /// The links of one role's units on a case page.
    func makeUnitLinks(_ c: Case, _ role: UnitRole) -> [UnitLinkModel] {
        let ms = c.units.filter { $0.role == role }
        return ms.enumerated().map { i, m in
            UnitLinkModel(printed: m.printed, url: Paths.unitPage(m.code),
                          reading: m.known ? (m.reading.map { "\(m.name)：\($0)" } ?? (m.printed == m.name ? nil : m.name)) : "单位数据中尚无此名称，待编辑确认",
                          last: i == ms.count - 1)
        }
    }
}
