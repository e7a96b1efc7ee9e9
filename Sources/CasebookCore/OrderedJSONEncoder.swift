/// JSON written as a value encodes itself: keys in the order its `encode(to:)` gives them, straight into one byte
/// buffer, with no tree of values, no dictionary per object and no sorting. The layout is Foundation's `JSONEncoder`
/// with `.withoutEscapingSlashes` (and `.prettyPrinted` when `pretty`): the same bytes as `JSONEncoder` with
/// `.sortedKeys` when the keys are encoded in sorted order (`data/cases.json` is, and a test compares the two).
///
/// Foundation's `JSONEncoder` writes keys in hash order unless told to sort them, builds a dictionary per object and
/// then sorts it: a tenth of a cold build's time at 10,000 cases went to it. This one writes as it goes, so a value
/// must use its containers in order, as synthesized and ordinary `encode(to:)` methods do: a container written to
/// after a later sibling value was started is an `EncodingError`, never silently misplaced output.
public struct OrderedJSONEncoder: Sendable {
    /// Line ends and two-space indentation, `"key" : value`, as `JSONEncoder`'s `.prettyPrinted`.
    public var pretty: Bool
    /// When pretty: the levels of indentation the value stands at (its lines after the first are indented by as
    /// many more), for a value spliced into a larger document.
    public var indent: Int
    /// Bytes to reserve for the output at once: a buffer that grows by doubling copies itself and touches fresh
    /// memory each time (a large JSON export spent more time in page faults than in encoding).
    public var capacity: Int

    public init(pretty: Bool = false, indent: Int = 0, capacity: Int = 1 << 12) {
        self.pretty = pretty
        self.indent = indent
        self.capacity = capacity
    }

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        try encode(value, appendingTo: &out)
        return out
    }

    /// Encodes `value` at the end of `out` (a buffer used again for many values grows once); on an error, `out` holds
    /// what it held before.
    public func encode<T: Encodable>(_ value: T, appendingTo out: inout [UInt8]) throws {
        let writer = JSONStream(pretty: pretty, indent: indent, capacity: 0)
        let start = out.count
        swap(&writer.out, &out)
        defer { swap(&writer.out, &out) }
        do {
            try writer.value(value, level: 0)
            writer.close(above: 0)
            if writer.out.count == start { writer.emptyContainer(object: true, level: 0) }
        } catch {
            writer.out.removeSubrange(start...)
            throw error
        }
    }

    /// `s` escaped as in a JSON string literal, without the quotes: a long string written in pieces.
    public static func appendEscaped(_ s: String, to out: inout [UInt8]) { JSONStream.appendEscaped(s, to: &out) }

    /// A JSON string literal for `s` (quotes included), escaped as `JSONEncoder` does without escaping slashes.
    public static func string(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        JSONStream.appendString(s, to: &out)
        return out
    }
}

/// The output and the containers still open, one per level (`open[n]` holds the values of level `n + 1`).
final class JSONStream {
    // Not checked for exclusive access at run time (half a per cent of a cold build's processor time went to those checks): a
    // stream is used by one encoding on one thread, and no method hands out a reference to these while another runs.
    @exclusivity(unchecked) var out: [UInt8] = []
    let pretty: Bool
    let indent: Int
    /// Each open container: its id, kind, values so far, where the value it is began in `out` (its encoder's
    /// `start`), and where its last value began (after its key).
    @exclusivity(unchecked) private var open: [(id: Int, object: Bool, count: Int, start: Int, last: Int)] = []
    private var nextID = 0

    init(pretty: Bool, indent: Int = 0, capacity: Int = 1 << 12) {
        self.pretty = pretty
        self.indent = indent
        out.reserveCapacity(capacity)
    }

