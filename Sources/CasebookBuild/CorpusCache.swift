import CasebookCore
import CasebookEnrich
import CasebookRender
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What the corpus stage keeps between builds, beside the output's build cache.
///
/// The parse of each text (`.casebook-cache/<output>/parsed/<digest>.bin`) and its placements (`placed/<digest>.bin`),
/// both in `ByteCoding`'s layout: a text whose bytes, name and metadata
/// are those of an earlier build is not parsed again. The key is a SHA-256 of the tool's identity,
/// the file name, the metadata and the text, so a changed text, a changed metadata file or another build of the tool
/// never meets an old parse. An entry that cannot be read or that holds another key is not trusted: the text is
/// parsed again and the entry replaced. A new parse is written as soon as it is made (an entry is a function of its
/// key, so one left by a build that failed later is as good as any: the build does not hold every parse to its end
/// for it); entries the build did not use are removed only when it succeeds (`commit`).
///
/// The similar pairs of the corpus are kept the same way (`pairs/<digest>.json`, one entry: the last build's), keyed
/// by the tool and every title and summary (`RelatedFinder.input`): an edit in a case's body finds them unchanged.
final class CorpusCache: SimilarPairsMemo, PlacementMemo, Sendable {
    /// `parsed/`, `placed/` and `pairs/` in the output's cache folder.
    let folder: String
    let placedFolder: String
    let pairsFolder: String
    let tool: String
    /// A digest of the reference data's files (`Content/data/`): with the tool, what the reference data is made of.
    let reference: String
    /// False for a cold build (`--no-cache`): every text is parsed, and the parses are kept for the next build.
    let read: Bool
    /// The parse keys this build used (`commit` removes the others).
    private let used = Mutex<Set<String>>([])
    /// The entries this build wrote (`abandon` removes them).
    private let written = Mutex<[String]>([])
    /// Each text's key and the cases its parse gave (shared storage, no copy): placements are kept only for those.
    /// Let go once the cases are placed (`releaseParses()`).
    private let parses = Mutex<[String: (key: String, cases: [Case])]>([:])
    /// The placements this build made, by key, and the keys it used.
    private let placed = Mutex<(new: [String: [Placement]], used: Set<String>)>(([:], []))
    /// The placement key of each text whose cases are the cache's parse of it (`placements`): those cases, placed, are
    /// a function of the key.
    private let placedKeys = Mutex<[String: String]>([:])
    /// The similar pairs this build used: their key, and whether they are new.
    private let pairsUsed = Mutex<(key: String, new: [SimilarPair]?)?>(nil)

    init(cache: BuildCache, tool: String, content: String, read: Bool = true) {
        folder = cache.folder + "/parsed"
        placedFolder = cache.folder + "/placed"
        pairsFolder = cache.folder + "/pairs"
        self.tool = tool
        self.reference = BuildCache.digest(folders: [content + "/data"])
        self.read = read
    }

    /// A text's parse (`parsed/<key>.bin`). Its cases' sections (the bulk of a parse) are kept apart, as the bytes a
    /// build's spill file holds (`SectionCoding`): a build that reads the entry copies them into its spill file without
    /// decoding them, and one that parses the text encodes them once, for both. The rest is in `ByteCoding`'s layout.
    /// The file ends with a SHA-256 of all it holds (`Sealed`), and the counts and layout of the sections are checked
    /// before they are used: an entry that fails any check is not trusted (the text is parsed again).
    struct Entry {
        var key: String
        /// The parse, its cases without their sections.
        var parsed: ParsedDocument
        /// Every case's sections in `SectionCoding`'s layout, one case after another.
        var sections: [UInt8]
        /// How many of those bytes are each case's, in the order of `parsed.cases`.
        var sectionBytes: [Int]

        /// `parsed` kept with its sections apart.
        init(key: String, parsed: ParsedDocument) {
            var bytes: [UInt8] = []
            var counts: [Int] = []
            var stripped = parsed
            for i in stripped.cases.indices {
                let start = bytes.count
                SectionCoding.encode(stripped.cases[i].sections, into: &bytes)
                counts.append(bytes.count - start)
                stripped.cases[i].sections = []
            }
            self.key = key
            self.parsed = stripped
            self.sections = bytes
            self.sectionBytes = counts
        }

