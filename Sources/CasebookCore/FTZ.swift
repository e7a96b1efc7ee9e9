/// A pilot free trade zone with its 片区 and the other names they go by.
public struct FTZ: Hashable, Sendable, Codable {
    /// ASCII name used in URLs (`guangxi`).
    public var code: String
    public var name: String
    public var short: String
    public var province: String?
    public var areas: [String]
    public var aliases: [String]
    public var areaAliases: [String: [String]]
    /// 片区 name → its ASCII name in URLs (`南宁片区` → `nanning`), unique within the FTZ.
    public var areaCodes: [String: String]
    public init(code: String, name: String, short: String, province: String? = nil, areas: [String], aliases: [String], areaAliases: [String: [String]] = [:],
                areaCodes: [String: String] = [:]) {
        self.code = code
        self.name = name
        self.short = short
        self.province = province
        self.areas = areas
        self.aliases = aliases
        self.areaAliases = areaAliases
        self.areaCodes = areaCodes
    }

    /// ASCII name of a 片区 in URLs, under its FTZ's (`nanning`: `zones/guangxi/nanning/index.html`); nil for a name
    /// that is not one of the FTZ's 片区.
    public func areaCode(_ area: String) -> String? {
        areas.contains(area) ? areaCodes[area] : nil
    }
}