    /// Encodes `value` at `level`, whose separator and key are written (a value that writes nothing is made `{}` by
    /// the next write or close of its container, or by `encode` at the top).
    func value<T: Encodable>(_ value: T, level: Int, path: [any CodingKey] = [], key: (any CodingKey)? = nil) throws {
        // The commonest values without an encoder and a container (a type comparison, not a dynamic cast).
        if T.self == String.self { return Self.appendString(unsafeBitCast(value, to: String.self), to: &out) }
        if T.self == Int.self { return appendInteger(unsafeBitCast(value, to: Int.self)) }
        try value.encode(to: JSONStreamEncoder(stream: self, level: level, start: out.count, parentPath: path, key: key))
    }

    /// Opens a container at `level` (its values are at `level + 1`) for the value that began at `start`; returns its
    /// id. The same encoder asking again gets the same container (as with `JSONEncoder`).
    func openContainer(object: Bool, level: Int, start: Int) throws -> Int {
        close(above: level + 1)
        if open.count == level + 1, open[level].start == start {
            guard open[level].object == object else {
                throw EncodingError.invalidValue((), .init(codingPath: [], debugDescription: "one value asked for a keyed and an unkeyed container"))
            }
            return open[level].id
        }
        close(above: level)
        guard open.count == level, out.count == start else {
            throw EncodingError.invalidValue((), .init(codingPath: [], debugDescription: "a container was opened after a later value began"))
        }
        out.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        nextID += 1
        open.append((nextID, object, 0, start, 0))
        return nextID
    }

    /// Before a value of container `id` (at `level`): closes what deeper values left open, writes the separator and
    /// (in an object) the key.
    func beginValue(in id: Int, level: Int, key: String?, codingPath: @autoclosure () -> [any CodingKey]) throws {
        close(above: level + 1)
        guard open.count == level + 1, open[level].id == id else {
            throw EncodingError.invalidValue((), .init(codingPath: codingPath(), debugDescription: "a container was written to after a later value began"))
        }
        fillEmptyLastValue(level)
        if open[level].count > 0 { out.append(UInt8(ascii: ",")) }
        open[level].count += 1
        if pretty { newline(indent: level + 1) }
        if let key {
            Self.appendString(key, to: &out)
            if pretty { append(" : ") } else { out.append(UInt8(ascii: ":")) }
        }
        open[level].last = out.count
    }

    /// A value of the container at `level` that wrote nothing (a super encoder left unused, say) is `{}`, as with
    /// `JSONEncoder`: never a key without a value.
    private func fillEmptyLastValue(_ level: Int) {
        if open[level].count > 0 && out.count == open[level].last { emptyContainer(object: true, level: level + 1) }
    }