        /// The entry as its file holds it.
        func encoded() -> [UInt8] {
            var w = ByteWriter(capacity: sections.count + 4096)
            w.string(key)
            parsed.writeWithoutSections(to: &w)
            w.array(sectionBytes) { $0.number($1) }
            w.number(sections.count)
            w.bytes(sections)
            return Sealed.seal(Self.magic, w)
        }

        static let magic: [UInt8] = Array("casebook parse 1\n".utf8)

        /// The entry a file holds, when it is whole (`Sealed`), well formed and its key is `key`.
        init?(file bytes: [UInt8], key: String) {
            guard var r = Sealed.open(Self.magic, bytes) else { return nil }
            do {
                guard try r.string() == key else { return nil }
                self.key = key
                parsed = try ParsedDocument(readingWithoutSections: &r)
                sectionBytes = try r.array { try $0.number() }
                sections = Array(try r.bytes(try r.count()))
                guard r.atEnd else { return nil }
            } catch {
                return nil
            }
        }

        /// `sections` cut into each case's, by `sectionBytes` (which add up to their count).
        private func slices() -> [ArraySlice<UInt8>] {
            var at = 0
            return sectionBytes.map { n in
                defer { at += n }
                return sections[at..<at + n]
            }
        }

        /// Each case's bytes, when the counts add up and each case's bytes are well formed.
        func caseSections() -> [ArraySlice<UInt8>]? {
            guard sectionBytes.count == parsed.cases.count, sectionBytes.allSatisfy({ $0 > 0 }),
                  sectionBytes.reduce(0, +) == sections.count else { return nil }
            let cut = slices()
            return cut.allSatisfy(SectionCoding.isWellFormed) ? cut : nil
        }

        /// The parse with its cases' sections: written to `spill` (held there, not in memory) or, without one or
        /// where a write fails, decoded into the case. Nil when the entry's sections fail a check.
        func restored(spill: SectionSpill?) -> ParsedDocument? {
            guard let slices = caseSections() else { return nil }
            return Self.spilling(parsed, slices, to: spill)
        }

        /// `parsed`, whose sections this entry (made by this build from it) holds, with them written to `spill` (as
        /// `restored` does) without encoding them again.
        func spilling(_ parsed: ParsedDocument, to spill: SectionSpill?) -> ParsedDocument {
            guard spill != nil else { return parsed }
            // the cases hold their sections: none is decoded, so none can fail
            return Self.spilling(parsed, slices(), to: spill) ?? parsed
        }

        /// Each case of `parsed` with its bytes (`slices`, one a case) written to `spill` and the case reading them
        /// from there. A case without sections (one byte: the count 0) stays as it is, as `Case.spillSections` leaves
        /// it; one whose write fails, or all without a spill, keeps the sections it holds or, holding none, decodes
        /// them (nil when that fails).
        private static func spilling(_ parsed: ParsedDocument, _ slices: [ArraySlice<UInt8>], to spill: SectionSpill?) -> ParsedDocument? {
            var out = parsed
            for (i, slice) in slices.enumerated() where !(slice.count == 1 && slice.first == 0) {
                if let spill, let ref = spill.write(encoded: slice) {
                    out.cases[i].useSpilledSections(spill, at: ref)
                } else if out.cases[i].sections.isEmpty {
                    var reader = SectionCoding.Reader(bytes: Array(slice))
                    guard let sections = reader.sections() else { return nil }
                    out.cases[i].sections = sections
                }
            }
            return out
        }
    }

    /// The key of a document: what its parse depends on.
    func key(_ d: SourceDocument) -> String {
        var hasher = SHA256()
        for part in [tool, d.file, Self.metadataIdentity(d.metadata), d.text] {
            hasher.update(data: Data(part.utf8))
            hasher.update(data: Data([0]))
        }
        return ByteText.hex(hasher.finalize())
    }

