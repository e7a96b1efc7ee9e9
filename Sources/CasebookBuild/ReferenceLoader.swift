import CasebookCore
import Foundation
import Yams

/// Reads `Content/data/`: zones.json, fields.json and category-overrides.yaml.
struct ReferenceLoader {

    struct ZonesFile: Decodable {
        struct Zone: Decodable {
            var code: String
            var name: String
            var short: String
            var province: String?
            var areas: [String]
            var aliases: [String]?
            var area_aliases: [String: [String]]?
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
        let zones = try decode(ZonesFile.self, "zones.json").ftz.map {
            FTZ(code: $0.code, name: $0.name, short: $0.short, province: $0.province, areas: $0.areas, aliases: $0.aliases ?? [], areaAliases: $0.area_aliases ?? [:])
        }
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
        return ReferenceData(zones: zones, fields: fields, overrides: overrides)
    }

    func readFile(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
}
