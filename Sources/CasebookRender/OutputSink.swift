import Foundation
import Synchronization

/// Where rendered files go as they are made: the writer's staging folder, or memory. Called from several threads
/// at once, each time with a different path.
public protocol OutputSink: Sendable {
    func write(_ file: OutputFile) throws
    /// Takes the previous site's file at `path` as it is, when the sink has one (the caller knows its bytes are
    /// current); false when it has none.
    func keep(_ path: String) throws -> Bool
    /// Writes the file at `path` from the pieces `produce` hands to `emit`, in order: a large file (`cases.json`) is
    /// written as it is made, never held whole.
    func write(_ path: String, streaming produce: (_ emit: ([UInt8]) throws -> Void) throws -> Void) throws
}

extension OutputSink {
    public func keep(_ path: String) throws -> Bool { false }

    /// The pieces gathered into one file (a sink that holds files anyway).
    public func write(_ path: String, streaming produce: (_ emit: ([UInt8]) throws -> Void) throws -> Void) throws {
        var bytes: [UInt8] = []
        try produce { bytes += $0 }
        try write(OutputFile(path: path, bytes: Data(bytes)))
    }
}

/// Keeps every file in memory (tests, exports).
public final class MemorySink: OutputSink {
    private let store = Mutex<[OutputFile]>([])
    public init() {}
    public func write(_ file: OutputFile) throws { store.withLock { $0.append(file) } }
    /// The files written so far, sorted by path.
    public var files: [OutputFile] { store.withLock { $0 }.sorted { $0.path < $1.path } }
}
