import CasebookCore
import Foundation
import Yams

/// Reads `Content/data/`: zones.json, fields.json, category-overrides.yaml and units.yaml.
struct ReferenceLoader {

    struct ZonesFile: Decodable {
        struct Zone: Decodable {
            var code: String
            var name: String
            var short: String
            var province: String?
            var areas: [Area]
            var aliases: [String]?
            var area_aliases: [String: [String]]?
        }
        /// A 片区: `{"name": "南宁片区", "code": "nanning"}`. A bare name (the form before 片区 had codes) is read so that
        /// the check can say what is missing.
        struct Area: Decodable {
            var name: String
            var code: String?
            init(from decoder: any Decoder) throws {
                if let name = try? decoder.singleValueContainer().decode(String.self) {
                    self.name = name
                    return
                }
                enum Keys: String, CodingKey { case name, code }
                let c = try decoder.container(keyedBy: Keys.self)
                name = try c.decode(String.self, forKey: .name)
                code = try c.decodeIfPresent(String.self, forKey: .code)
            }
        }
        var ftz: [Zone]
    }

    struct FieldsFile: Decodable {
        struct F: Decodable {
            var code: String
            var name: String
            var aliases: [String]
            var keywords: [String: Double]
        }
        var fields: [F]
    }

    func load(content: String) throws -> ReferenceData {
        let dir = content + "/data"
        func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
            guard let data = try? readFile(dir + "/" + name) else {
                throw Diagnostic(.error, "reference.missing", args: ["path": "\(dir)/\(name)"])
            }
            do {
                return try JSONDecoder().decode(type, from: data)
            } catch {
                throw Diagnostic(.error, "reference.invalid", args: ["problem": "\(error)"], at: SourceLocation(file: "data/" + name, line: 1))
            }
        }
        let zones = try checkZones(decode(ZonesFile.self, "zones.json"))
        let fields = try decode(FieldsFile.self, "fields.json").fields.map {
            Field(code: $0.code, name: $0.name, aliases: $0.aliases, keywords: $0.keywords)
        }
        var overrides: [String: CategoryOverride] = [:]
        let overridesName = "category-overrides.yaml"
        if let data = try? readFile(dir + "/" + overridesName), let yaml = String(data: data, encoding: .utf8) {
            let node = try? Yams.load(yaml: yaml)
            guard let map = (node as? [String: Any]) ?? (node == nil ? [:] : nil) else {
                throw Diagnostic(.error, "reference.invalid", variant: "overrides", at: SourceLocation(file: "data/" + overridesName, line: 1))
            }
            let names = Set(fields.map(\.name))
            for (id, v) in map {
                guard let m = v as? [String: Any], let f = m["field"] as? String, names.contains(f) else {
                    throw Diagnostic(.error, "reference.invalid", variant: "override-field", args: ["id": "\(id)", "count": "\(names.count)"], at: SourceLocation(file: "data/" + overridesName, line: 1))
                }
                overrides[id] = CategoryOverride(field: f, reason: (m["reason"] as? String) ?? "editor's decision")
            }
        }
        let units = try loadUnits(dir + "/units.yaml")
        return ReferenceData(zones: zones, fields: fields, overrides: overrides, units: units,
                             searchEquivalents: try loadEquivalents(dir + "/search-equivalents.yaml"),
                             sectionMeanings: try loadMeanings(dir + "/section-meanings.yaml"))
    }

    /// The FTZs of zones.json, their codes checked: an FTZ's and each 片区's code name pages
    /// (`zones/<ftz>/index.html`, `zones/<ftz>/<片区>/index.html`), so each is lower-case ASCII, an FTZ's unique, a 片区's
    /// unique within its FTZ and never `page` (the folder of a listing's later pages).
    func checkZones(_ file: ZonesFile) throws -> [FTZ] {
        func invalid(_ problem: String) -> Diagnostic {
            Diagnostic(.error, "reference.invalid", variant: "zones", args: ["problem": problem], at: SourceLocation(file: "data/zones.json", line: 1))
        }
        var ftzCodes: [String: String] = [:]
        return try file.ftz.map { z in
            guard Self.isCode(z.code) else { throw invalid("the code of \(z.short) must be lower-case ASCII letters, digits and -, not \"\(z.code)\"") }
            if let other = ftzCodes[z.code] { throw invalid("\(other) and \(z.short) have the same code \(z.code)") }
            ftzCodes[z.code] = z.short
            var codes: [String: String] = [:], names: [String: String] = [:]
            for a in z.areas {
                guard let code = a.code else {
                    throw invalid("\(z.short) \(a.name) has no code; write it as {\"name\": \"\(a.name)\", \"code\": \"…\"} with the pinyin of the place (南宁片区 → nanning)")
                }
                guard Self.isCode(code), code != "page" else {
                    throw invalid("the code of \(z.short) \(a.name) must be lower-case ASCII letters, digits and - (and not page), not \"\(code)\"")
                }
                if let other = codes[code] { throw invalid("\(z.short) \(other) and \(a.name) have the same code \(code)") }
                if names[a.name] != nil { throw invalid("\(z.short) lists \(a.name) twice") }
                codes[code] = a.name
                names[a.name] = code
            }
            return FTZ(code: z.code, name: z.name, short: z.short, province: z.province, areas: z.areas.map(\.name), aliases: z.aliases ?? [],
                       areaAliases: z.area_aliases ?? [:], areaCodes: names)
        }
    }

    /// A name in URLs: lower-case ASCII letters, digits and `-`, not empty.
    static func isCode(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
    }

    /// `section-meanings.yaml` (optional): `meanings: [{name, words: [...]}]`.
    func loadMeanings(_ path: String) throws -> [(name: String, words: [String])] {
        guard let data = try? readFile(path), let yaml = String(data: data, encoding: .utf8) else { return [] }
        let invalid = Diagnostic(.error, "reference.invalid", variant: "meanings", at: SourceLocation(file: "data/section-meanings.yaml", line: 1))
        guard let list = (try? Yams.load(yaml: yaml) as? [String: Any])?["meanings"] as? [[String: Any]] else { throw invalid }
        return try list.map { m in
            guard let name = m["name"] as? String, let words = m["words"] as? [String], !words.isEmpty else { throw invalid }
            return (name, words)
        }
    }

    /// `search-equivalents.yaml` (optional): `groups: [[name, …], …]`, two names or more each, a name in one group only.
    func loadEquivalents(_ path: String) throws -> [[String]] {
        guard let data = try? readFile(path), let yaml = String(data: data, encoding: .utf8) else { return [] }
        func invalid(_ problem: String) -> Diagnostic {
            Diagnostic(.error, "reference.invalid", variant: "equivalents", args: ["problem": problem],
                       at: SourceLocation(file: "data/search-equivalents.yaml", line: 1))
        }
        let node: Any?
        do { node = try Yams.load(yaml: yaml) } catch { throw invalid("\(error)") }
        guard let groups = (node as? [String: Any])?["groups"] as? [[Any]] else { throw invalid("expected `groups:`, a list of lists of names") }
        var seen = Set<String>()
        return try groups.map { g in
            let names = g.map { "\($0)" }
            guard names.count >= 2 else { throw invalid("a group needs two names or more: \(names)") }
            for n in names where !seen.insert(n).inserted { throw invalid("\(n) is in two groups") }
            return names
        }
    }

    /// `units.yaml` (optional): `context_prefixes: {FTZ: [prefix]}` and `units: [{name, code?, aliases?, predecessors?: [{name, note}], note?}]`.
    /// A name may belong to one unit only, and a code to one unit.
    func loadUnits(_ path: String) throws -> UnitDirectory {
        guard let data = try? readFile(path), let yaml = String(data: data, encoding: .utf8) else { return UnitDirectory() }
        func invalid(_ problem: String) -> Diagnostic {
            Diagnostic(.error, "reference.invalid", variant: "units", args: ["problem": problem], at: SourceLocation(file: "data/units.yaml", line: 1))
        }
        let node: Any?
        do { node = try Yams.load(yaml: yaml) } catch { throw invalid("\(error)") }
        guard let root = node as? [String: Any] else { throw invalid("expected a mapping with `units:`") }
        var prefixes: [String: [String]] = [:]
        if let p = root["context_prefixes"] {
            guard let m = p as? [String: Any] else { throw invalid("`context_prefixes` must map an FTZ to prefixes") }
            for (k, v) in m {
                guard let list = v as? [String] else { throw invalid("`context_prefixes.\(k)` must be a list of prefixes") }
                prefixes[k] = list
            }
        }
        guard let list = root["units"] as? [[String: Any]] else { throw invalid("`units:` must be a list of units") }
        var units: [UnitEntry] = []
        var owner: [String: String] = [:]
        var codes: [String: String] = [:]
        for (i, u) in list.enumerated() {
            guard let name = u["name"] as? String, !name.isEmpty else { throw invalid("unit \(i + 1) has no `name`") }
            let aliases = (u["aliases"] as? [String]) ?? []
            var predecessors: [UnitEntry.Predecessor] = []
            for p in (u["predecessors"] as? [[String: Any]]) ?? [] {
                guard let n = p["name"] as? String, let note = p["note"] as? String, !note.isEmpty else {
                    throw invalid("a predecessor of \(name) needs `name` and `note` (the source of the renaming)")
                }
                predecessors.append(.init(name: n, note: note))
            }
            let code = (u["code"] as? String) ?? UnitEntry.code(for: name)
            guard Self.isCode(code) else {
                throw invalid("the code of \(name) must be lower-case ASCII letters, digits and -")
            }
            if let other = codes[code] { throw invalid("\(name) and \(other) have the same code \(code)") }
            codes[code] = name
            for n in [name] + aliases + predecessors.map(\.name) {
                if let other = owner[n] { throw invalid("the name \(n) belongs to \(other) and to \(name)") }
                owner[n] = name
            }
            units.append(UnitEntry(code: code, name: name, aliases: aliases, predecessors: predecessors, note: u["note"] as? String))
        }
        return UnitDirectory(units: units, contextPrefixes: prefixes)
    }

    func readFile(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
}
