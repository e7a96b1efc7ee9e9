import CasebookCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The encodings a source text (or its metadata) may come in. GBK and GB2312 are read as GB18030, their superset.
enum SourceEncoding: String, CaseIterable, Sendable {
    case utf8 = "utf-8"
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
    case gb18030

    /// What `encoding:` in a metadata file may say.
    static let declarable: [String: SourceEncoding] = [
        "utf-8": .utf8, "utf8": .utf8, "utf-16le": .utf16le, "utf-16be": .utf16be,
        "gb18030": .gb18030, "gbk": .gb18030, "gb2312": .gb18030, "cp936": .gb18030,
    ]

    /// The name glibc's iconv knows it by.
    var iconvName: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf16le: "UTF-16LE"
        case .utf16be: "UTF-16BE"
        case .gb18030: "GB18030"
        }
    }
}

/// Bytes → text, as offices save it: UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK (detected when the
/// bytes are not UTF-8, or declared), CRLF and lone CR line ends (made `\n`). What cannot be read is a diagnostic
/// with the file and line, never a crash: binary files, empty files, undecodable bytes, a text without line breaks.
///
/// GB18030 goes through glibc's iconv: swift-corelibs-foundation has no GB18030 in `String(data:encoding:)`.
enum SourceDecoder {
    /// Longer than this many UTF-8 bytes, a line means the text lost its line breaks (real lines stay below 4 kB).
    static let maxLineBytes = 65_536
    /// At most this many undecodable lines are listed per file; the rest are counted.
    static let maxListed = 10

    struct Decoded {
        var text: String?
        var encoding: SourceEncoding?
        var diagnostics: [Diagnostic]
    }

