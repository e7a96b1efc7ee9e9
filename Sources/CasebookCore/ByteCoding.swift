/// A compact byte layout for what a build keeps for the next one and reads back by the thousand (the parse cache's
/// cases, the placements): counts and numbers as LEB128, strings as their UTF-8 bytes after their length, an optional
/// value after a byte 0 or 1. Only the build of the tool that wrote the bytes reads them (their keys hold the tool's
/// identity), so the layout has no version of its own.
///
/// Why not JSON: reading the cache's cases and placements through `JSONDecoder` was 16 % of the processor time of a
/// rebuild after a one-sentence edit at 10k cases (perf, 2026-12-05) — generic metadata look-ups, a dictionary of keys
/// per object, a string per key — for data no person reads.
public struct ByteWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public mutating func byte(_ b: UInt8) { bytes.append(b) }

    public mutating func bytes(_ raw: some Collection<UInt8>) { bytes.append(contentsOf: raw) }

    /// A non-negative number in LEB128; a negative one as its two's complement bits (ten bytes).
    public mutating func number(_ n: Int) { Self.number(n, &bytes) }

    public mutating func string(_ s: String) { Self.string(s, &bytes) }

    public mutating func strings(_ list: [String]) { Self.strings(list, &bytes) }

    public mutating func bool(_ b: Bool) { bytes.append(b ? 1 : 0) }

    public mutating func optional<T>(_ value: T?, _ write: (inout ByteWriter, T) -> Void) {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        write(&self, value)
    }

    public mutating func optionalString(_ s: String?) { optional(s) { $0.string($1) } }

    public mutating func optionalNumber(_ n: Int?) { optional(n) { $0.number($1) } }

    public mutating func array<T>(_ list: [T], _ write: (inout ByteWriter, T) -> Void) {
        number(list.count)
        for item in list { write(&self, item) }
    }

    /// A dictionary of strings, its keys in order (the same bytes for the same dictionary).
    public mutating func dictionary(_ d: [String: String]) {
        number(d.count)
        for (k, v) in d.sorted(by: { $0.key < $1.key }) {
            string(k)
            string(v)
        }
    }

    public mutating func raw<T: RawRepresentable<String>>(_ value: T) { string(value.rawValue) }

    public static func number(_ n: Int, _ out: inout [UInt8]) {
        var v = UInt64(bitPattern: Int64(n))
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    public static func string(_ s: String, _ out: inout [UInt8]) {
        var s = s
        s.withUTF8 { utf8 in
            number(utf8.count, &out)
            out.append(contentsOf: utf8)
        }
    }

    public static func strings(_ list: [String], _ out: inout [UInt8]) {
        number(list.count, &out)
        for s in list { string(s, &out) }
    }
}

/// Reads what `ByteWriter` wrote; every read checks that its bytes are there and well formed, and throws
/// `ByteReader.Malformed` where they are not (a damaged or cut file is never read past its end or trusted).
public struct ByteReader {
    public struct Malformed: Error {}

    public let bytes: [UInt8]
    public var at: Int
    public var atEnd: Bool { at == bytes.count }
    /// Bytes not read yet.
    public var left: Int { bytes.count - at }

    public init(bytes: [UInt8], at: Int = 0) {
        self.bytes = bytes
        self.at = at
    }

    public mutating func byte() throws -> UInt8 {
        guard at < bytes.count else { throw Malformed() }
        defer { at += 1 }
        return bytes[at]
    }

    public mutating func number() throws -> Int {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while at < bytes.count {
            let b = bytes[at]
            at += 1
            guard shift < 64 else { throw Malformed() }
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return Int(Int64(bitPattern: v)) }
            shift += 7
        }
        throw Malformed()
    }

    /// A count: a number no larger than the bytes left (each counted item takes at least one).
    public mutating func count() throws -> Int {
        let n = try number()
        guard n >= 0, n <= left else { throw Malformed() }
        return n
    }

    /// The next `n` bytes.
    public mutating func bytes(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= left else { throw Malformed() }
        defer { at += n }
        return bytes[at..<at + n]
    }

    public mutating func string() throws -> String {
        let n = try count()
        defer { at += n }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[at..<at + n]), as: UTF8.self) }
    }

    /// Steps over a string.
    public mutating func skipString() throws { at += try count() }

    public mutating func strings() throws -> [String] { try array { try $0.string() } }

    public mutating func bool() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw Malformed()
        }
    }

    public mutating func optional<T>(_ read: (inout ByteReader) throws -> T) throws -> T? {
        try bool() ? try read(&self) : nil
    }

    public mutating func optionalString() throws -> String? { try optional { try $0.string() } }

    public mutating func optionalNumber() throws -> Int? { try optional { try $0.number() } }

    public mutating func array<T>(_ read: (inout ByteReader) throws -> T) throws -> [T] {
        let n = try count()
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try read(&self)) }
        return out
    }

    public mutating func dictionary() throws -> [String: String] {
        let n = try count()
        var out: [String: String] = [:]
        out.reserveCapacity(n)
        for _ in 0..<n {
            let k = try string()
            out[k] = try string()
        }
        guard out.count == n else { throw Malformed() }
        return out
    }

    public mutating func raw<T: RawRepresentable<String>>(_: T.Type = T.self) throws -> T {
        guard let v = T(rawValue: try string()) else { throw Malformed() }
        return v
    }
}

