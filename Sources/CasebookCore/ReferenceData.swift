/// What the pipeline resolves against: zones, fields, editor overrides, units.
public struct ReferenceData: Hashable, Sendable {
    public var zones: [FTZ]
    public var fields: [Field]
    public var overrides: [String: CategoryOverride]
    /// `units.yaml`: the units cases name, their other names and predecessors.
    public var units: UnitDirectory
    /// `search-equivalents.yaml`: groups of names that mean the same (an abbreviation and its full forms).
    public var searchEquivalents: [[String]]
    public init(zones: [FTZ], fields: [Field], overrides: [String: CategoryOverride], units: UnitDirectory = UnitDirectory(),
                searchEquivalents: [[String]] = []) {
        self.zones = zones
        self.fields = fields
        self.overrides = overrides
        self.units = units
        self.searchEquivalents = searchEquivalents
    }
}
