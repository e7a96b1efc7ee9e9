/// A text as UTF-8 bytes, for counting substrings fast (String search through Foundation is slow on Linux).
/// UTF-8 is self-synchronising, so a byte match of a whole needle is a character match.
public struct ByteText: Sendable {
    public let bytes: [UInt8]
    public init(_ s: String) { bytes = Array(s.utf8) }

    public func count(_ needle: [UInt8]) -> Int {
        var found = 0
        bytes.withUnsafeBufferPointer { hay in Self.forEachMatch(of: needle, in: hay) { _ in found += 1; return true } }
        return found
    }

    public func count(_ needle: String) -> Int { count(Array(needle.utf8)) }

    /// Whether the text holds `needle` (never an empty one): stops at the first match.
    public func contains(_ needle: String) -> Bool {
        var found = false
        bytes.withUnsafeBufferPointer { hay in Self.forEachMatch(of: Array(needle.utf8), in: hay) { _ in found = true; return false } }
        return found
    }

    /// Calls `body` with the start of every match of `needle` (not empty) in `hay`, left to right, matches not
    /// overlapping, until it returns false.
    static func forEachMatch(of needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Bool) {
        let n = needle.count
        guard n > 0, n <= hay.count else { return }
        needle.withUnsafeBufferPointer { nd in
            var i = 0
            while i <= hay.count - n {
                if hay[i] == nd[0] {
                    var j = 1
                    while j < n && hay[i + j] == nd[j] { j += 1 }
                    if j == n {
                        guard body(i) else { return }
                        i += n
                        continue
                    }
                }
                i += 1
            }
        }
    }
}

extension ByteText {
    /// The lines of a text as received, split at LF, CRLF or a lone CR over the UTF-8 bytes (Foundation's replacing and
    /// splitting are slow on Linux); a final line end ends the last line, it does not start another. The parser and
    /// the source pages number lines with it, so they agree.
    public static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var utf8 = text.utf8[...]
        while !utf8.isEmpty {
            if let end = utf8.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                lines.append(String(decoding: utf8[..<end], as: UTF8.self))
                var next = utf8.index(after: end)
                if utf8[end] == 0x0D, next < utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                utf8 = utf8[next...]
            } else {
                lines.append(String(decoding: utf8, as: UTF8.self))
                break
            }
        }
        return lines
    }
}

extension ByteText {
    /// The text cut at every occurrence of `separator` (not empty), as `components(separatedBy:)` cuts it, over the UTF-8
    /// bytes: Foundation's is slow on Linux.
    public static func split(_ text: String, at separator: String) -> [String] {
        let sep = Array(separator.utf8)
        precondition(!sep.isEmpty, "an empty separator")
        var parts: [String] = []
        var text = text
        text.withUTF8 { hay in
            var start = 0
            forEachMatch(of: sep, in: hay) { i in
                parts.append(String(decoding: UnsafeBufferPointer(rebasing: hay[start..<i]), as: UTF8.self))
                start = i + sep.count
                return true
            }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: hay[start...]), as: UTF8.self))
        }
        return parts
    }
}

extension ByteText {
    /// Bytes (a digest) as lower-case hexadecimal.
    /// The first 90 bits of a digest as 15 characters of base64url (`A–Z a–z 0–9 - _`). Swift keeps a string of up to
    /// 15 ASCII bytes inline, so the hundreds of thousands of keys a large site's build cache holds (a record of each
    /// export, a fingerprint of each page) cost no allocation each; a 64-digit hex string took 80 bytes of heap. With 90
    /// bits, the chance that two of a million different keys get the same digest is below 10⁻¹⁵.
    public static func compactDigest(_ bytes: some Sequence<UInt8>) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(15)
        var acc: UInt32 = 0
        var bits: UInt32 = 0
        for b in bytes {
            acc = (acc << 8) | UInt32(b)
            bits += 8
            while bits >= 6 && out.count < 15 {
                bits -= 6
                out.append(alphabet[Int((acc >> bits) & 63)])
            }
            if out.count == 15 { break }
            acc &= (1 << bits) - 1
        }
        precondition(out.count == 15, "a digest of at least 12 bytes")
        return String(decoding: out, as: UTF8.self)
    }

    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
