/// A pilot zone reference: an FTZ (short name, e.g. 广西) and optionally one of its 片区.
public struct ZoneRef: Hashable, Sendable, Codable, Comparable {
    public var ftz: String
    public var area: String?
    public init(ftz: String, area: String? = nil) {
        self.ftz = ftz
        self.area = area
    }
    public static func < (a: ZoneRef, b: ZoneRef) -> Bool { (a.ftz, a.area ?? "") < (b.ftz, b.area ?? "") }
}
