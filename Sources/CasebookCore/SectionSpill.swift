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
/// The layout of one case's sections is this type's own (it never outlives the build, so no other program reads it):
/// counts and lengths as LEB128 numbers, strings as their UTF-8 bytes.
public final class SectionSpill: Sendable {
    /// Where one case's sections are.
    public struct Ref: Sendable, Hashable {
        let offset: Int64
        let count: Int
    }

    private let fd: Int32
    private let path: String
    private let end = Mutex<Int64>(0)
    private let firstFailure = Mutex<String?>(nil)

    /// A spill file in `directory`, or nil when none can be made there (the cases then keep their text in memory).
    public init?(directory: String) {
        var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast())
        template += Array(".casebook-sections-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { return nil }
        let path = String(cString: template)
        unlink(path)
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// The first read that failed, as a sentence; nil while every read succeeded.
    public var failure: String? { firstFailure.withLock { $0 } }

    /// How many bytes the file holds.
    public var size: Int64 { end.withLock { $0 } }

    /// Writes `sections`; nil when they could not be written (the caller keeps them).
    public func write(_ sections: [Section]) -> Ref? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        Self.encode(sections, into: &bytes)
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
        return written ? Ref(offset: offset, count: bytes.count) : nil
    }

    /// The sections at `ref`; none, and `failure` set, when they cannot be read back.
    public func read(_ ref: Ref) -> [Section] {
        var bytes = [UInt8](repeating: 0, count: ref.count)
        let problem = bytes.withUnsafeMutableBytes { raw -> String? in
            var done = 0
            while done < raw.count {
                let n = pread(fd, raw.baseAddress! + done, raw.count - done, off_t(ref.offset) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                if n < 0 { return String(cString: strerror(errno)) }
                if n == 0 { return "the file ends early" }
                done += n
            }
            return nil
        }
        if let problem { return failed(problem) }
        var reader = Reader(bytes: bytes)
        guard let sections = reader.sections(), reader.atEnd else { return failed("its bytes are not what was written") }
        return sections
    }

    private func failed(_ problem: String) -> [Section] {
        firstFailure.withLock { f in
            if f == nil { f = "cannot read the cases' text back from the build's temporary file \(path) (\(problem))" }
        }
        return []
    }

    // MARK: The layout

    static func encode(_ sections: [Section], into out: inout [UInt8]) {
        number(sections.count, &out)
        for s in sections {
            out.append((s.heading == nil ? 0 : 1) | (s.line == nil ? 0 : 2))
            if let h = s.heading { string(h, &out) }
            if let l = s.line { number(l, &out) }
            number(s.blocks.count, &out)
            for b in s.blocks {
                switch b {
                case .paragraph(let p): out.append(0); string(p, &out)
                case .subheading(let h): out.append(1); string(h, &out)
                case .table(let t):
                    out.append(t.caption == nil ? 2 : 3)
                    if let c = t.caption { string(c, &out) }
                    strings(t.header, &out)
                    number(t.rows.count, &out)
                    for r in t.rows { strings(r, &out) }
                }
            }
        }
    }

    /// A non-negative number in LEB128; a negative one (no line number is) as its two's complement bits.
    private static func number(_ n: Int, _ out: inout [UInt8]) {
        var v = UInt64(bitPattern: Int64(n))
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private static func string(_ s: String, _ out: inout [UInt8]) {
        number(s.utf8.count, &out)
        out.append(contentsOf: s.utf8)
    }

    private static func strings(_ list: [String], _ out: inout [UInt8]) {
        number(list.count, &out)
        for s in list { string(s, &out) }
    }

    struct Reader {
        let bytes: [UInt8]
        var at = 0
        var atEnd: Bool { at == bytes.count }

        mutating func byte() -> UInt8? {
            guard at < bytes.count else { return nil }
            defer { at += 1 }
            return bytes[at]
        }

        mutating func number() -> Int? {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while let b = byte() {
                guard shift < 64 else { return nil }
                v |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return Int(Int64(bitPattern: v)) }
                shift += 7
            }
            return nil
        }

        mutating func string() -> String? {
            guard let n = number(), n >= 0, n <= bytes.count - at else { return nil }
            defer { at += n }
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[at..<at + n]), as: UTF8.self) }
        }

        mutating func strings() -> [String]? {
            guard let n = number(), n >= 0, n <= bytes.count - at else { return nil }
            var out: [String] = []
            out.reserveCapacity(n)
            for _ in 0..<n {
                guard let s = string() else { return nil }
                out.append(s)
            }
            return out
        }

        mutating func sections() -> [Section]? {
            guard let count = number(), count >= 0, count <= bytes.count - at else { return nil }
            var out: [Section] = []
            out.reserveCapacity(count)
            for _ in 0..<count {
                guard let flags = byte(), flags < 4 else { return nil }
                var heading: String?
                var line: Int?
                if flags & 1 != 0 { guard let h = string() else { return nil }; heading = h }
                if flags & 2 != 0 { guard let l = number() else { return nil }; line = l }
                guard let n = number(), n >= 0, n <= bytes.count - at else { return nil }
                var blocks: [Block] = []
                blocks.reserveCapacity(n)
                for _ in 0..<n {
                    switch byte() {
                    case 0: guard let p = string() else { return nil }; blocks.append(.paragraph(p))
                    case 1: guard let h = string() else { return nil }; blocks.append(.subheading(h))
                    case let tag? where tag == 2 || tag == 3:
                        var caption: String?
                        if tag == 3 { guard let c = string() else { return nil }; caption = c }
                        guard let header = strings(), let rowCount = number(), rowCount >= 0, rowCount <= bytes.count - at else { return nil }
                        var rows: [[String]] = []
                        rows.reserveCapacity(rowCount)
                        for _ in 0..<rowCount {
                            guard let r = strings() else { return nil }
                            rows.append(r)
                        }
                        blocks.append(.table(Table(caption: caption, header: header, rows: rows)))
                    default: return nil
                    }
                }
                out.append(Section(heading: heading, line: line, blocks: blocks))
            }
            return out
        }
    }
}
