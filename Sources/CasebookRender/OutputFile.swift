import Foundation

/// One file of the built site: its path relative to the site root and its bytes.
public struct OutputFile: Hashable, Sendable {
    public var path: String
    public var bytes: Data
    public init(path: String, bytes: Data) {
        self.path = path
        self.bytes = bytes
    }
    public init(path: String, text: String) {
        self.path = path
        self.bytes = Data(text.utf8)
    }
}
