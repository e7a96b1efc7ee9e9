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
