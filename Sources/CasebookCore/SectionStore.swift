/// Where a case's sections are kept once they are out of memory (`Case.spillSections`): the build's temporary file
/// (`SectionSpill` in CasebookBuild). This module does no I/O; it defines what a store answers and the layout of one
/// case's sections in it.
public protocol SectionStore: AnyObject, Sendable {
    /// Writes `sections`; nil when they could not be written (the case keeps them).
    func write(_ sections: [Section]) -> SectionRef?
    /// Writes sections already in `SectionCoding`'s layout (one case's, well formed); nil when they could not be
    /// written.
    func write(encoded bytes: ArraySlice<UInt8>) -> SectionRef?
    /// The sections at `ref`; none when they cannot be read back (the store then tells `failure`).
    func read(_ ref: SectionRef) -> [Section]
    /// The first read that failed, as a sentence; nil while every read succeeded.
    var failure: String? { get }
}

/// Where one case's sections are in a store.
public struct SectionRef: Sendable, Hashable {
    public let offset: Int64
    public let count: Int
    public init(offset: Int64, count: Int) {
        self.offset = offset
        self.count = count
    }
}

/// The layout of one case's sections in a store, and in the parse cache (whose entries only the build of the tool that
/// wrote them reads: their key holds the tool's identity): counts and lengths as LEB128 numbers, strings as their UTF-8
/// bytes.
public enum SectionCoding {
    public static func encode(_ sections: [Section], into out: inout [UInt8]) {
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

    private static func number(_ n: Int, _ out: inout [UInt8]) { ByteWriter.number(n, &out) }
    private static func string(_ s: String, _ out: inout [UInt8]) { ByteWriter.string(s, &out) }
    private static func strings(_ list: [String], _ out: inout [UInt8]) { ByteWriter.strings(list, &out) }

    /// Whether `bytes` are exactly one case's sections in this layout (every count and length within them, every tag
    /// known), checked without making their strings.
    public static func isWellFormed(_ bytes: ArraySlice<UInt8>) -> Bool {
        var reader = Reader(bytes: Array(bytes))
        return reader.skipSections() && reader.atEnd
    }

    /// `ByteReader` with the answers of a read that fails as nil.
    public struct Reader {
        var inner: ByteReader
        public var atEnd: Bool { inner.atEnd }
        public init(bytes: [UInt8]) { inner = ByteReader(bytes: bytes) }

        mutating func byte() -> UInt8? { try? inner.byte() }
        mutating func number() -> Int? { try? inner.number() }
        mutating func string() -> String? { try? inner.string() }
        /// A count no larger than the bytes left, or nil.
        mutating func bounded() -> Int? { try? inner.count() }

        /// Steps over a string; false when its length runs past the end.
        mutating func skipString() -> Bool { (try? inner.skipString()) != nil }

        mutating func skipStrings() -> Bool {
            guard let n = bounded() else { return false }
            for _ in 0..<n where !skipString() { return false }
            return true
        }

        /// Steps over one case's sections as `sections()` reads them; false where `sections()` would answer nil.
        public mutating func skipSections() -> Bool {
            guard let count = bounded() else { return false }
            for _ in 0..<count {
                guard let flags = byte(), flags < 4 else { return false }
                if flags & 1 != 0, !skipString() { return false }
                if flags & 2 != 0, number() == nil { return false }
                guard let n = bounded() else { return false }
                for _ in 0..<n {
                    switch byte() {
                    case 0, 1: guard skipString() else { return false }
                    case let tag? where tag == 2 || tag == 3:
                        if tag == 3, !skipString() { return false }
                        guard skipStrings(), let rowCount = bounded() else { return false }
                        for _ in 0..<rowCount where !skipStrings() { return false }
                    default: return false
                    }
                }
            }
            return true
        }

        mutating func strings() -> [String]? { try? inner.strings() }

        public mutating func sections() -> [Section]? {
            guard let count = bounded() else { return nil }
            var out: [Section] = []
            out.reserveCapacity(count)
            for _ in 0..<count {
                guard let flags = byte(), flags < 4 else { return nil }
                var heading: String?
                var line: Int?
                if flags & 1 != 0 { guard let h = string() else { return nil }; heading = h }
                if flags & 2 != 0 { guard let l = number() else { return nil }; line = l }
                guard let n = bounded() else { return nil }
                var blocks: [Block] = []
                blocks.reserveCapacity(n)
                for _ in 0..<n {
                    switch byte() {
                    case 0: guard let p = string() else { return nil }; blocks.append(.paragraph(p))
                    case 1: guard let h = string() else { return nil }; blocks.append(.subheading(h))
                    case let tag? where tag == 2 || tag == 3:
                        var caption: String?
                        if tag == 3 { guard let c = string() else { return nil }; caption = c }
                        guard let header = strings(), let rowCount = bounded() else { return nil }
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
