import CasebookCore
import CasebookTemplates
import Crypto
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
    /// The previous file (mapped, not read) and where each record lies in it; empty when there is none to trust.
    let previous: Data
    let ranges: [String: Range<Int>]
    /// Salt for the digests: what else the records' bytes depend on (the tool).
    let salt: [UInt8]
    /// This build's records: digest → range in the file it writes. Filled by one writer.
    public private(set) var written: [String: Range<Int>] = [:]

    public init(previous: Data, ranges: [String: Range<Int>], salt: [UInt8]) {
        self.previous = previous
        self.ranges = ranges
        self.salt = salt
    }

    /// The digest that names a record with `key`.
    func digest(_ key: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: salt)
        hasher.update(data: key)
        return ByteText.hex(hasher.finalize())
    }

    /// The previous build's bytes of the record named `digest`, if it had one.
    func previousRecord(_ digest: String) -> Data.SubSequence? {
        guard let r = ranges[digest], r.lowerBound >= 0, r.upperBound <= previous.count else { return nil }
        return previous[previous.startIndex + r.lowerBound ..< previous.startIndex + r.upperBound]
    }

    func record(_ digest: String, _ range: Range<Int>) { written[digest] = range }
}
