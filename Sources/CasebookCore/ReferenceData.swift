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

/// A field of the taxonomy: printed labels that map to it, and weighted keywords for the rule.
public struct Field: Hashable, Sendable, Codable {
    /// ASCII name used in URLs (`customs`).
    public var code: String
    public var name: String
    public var aliases: [String]
    public var fallback: String?
    public var keywords: [String: Double]
    public init(code: String, name: String, aliases: [String], fallback: String?, keywords: [String: Double]) {
        self.code = code
        self.name = name
        self.aliases = aliases
        self.fallback = fallback
        self.keywords = keywords
    }
}

public struct CategoryOverride: Hashable, Sendable, Codable {
    public var field: String
    public var reason: String
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}

/// What the pipeline resolves against: zones, fields, editor overrides.
public struct ReferenceData: Hashable, Sendable {
    public var zones: [FTZ]
    public var fields: [Field]
    public var overrides: [String: CategoryOverride]
    public init(zones: [FTZ], fields: [Field], overrides: [String: CategoryOverride]) {
        self.zones = zones
        self.fields = fields
        self.overrides = overrides
    }
}
