import Foundation

/// The file system as an injectable value: tests can point it at fixtures or make it fail.
public struct FileSystem: Sendable {
    public var read: @Sendable (String) throws -> Data
    public var list: @Sendable (String) throws -> [String]
    public var exists: @Sendable (String) -> Bool

    public init(read: @escaping @Sendable (String) throws -> Data, list: @escaping @Sendable (String) throws -> [String],
                exists: @escaping @Sendable (String) -> Bool) {
        self.read = read
        self.list = list
        self.exists = exists
    }

    public static let local = FileSystem(
        read: { try Data(contentsOf: URL(fileURLWithPath: $0)) },
        list: { try FileManager.default.contentsOfDirectory(atPath: $0) },
        exists: { FileManager.default.fileExists(atPath: $0) }
    )
}
