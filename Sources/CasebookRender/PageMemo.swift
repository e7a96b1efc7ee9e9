import CasebookCore
import CasebookTemplates
import Foundation

/// What an incremental build remembers of the pages of the previous one. Before a page is rendered, the memo is
/// asked whether the previous build's page may stand: it fingerprints the page (template and model), and when the
/// previous page had the same fingerprint and is still intact, puts it in place itself and answers true.
public protocol PageMemo: Sendable {
    func reuse(path: String, template: String, model: any TemplateModel) throws -> Bool
    /// The same for a file made without a template: `key` holds bytes that change whenever the file would.
    func reuse(path: String, key: [UInt8]) throws -> Bool
    /// For a file made of records (`data/cases.json`): the records of the previous build's file, by key, when that file
    /// is still intact, and a place to leave this build's (`record`); nil when the memo keeps none.
    func records(path: String) -> RecordMemo?
}

extension PageMemo {
    public func records(path: String) -> RecordMemo? { nil }
}

/// The records of one file of the previous build, each by a digest of its key, and those of this build's file.
public final class RecordMemo: @unchecked Sendable {
    /// The previous file, read a record at a time where one is taken (never mapped or read whole: a site of 100k cases
    /// has a `cases.json` of 600 MB), and where each record lies in it; none when there is nothing to trust.
    let previous: FileHandle?
    let ranges: [String: Range<Int>]
    /// Salt for the digests: what else the records' bytes depend on (the tool).
    let salt: [UInt8]
    /// This build's records: digest → range in the file it writes. Filled by one writer.
    public private(set) var written: [String: Range<Int>] = [:]

    public init(previous: FileHandle?, ranges: [String: Range<Int>], salt: [UInt8]) {
        self.previous = previous
        self.ranges = ranges
        self.salt = salt
    }

    /// A memo over bytes in memory (tests).
    convenience init(previous: Data, ranges: [String: Range<Int>], salt: [UInt8]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-records-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: path, contents: previous)
        let handle = FileHandle(forReadingAtPath: path)
        unlink(path)
        self.init(previous: handle, ranges: ranges, salt: salt)
    }

    deinit { try? previous?.close() }

    /// The digest that names a record with `key`.
    func digest(_ key: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: salt)
        hasher.update(data: key)
        return ByteText.compactDigest(hasher.finalize())
    }

    /// The previous build's bytes of the record named `digest`, if it had one (and they can be read whole).
    func previousRecord(_ digest: String) -> [UInt8]? {
        guard let r = ranges[digest], r.lowerBound >= 0, let fd = previous?.fileDescriptor else { return nil }
        var bytes = [UInt8](repeating: 0, count: r.count)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, r.count, off_t(r.lowerBound)) }
        return n == r.count ? bytes : nil
    }

    func record(_ digest: String, _ range: Range<Int>) { written[digest] = range }
}