    /// Closes every container deeper than `level` levels.
    func close(above level: Int) {
        while open.count > level {
            fillEmptyLastValue(open.count - 1)
            let c = open.removeLast()
            if pretty { if c.count == 0 { out.append(0x0A) }; newline(indent: open.count) }
            out.append(c.object ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    func emptyContainer(object: Bool, level: Int) {
        out.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        if pretty { out.append(0x0A); newline(indent: level) }
        out.append(object ? UInt8(ascii: "}") : UInt8(ascii: "]"))
    }

    private func newline(indent: Int) {
        out.append(0x0A)
        for _ in 0..<(indent + self.indent) { out.append(0x20); out.append(0x20) }
    }

    func append(_ s: StaticString) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    func appendInteger<I: BinaryInteger>(_ i: I) {
        if i >= 0 && i < 10 { out.append(0x30 + UInt8(i)); return }
        out.append(contentsOf: String(i).utf8)
    }

    func appendFloat<F: BinaryFloatingPoint & LosslessStringConvertible>(_ f: F, codingPath: [any CodingKey]) throws {
        guard f.isFinite else {
            throw EncodingError.invalidValue(f, .init(codingPath: codingPath, debugDescription: "\(f) is not a JSON number"))
        }
        var s = f.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        out.append(contentsOf: s.utf8)
    }

    /// `"…"` with `"`, `\` and the control characters escaped (`\n`, `\r`, `\t`, `\b`, `\f`, else `\u00XX`).
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendEscaped(s, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// What goes between the quotes of `appendString`.
    static func appendEscaped(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            for (i, b) in bytes.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                start = i + 1
                out.append(UInt8(ascii: "\\"))
                switch b {
                case 0x22, 0x5C: out.append(b)
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out += [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }
}

/// The encoder a value at one level is handed.
struct JSONStreamEncoder: Encoder {
    let stream: JSONStream
    /// The value's level; −1 for a value that could not be started in order (its containers refuse every write).
    let level: Int
    /// Where the value begins in the output.
    let start: Int
    let parentPath: [any CodingKey]
    let key: (any CodingKey)?
    var codingPath: [any CodingKey] { key.map { parentPath + [$0] } ?? parentPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(JSONKeyedContainer<Key>(opening: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONUnkeyedContainer(opening: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueContainer(stream: stream, level: level, codingPath: codingPath)
    }
}

/// A container that could not be opened in order: every write to it throws.
private func openFailure(_ path: [any CodingKey]) -> EncodingError {
    EncodingError.invalidValue((), .init(codingPath: path, debugDescription: "a container was opened after a later value began"))
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let stream: JSONStream
    let level: Int
    let id: Int?
    let codingPath: [any CodingKey]

    init(opening encoder: JSONStreamEncoder) {
        stream = encoder.stream
        level = encoder.level
        codingPath = encoder.codingPath
        id = encoder.level < 0 ? nil : try? encoder.stream.openContainer(object: true, level: encoder.level, start: encoder.start)
    }

    private func begin(_ key: Key) throws {
        guard let id else { throw openFailure(codingPath) }
        try stream.beginValue(in: id, level: level, key: key.stringValue, codingPath: self.codingPath + [key])
    }

    mutating func encodeNil(forKey key: Key) throws { try begin(key); stream.append("null") }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try begin(key); stream.append(value ? "true" : "false") }
    mutating func encode(_ value: String, forKey key: Key) throws { try begin(key); JSONStream.appendString(value, to: &stream.out) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try begin(key); try stream.appendFloat(value, codingPath: codingPath + [key]) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try begin(key); try stream.appendFloat(value, codingPath: codingPath + [key]) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try begin(key); stream.appendInteger(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try begin(key); stream.appendInteger(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try begin(key); stream.appendInteger(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try begin(key); stream.appendInteger(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try begin(key); stream.appendInteger(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try begin(key); stream.appendInteger(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try begin(key); stream.appendInteger(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try begin(key); stream.appendInteger(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try begin(key); stream.appendInteger(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try begin(key); stream.appendInteger(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try begin(key)
        try stream.value(value, level: level + 1, path: codingPath, key: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let opened = (try? begin(key)) != nil
        let encoder = JSONStreamEncoder(stream: stream, level: opened ? level + 1 : -1, start: stream.out.count, parentPath: codingPath, key: key)
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(opening: encoder))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let opened = (try? begin(key)) != nil
        return JSONUnkeyedContainer(opening: JSONStreamEncoder(stream: stream, level: opened ? level + 1 : -1, start: stream.out.count, parentPath: codingPath, key: key))
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let opened = (try? begin(key)) != nil
        return JSONStreamEncoder(stream: stream, level: opened ? level + 1 : -1, start: stream.out.count, parentPath: codingPath, key: key)
    }
}

/// The index of a value in a list, as a coding key.
struct JSONIndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ i: Int) { intValue = i }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let stream: JSONStream
    let level: Int
    let id: Int?
    let codingPath: [any CodingKey]
    var count = 0

    init(opening encoder: JSONStreamEncoder) {
        stream = encoder.stream
        level = encoder.level
        codingPath = encoder.codingPath
        id = encoder.level < 0 ? nil : try? encoder.stream.openContainer(object: false, level: encoder.level, start: encoder.start)
    }

    private mutating func begin() throws {
        guard let id else { throw openFailure(codingPath) }
        try stream.beginValue(in: id, level: level, key: nil, codingPath: self.codingPath + [JSONIndexKey(count)])
        count += 1
    }

    mutating func encodeNil() throws { try begin(); stream.append("null") }
    mutating func encode(_ value: Bool) throws { try begin(); stream.append(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { try begin(); JSONStream.appendString(value, to: &stream.out) }
    mutating func encode(_ value: Double) throws { try begin(); try stream.appendFloat(value, codingPath: codingPath) }
    mutating func encode(_ value: Float) throws { try begin(); try stream.appendFloat(value, codingPath: codingPath) }
    mutating func encode(_ value: Int) throws { try begin(); stream.appendInteger(value) }
    mutating func encode(_ value: Int8) throws { try begin(); stream.appendInteger(value) }
    mutating func encode(_ value: Int16) throws { try begin(); stream.appendInteger(value) }
    mutating func encode(_ value: Int32) throws { try begin(); stream.appendInteger(value) }
    mutating func encode(_ value: Int64) throws { try begin(); stream.appendInteger(value) }
    mutating func encode(_ value: UInt) throws { try begin(); stream.appendInteger(value) }
    mutating func encode(_ value: UInt8) throws { try begin(); stream.appendInteger(value) }
    mutating func encode(_ value: UInt16) throws { try begin(); stream.appendInteger(value) }
    mutating func encode(_ value: UInt32) throws { try begin(); stream.appendInteger(value) }
    mutating func encode(_ value: UInt64) throws { try begin(); stream.appendInteger(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try begin()
        try stream.value(value, level: level + 1, path: codingPath, key: JSONIndexKey(count - 1))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let opened = (try? begin()) != nil
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(opening: JSONStreamEncoder(stream: stream, level: opened ? level + 1 : -1, start: stream.out.count, parentPath: codingPath, key: JSONIndexKey(count - 1))))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let opened = (try? begin()) != nil
        return JSONUnkeyedContainer(opening: JSONStreamEncoder(stream: stream, level: opened ? level + 1 : -1, start: stream.out.count, parentPath: codingPath, key: JSONIndexKey(count - 1)))
    }

    mutating func superEncoder() -> any Encoder {
        let opened = (try? begin()) != nil
        return JSONStreamEncoder(stream: stream, level: opened ? level + 1 : -1, start: stream.out.count, parentPath: codingPath, key: JSONIndexKey(count - 1))
    }
}

struct JSONSingleValueContainer: SingleValueEncodingContainer {
    let stream: JSONStream
    let level: Int
    let codingPath: [any CodingKey]

    private func check() throws {
        guard level >= 0 else { throw openFailure(codingPath) }
    }

    mutating func encodeNil() throws { try check(); stream.append("null") }
    mutating func encode(_ value: Bool) throws { try check(); stream.append(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { try check(); JSONStream.appendString(value, to: &stream.out) }
    mutating func encode(_ value: Double) throws { try check(); try stream.appendFloat(value, codingPath: codingPath) }
    mutating func encode(_ value: Float) throws { try check(); try stream.appendFloat(value, codingPath: codingPath) }
    mutating func encode(_ value: Int) throws { try check(); stream.appendInteger(value) }
    mutating func encode(_ value: Int8) throws { try check(); stream.appendInteger(value) }
    mutating func encode(_ value: Int16) throws { try check(); stream.appendInteger(value) }
    mutating func encode(_ value: Int32) throws { try check(); stream.appendInteger(value) }
    mutating func encode(_ value: Int64) throws { try check(); stream.appendInteger(value) }
    mutating func encode(_ value: UInt) throws { try check(); stream.appendInteger(value) }
    mutating func encode(_ value: UInt8) throws { try check(); stream.appendInteger(value) }
    mutating func encode(_ value: UInt16) throws { try check(); stream.appendInteger(value) }
    mutating func encode(_ value: UInt32) throws { try check(); stream.appendInteger(value) }
    mutating func encode(_ value: UInt64) throws { try check(); stream.appendInteger(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try check()
        try stream.value(value, level: level, path: codingPath)
    }
}