    /// Decodes `data` (the file `file`); `declared` comes from the metadata's `encoding:`.
    /// `checkShape` adds the checks for a source text (not empty, has line breaks).
    static func decode(_ data: Data, file: String, declared: SourceEncoding? = nil, checkShape: Bool = true) -> Decoded {
        let bytes = [UInt8](data)
        func fail(_ id: String, variant: String? = nil, _ args: [String: String] = [:], line: Int = 1) -> Decoded {
            Decoded(text: nil, encoding: nil, diagnostics: [Diagnostic(.error, id, variant: variant, args: args, at: SourceLocation(file: file, line: line))])
        }
        if checkShape && bytes.isEmpty { return fail("content.empty") }

        // Byte-order marks decide, unless the metadata declares otherwise.
        var encoding = declared
        var body = bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            encoding = encoding ?? .utf8
            if encoding == .utf8 { body = bytes.dropFirst(3) }
        } else if bytes.starts(with: [0xFF, 0xFE]) && !bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
            encoding = encoding ?? .utf16le
            if encoding == .utf16le { body = bytes.dropFirst(2) }
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            encoding = encoding ?? .utf16be
            if encoding == .utf16be { body = bytes.dropFirst(2) }
        }

        if encoding != .utf16le && encoding != .utf16be, let kind = binaryKind(body) {
            return fail("content.binary", ["kind": kind])
        }

        var text: String
        switch encoding {
        case .utf8?, nil:
            // The standard library's validation first (most texts are UTF-8); the lines at fault only for one that is not.
            let valid = String(validating: body, as: UTF8.self)
            let bad = valid == nil ? invalidUTF8Lines(body) : []
            if let valid {
                text = valid
                encoding = .utf8
            } else if encoding == nil, let gb = convert(Array(body), from: .gb18030).text {
                text = gb
                encoding = .gb18030
            } else {
                var diagnostics = bad.prefix(maxListed).map { line, byte in
                    Diagnostic(.error, "content.encoding", args: ["byte": String(format: "%02X", byte)], at: SourceLocation(file: file, line: line))
                }
                if bad.count > maxListed {
                    diagnostics.append(Diagnostic(.error, "content.encoding", variant: "more", args: ["count": "\(bad.count - maxListed)"],
                                                  at: SourceLocation(file: file, line: bad[maxListed].line)))
                }
                return Decoded(text: nil, encoding: nil, diagnostics: diagnostics)
            }
        case let declared?:
            let result = convert(Array(body), from: declared)
            guard let converted = result.text else {
                let offset = result.failedAt ?? 0
                let before = convert(Array(body.prefix(offset)), from: declared).text ?? ""
                let line = lineCount(before)
                let shown = body.dropFirst(offset).prefix(2).map { String(format: "%02X", $0) }.joined(separator: " ")
                return fail("content.encoding", variant: "declared", ["bytes": shown, "encoding": declared.rawValue], line: line)
            }
            text = converted
        }
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        // One line-end convention for everything downstream.
        // (memchr over the bytes in place: `utf8.contains` stepped through them one at a time.)
        let hasCR = text.utf8.withContiguousStorageIfAvailable { b in b.baseAddress.map { memchr($0, 13, b.count) != nil } ?? false } ?? text.utf8.contains(13)
        if hasCR {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        if checkShape {
            if text.allSatisfy({ $0.isWhitespace }) {
                return fail("content.empty", variant: bytes.isEmpty ? nil : "blank")
            }
            // Each line's length in bytes, counted in one pass (no slice per line).
            func longLine<S: Sequence<UInt8>>(_ utf8: S) -> (line: Int, bytes: Int)? {
                var number = 1, length = 0
                for b in utf8 {
                    if b == 10 {
                        if length > maxLineBytes { return (number, length) }
                        number += 1
                        length = 0
                    } else {
                        length += 1
                    }
                }
                return length > maxLineBytes ? (number, length) : nil
            }
            let found = text.utf8.withContiguousStorageIfAvailable { longLine($0) }
            if let tooLong = found ?? longLine(text.utf8) {
                return fail("content.long-line", ["line": "\(tooLong.line)", "bytes": "\(tooLong.bytes)"], line: tooLong.line)
            }
        }
        return Decoded(text: text, encoding: encoding, diagnostics: [])
    }

    /// What kind of binary file this is, or nil for text: NUL bytes or many control characters, or a known signature.
    static func binaryKind(_ bytes: ArraySlice<UInt8>) -> String? {
        let signatures: [([UInt8], String)] = [
            (Array("%PDF".utf8), "a PDF document"),
            ([0x50, 0x4B, 0x03, 0x04], "a zip archive (a Word .docx?)"),
            ([0xD0, 0xCF, 0x11, 0xE0], "an old Office document (a Word .doc?)"),
            (Array("{\\rtf".utf8), "an RTF document"),
            ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
            ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ]
        for (signature, kind) in signatures where bytes.starts(with: signature) { return kind }
        var controls = 0, nul = false
        bytes.prefix(1 << 20).withUnsafeBufferPointer { buffer in
            for b in buffer where b < 0x20 {
                if b == 0 { nul = true; return }
                // Tab, line feed, vertical tab, form feed, carriage return and escape occur in extracted texts.
                if b < 9 || (b > 13 && b != 0x1B) { controls += 1 }
            }
        }
        if nul { return "binary (it holds NUL bytes; a UTF-16 text needs its byte-order mark or `encoding: utf-16le`)" }
        return controls > max(8, min(bytes.count, 1 << 20) / 100) ? "binary (it holds \(controls) control bytes)" : nil
    }

    /// 1-based lines holding bytes that are not UTF-8, with the first such byte of each; lines end at LF, CRLF or CR.
    static func invalidUTF8Lines(_ bytes: ArraySlice<UInt8>) -> [(line: Int, byte: UInt8)] {
        var result: [(line: Int, byte: UInt8)] = []
        var line = 1
        var offset = bytes.startIndex
        var previousCR = false
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let s):
                if s.count == 1 {
                    let b = s.first!
                    if b == 10 { if !previousCR { line += 1 } } else if b == 13 { line += 1 }
                    previousCR = b == 13
                } else {
                    previousCR = false
                }
                offset += s.count
            case .error(let length):
                if result.last?.line != line { result.append((line, bytes[offset])) }
                offset += length
                previousCR = false
            case .emptyInput:
                break loop
            }
        }
        return result
    }

    /// The line a position is on: line breaks in the text before it, plus one.
    static func lineCount(_ before: String) -> Int {
        1 + before.replacingOccurrences(of: "\r\n", with: "\n").utf8.filter { $0 == 10 || $0 == 13 }.count
    }

    /// Converts with glibc's iconv; on failure, the offset of the first byte it could not convert.
    static func convert(_ bytes: [UInt8], from encoding: SourceEncoding) -> (text: String?, failedAt: Int?) {
        if encoding == .utf8 {
            return invalidUTF8Lines(bytes[...]).isEmpty ? (String(decoding: bytes, as: UTF8.self), nil) : (nil, 0)
        }
        guard let out = runIconv(bytes, from: encoding.iconvName, to: "UTF-8") else { return (nil, 0) }
        switch out {
        case .success(let data): return (String(decoding: data, as: UTF8.self), nil)
        case .failure(let at): return (nil, at)
        }
    }

    enum Conversion { case success([UInt8]), failure(at: Int) }

    /// One conversion through glibc's iconv (nil when iconv does not know the encodings).
    static func runIconv(_ bytes: [UInt8], from: String, to: String) -> Conversion? {
        let cd = iconv_open(to, from)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var input = bytes
        var produced = 0
        var consumed = 0
        var flushed = false
        while true {
            let result: (Int, Int, Int, Int32) = input.withUnsafeMutableBytes { inRaw in
                output.withUnsafeMutableBytes { outRaw in
                    var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress.map { $0.assumingMemoryBound(to: CChar.self) + consumed }
                    var inLeft = inRaw.count - consumed
                    var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress.map { $0.assumingMemoryBound(to: CChar.self) + produced }
                    var outLeft = outRaw.count - produced
                    let r = inLeft == 0 ? iconv(cd, nil, nil, &outPtr, &outLeft) : iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    let e = r == -1 ? errno : 0
                    return (r, inRaw.count - inLeft, outRaw.count - outLeft, e)
                }
            }
            consumed = result.1
            produced = result.2
            if result.0 != -1 {
                if flushed { break }
                if consumed == bytes.count { flushed = true }
                continue
            }
            if result.3 == E2BIG {
                output += [UInt8](repeating: 0, count: output.count)
                continue
            }
            return .failure(at: consumed) // EILSEQ (invalid) or EINVAL (cut off at the end)
        }
        return .success(Array(output.prefix(produced)))
    }
}