/// A value kept in `ByteWriter`'s layout.
public protocol ByteCodable {
    func write(to w: inout ByteWriter)
    init(from r: inout ByteReader) throws
}

extension ByteWriter {
    public mutating func value(_ v: some ByteCodable) { v.write(to: &self) }
    public mutating func values(_ list: [some ByteCodable]) { array(list) { $0.value($1) } }
}

extension ByteReader {
    public mutating func value<T: ByteCodable>(_: T.Type = T.self) throws -> T { try T(from: &self) }
    public mutating func values<T: ByteCodable>(_: T.Type = T.self) throws -> [T] { try array { try T(from: &$0) } }
}

extension LineRange: ByteCodable {
    public func write(to w: inout ByteWriter) {
        w.number(first)
        w.number(last)
    }
    public init(from r: inout ByteReader) throws {
        let first = try r.number()
        let last = try r.number()
        guard last >= first else { throw ByteReader.Malformed() }
        self.init(first, last)
    }
}

extension SourceRef: ByteCodable {
    public func write(to w: inout ByteWriter) {
        w.string(file)
        w.value(lines)
    }
    public init(from r: inout ByteReader) throws {
        self.init(file: try r.string(), lines: try r.value())
    }
}

extension SourceLocation: ByteCodable {
    public func write(to w: inout ByteWriter) {
        w.string(file)
        w.number(line)
        w.optionalNumber(column)
    }
    public init(from r: inout ByteReader) throws {
        self.init(file: try r.string(), line: try r.number(), column: try r.optionalNumber())
    }
}

extension ZoneRef: ByteCodable {
    public func write(to w: inout ByteWriter) {
        w.string(ftz)
        w.optionalString(area)
    }
    public init(from r: inout ByteReader) throws {
        self.init(ftz: try r.string(), area: try r.optionalString())
    }
}

extension CategoryAssignment: ByteCodable {
    public func write(to w: inout ByteWriter) {
        w.string(name)
        w.raw(source)
        w.optionalString(officialLabel)
        w.string(reason)
        w.optionalString(secondary)
        w.strings(matchedKeywords)
    }
    public init(from r: inout ByteReader) throws {
        self.init(name: try r.string(), source: try r.raw(), officialLabel: try r.optionalString(), reason: try r.string(),
                  secondary: try r.optionalString(), matchedKeywords: try r.strings())
    }
}

extension UnitMention: ByteCodable {
    public func write(to w: inout ByteWriter) {
        w.string(name)
        w.string(printed)
        w.raw(role)
        w.string(code)
        w.bool(known)
        w.optionalString(reading)
    }
    public init(from r: inout ByteReader) throws {
        self.init(name: try r.string(), printed: try r.string(), role: try r.raw(), code: try r.string(), known: try r.bool(),
                  reading: try r.optionalString())
    }
}

extension Diagnostic: ByteCodable {
    public func write(to w: inout ByteWriter) {
        w.raw(severity)
        w.string(id)
        w.string(message)
        w.optional(location) { $0.value($1) }
        w.optionalString(template)
        w.dictionary(arguments)
    }
    public init(from r: inout ByteReader) throws {
        let severity: Severity = try r.raw()
        let id = try r.string()
        self.init(severity, id, try r.string(), at: try r.optional { try $0.value() })
        template = try r.optionalString()
        arguments = try r.dictionary()
    }
}

extension FurnitureLine: ByteCodable {
    public func write(to w: inout ByteWriter) {
        w.number(line)
        w.string(text)
        w.raw(reason)
    }
    public init(from r: inout ByteReader) throws {
        self.init(line: try r.number(), text: try r.string(), reason: try r.raw())
    }
}

extension ParsedDocument {
    /// The parse with its cases written by `Case.writeWithoutSections`.
    public func writeWithoutSections(to w: inout ByteWriter) {
        w.string(file)
        w.raw(layout)
        w.array(cases) { (w: inout ByteWriter, c: Case) in c.writeWithoutSections(to: &w) }
        w.values(furniture)
        w.values(diagnostics)
    }

    public init(readingWithoutSections r: inout ByteReader) throws {
        let file = try r.string()
        let layout: Layout = try r.raw()
        let cases = try r.array { (r: inout ByteReader) in try Case(readingWithoutSections: &r) }
        self.init(file: file, layout: layout, cases: cases, furniture: try r.values(), diagnostics: try r.values())
    }
}
