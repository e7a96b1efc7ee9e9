import Foundation

/// Zips a written site so that it works unzipped anywhere and opened from disk.
public struct Archiver {
    public init() {}
    public struct Failure: Error, CustomStringConvertible { public var description: String }
    public func archive(site: String, to zip: String) throws {
        throw Failure(description: "archives are not implemented yet")
    }
}
