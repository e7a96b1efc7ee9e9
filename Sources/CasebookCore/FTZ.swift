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
    public init(code: String, name: String, short: String, province: String? = nil, areas: [String], aliases: [String], areaAliases: [String: [String]] = [:]) {
        self.code = code
        self.name = name
        self.short = short
        self.province = province
        self.areas = areas
        self.aliases = aliases
        self.areaAliases = areaAliases
    }

    /// ASCII name of a 片区 in URLs: the FTZ code and its place in `areas` (`guangxi-1`).
    public func areaCode(_ area: String) -> String? {
        areas.firstIndex(of: area).map { "\(code)-\($0 + 1)" }
    }
}