    /// The metadata as bytes that change whenever it does (its Codable form, keys sorted).
    static func metadataIdentity(_ m: DocumentMetadata) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(m)).map { String(decoding: $0, as: UTF8.self) } ?? UUID().uuidString
    }

    /// The document's parse from an earlier build, or a fresh one (kept for the next build by `commit`); with
    /// `spill`, its cases' sections written to it before anything else holds them (`Pipeline.spilling`).
    func parse(_ d: SourceDocument, spill: SectionSpill? = nil, _ parse: (SourceDocument) -> ParsedDocument) -> ParsedDocument {
        let key = key(d)
        let path = folder + "/" + key + Self.suffix
        if read, let data = FileManager.default.contents(atPath: path), let e = Entry(file: [UInt8](data), key: key),
           let parsed = e.restored(spill: spill) {
            used.withLock { _ = $0.insert(key) }
            parses.withLock { $0[d.file] = (key, parsed.cases) }
            return parsed
        }
        let made = parse(d)
        // The entry is made before the sections are spilled (encoding them then would read them back), and its bytes
        // of them are what the spill file gets. A cache that cannot be written costs the next build time, never
        // correctness.
        let entry = Entry(key: key, parsed: made)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if Self.write(entry.encoded(), key: key, in: folder) { written.withLock { $0.append(path) } }
        let parsed = entry.spilling(made, to: spill)
        used.withLock { _ = $0.insert(key) }
        parses.withLock { $0[d.file] = (key, parsed.cases) }
        return parsed
    }

    /// The cases are placed: the parses kept to recognise them (`placements`) are let go (at 100k cases, a box per
    /// case that nothing else needs).
    func releaseParses() {
        parses.withLock { $0 = [:] }
    }

    /// A text's placements (`placed/<key>.bin`): the key, the placements in `ByteCoding`'s layout, sealed.
    struct PlacedEntry {
        var key: String
        var placements: [Placement]

        static let magic: [UInt8] = Array("casebook placements 1\n".utf8)

        func encoded() -> [UInt8] {
            var w = ByteWriter(capacity: 256 * placements.count)
            w.string(key)
            w.values(placements)
            return Sealed.seal(Self.magic, w)
        }

        init(key: String, placements: [Placement]) {
            self.key = key
            self.placements = placements
        }

        /// The entry a file holds, when it is whole, well formed and its key is `key`.
        init?(file bytes: [UInt8], key: String) {
            guard var r = Sealed.open(Self.magic, bytes), (try? r.string()) == key, let placements = try? r.values(Placement.self),
                  r.atEnd else { return nil }
            self.key = key
            self.placements = placements
        }
    }

    /// Kept by the text's parse key, the reference data and `salt`; only for the very cases this cache's parse of
    /// `file` gave (a quick comparison: they share its storage), so nothing else can meet an entry.
    func placements(file: String, cases: [Case], salt: [UInt8], place: () -> [Placement]) -> [Placement] {
        guard let parse = parses.withLock({ $0[file] }), parse.cases == cases else { return place() }
        var hasher = SHA256()
        for part in [Array(tool.utf8), Array(parse.key.utf8), Array(reference.utf8), salt] {
            hasher.update(data: part)
            hasher.update(data: [0])
        }
        let key = ByteText.hex(hasher.finalize())
        placedKeys.withLock { $0[file] = key }
        if read, let data = FileManager.default.contents(atPath: placedFolder + "/" + key + Self.suffix),
           let e = PlacedEntry(file: [UInt8](data), key: key), e.placements.count == cases.count {
            placed.withLock { _ = $0.used.insert(key) }
            return e.placements
        }
        let made = place()
        placed.withLock { p in
            p.used.insert(key)
            p.new[key] = made
        }
        return made
    }

    /// Text file → the key its placed cases are a function of (tool, text, metadata, reference data, learned field
    /// terms), for the texts placed through this cache.
    var documentKeys: [String: String] { placedKeys.withLock { $0 } }

    struct PairsEntry: Codable {
        var key: String
        var pairs: [SimilarPair]
    }

    func pairs(input: [UInt8], compute: () -> [SimilarPair]) -> [SimilarPair] {
        var hasher = SHA256()
        hasher.update(data: Data(tool.utf8))
        hasher.update(data: Data([0]))
        hasher.update(data: input)
        let key = ByteText.hex(hasher.finalize())
        if read, let data = FileManager.default.contents(atPath: pairsFolder + "/" + key + ".json"),
           let e = try? JSONDecoder().decode(PairsEntry.self, from: data), e.key == key {
            pairsUsed.withLock { $0 = (key, nil) }
            return e.pairs
        }
        let found = compute()
        pairsUsed.withLock { $0 = (key, found) }
        return found
    }

    /// After a build that failed: the parses it wrote are removed, and the cache's folders when that leaves them
    /// empty (a first build that fails leaves nothing beside its output).
    func abandon() {
        for path in written.withLock({ w in defer { w = [] }; return w }) { unlink(path) }
        var dir = folder
        for _ in 0..<3 {
            guard rmdir(dir) == 0 else { break }
            dir = (dir as NSString).deletingLastPathComponent
        }
    }

    /// After a build that succeeded: removes the parses this build did not use (it wrote its new ones as it made them),
    /// writes the new placements and removes the unused ones. A cache that cannot be written costs the next build
    /// time, never correctness.
    func commit() {
        commitPairs()
        Self.removeUnused(in: folder, used: used.withLock { $0 })
        let (placements, placedKeys) = placed.withLock { p in (p.new, p.used) }
        Self.commit(placements, used: placedKeys, in: placedFolder) { PlacedEntry(key: $0, placements: $1).encoded() }
    }

    /// Writes the `new` entries into `folder` (as `entry` makes them, each named by its key) and removes the entries
    /// this build did not use, and temporary files a dead build left.
    static func commit<Value: Sendable>(_ new: [String: Value], used: Set<String>, in folder: String,
                                        entry: @escaping @Sendable (String, Value) -> [UInt8]) {
        if !new.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        Parallel.forEach(new.keys.sorted()) { key in
            guard let value = new[key] else { return }
            _ = write(entry(key, value), key: key, in: folder)
        }
        removeUnused(in: folder, used: used)
    }

    /// The name of an entry of `parsed/` and `placed/` after its key.
    static let suffix = ".bin"

    /// Writes `bytes` as `<key>.bin` in `folder` (which exists); false when they could not be written.
    static func write(_ bytes: [UInt8], key: String, in folder: String) -> Bool {
        (try? BuildCache.replace(folder + "/" + key + suffix, with: Data(bytes))) != nil
    }

    /// Removes the entries of `folder` whose key is not in `used` (and files of an earlier layout, `<key>.json`), and
    /// temporary files a dead build left.
    static func removeUnused(in folder: String, used: Set<String>) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where !(name.hasSuffix(suffix) && used.contains(String(name.dropLast(suffix.utf8.count)))) {
            unlink(folder + "/" + name)
        }
    }

    /// The pairs this build used become the only entry.
    private func commitPairs() {
        guard let (key, new) = pairsUsed.withLock({ $0 }) else { return }
        let folder = pairsFolder
        if let new {
            let entry = PairsEntry(key: key, pairs: new)
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            guard let data = try? OrderedJSONEncoder().encode(entry), (try? BuildCache.replace(folder + "/" + key + ".json", with: Data(data))) != nil else { return }
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name != key + ".json" {
            unlink(folder + "/" + name)
        }
    }
}

/// A cache file's frame: a line naming what it holds, the bytes, and a SHA-256 of both. A file cut short, grown, or
/// with any byte changed is not opened.
enum Sealed {
    static func seal(_ magic: [UInt8], _ w: ByteWriter) -> [UInt8] {
        var out = magic
        out.reserveCapacity(magic.count + w.bytes.count + 32)
        out += w.bytes
        var hasher = SHA256()
        hasher.update(data: out)
        out += hasher.finalize()
        return out
    }

    /// A reader of the bytes `seal` framed, or nil.
    static func open(_ magic: [UInt8], _ bytes: [UInt8]) -> ByteReader? {
        guard bytes.count >= magic.count + 32, bytes.starts(with: magic) else { return nil }
        let end = bytes.count - 32
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<end])) }
        guard hasher.finalize().elementsEqual(bytes[end...]) else { return nil }
        return ByteReader(bytes: Array(bytes[magic.count..<end]))
    }
}
