import CasebookCore
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A temporary file the cases' sections are written to as soon as their text is parsed, so that a build holds each
/// case's text only while it uses it: at 100,000 cases the paragraphs were the largest thing a build kept from the
/// parse to the last page. A spilled case reads its sections again (`Case.sections`) whenever it is asked for them.
///
/// The file is removed from its folder as soon as it is made (only the open descriptor reaches it), so a build that
/// is killed leaves nothing behind. A write that fails (a full disk) keeps that case's sections in memory; a read that
/// fails is recorded (`failure`), answers no sections, and the build that checks `failure` before it publishes fails
/// with a sentence instead of publishing pages without their text.
///
/// The layout of one case's sections is `SectionCoding`'s.
public final class SectionSpill: SectionStore {
    private let fd: Int32
    private let path: String
    private let end = Mutex<Int64>(0)
    /// Why the first read that failed did, in English and Chinese.
    private let firstFailure = Mutex<(en: String, zh: String)?>(nil)

    /// A spill file in `directory`, or nil when none can be made there (the cases then keep their text in memory).
    public init?(directory: String) {
        var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast())
        template += Array(".casebook-sections-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { return nil }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        unlink(path)
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// The first read that failed, as a sentence; nil while every read succeeded.
    public var failure: String? { failureDiagnostic?.message }

    /// The first read that failed, as the build reports it (`write.spill`); nil while every read succeeded.
    public var failureDiagnostic: Diagnostic? {
        firstFailure.withLock { $0 }.map { Diagnostic(.error, "write.spill", args: ["path": path, "cause": $0.en, "cause_zh": $0.zh]) }
    }

    /// How many bytes the file holds.
    public var size: Int64 { end.withLock { $0 } }

    /// Writes `sections`; nil when they could not be written (the caller keeps them).
    public func write(_ sections: [Section]) -> SectionRef? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        SectionCoding.encode(sections, into: &bytes)
        return write(encoded: bytes[...])
    }

    public func write(encoded bytes: ArraySlice<UInt8>) -> SectionRef? {
        let offset = end.withLock { e -> Int64 in
            let o = e
            e += Int64(bytes.count)
            return o
        }
        let written = bytes.withUnsafeBytes { raw -> Bool in
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        return written ? SectionRef(offset: offset, count: bytes.count) : nil
    }

    /// The sections at `ref`; none, and `failure` set, when they cannot be read back.
    public func read(_ ref: SectionRef) -> [Section] {
        var bytes = [UInt8](repeating: 0, count: ref.count)
        let problem = bytes.withUnsafeMutableBytes { raw -> (en: String, zh: String)? in
            var done = 0
            while done < raw.count {
                let n = pread(fd, raw.baseAddress! + done, raw.count - done, off_t(ref.offset) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                if n < 0 {
                    let words = SystemError.words(for: errno)
                    return (words.en, words.zh)
                }
                if n == 0 { return ("the file ends early", "文件提前结束") }
                done += n
            }
            return nil
        }
        if let problem { return failed(problem) }
        var reader = SectionCoding.Reader(bytes: bytes)
        guard let sections = reader.sections(), reader.atEnd else { return failed(("its bytes are not what was written", "其中的字节与写入的不同")) }
        return sections
    }

    private func failed(_ problem: (en: String, zh: String)) -> [Section] {
        firstFailure.withLock { f in
            if f == nil { f = problem }
        }
        return []
    }
}
