import CasebookCore
import Foundation
import Synchronization

/// One case as search sees it.
struct SearchDocument: Sendable {
    var id: String
    var url: String
    var title: String
    /// `广西第二批 · 改革试点经验 第3项`
    var label: String
    /// Everything else a reader sees of the case, paragraphs separated by line ends: made when it is first read (an
    /// incremental build reads it only for the cases that changed).
    var text: String {
        get { lazyText.value }
        set { lazyText = LazyText(newValue) }
    }
    private var lazyText: LazyText

    /// The document with its text made, which this one does not keep: `text` of the copy reads it, this one's makes
    /// it again.
    func withTextMade() -> SearchDocument {
        var d = self
        d.lazyText = LazyText(lazyText.transient)
        return d
    }
    var batch: String
    var kind: String
    /// Empty when the case has no field.
    var field: String
    var zones: [ZoneRef]
    /// The units the case names (resolved names), any role.
    var units: [String] = []
    /// A digest that changes whenever the document would (made from its case's key without reading the case), so that
    /// an unchanged document's text is never made; nil: the digest of what it holds stands in for it.
    var key: String?

    init(id: String, url: String, title: String, label: String, text: String, batch: String, kind: String, field: String,
         zones: [ZoneRef], units: [String] = [], key: String? = nil) {
        self.init(id: id, url: url, title: title, label: label, lazyText: LazyText(text), batch: batch, kind: kind, field: field,
                  zones: zones, units: units, key: key)
    }

    init(id: String, url: String, title: String, label: String, makeText: @escaping @Sendable () -> String, batch: String,
         kind: String, field: String, zones: [ZoneRef], units: [String] = [], key: String? = nil) {
        self.init(id: id, url: url, title: title, label: label, lazyText: LazyText(makeText), batch: batch, kind: kind, field: field,
                  zones: zones, units: units, key: key)
    }

    private init(id: String, url: String, title: String, label: String, lazyText: LazyText, batch: String, kind: String,
                 field: String, zones: [ZoneRef], units: [String], key: String?) {
        self.id = id
        self.url = url
        self.title = title
        self.label = label
        self.lazyText = lazyText
        self.batch = batch
        self.kind = kind
        self.field = field
        self.zones = zones
        self.units = units
        self.key = key
    }

    /// Text made once, on its first read (from any thread).
    final class LazyText: Sendable {
        private let make: @Sendable () -> String
        private let made: Mutex<String?>

        init(_ make: @escaping @Sendable () -> String) {
            self.make = make
            made = Mutex(nil)
        }

        init(_ text: String) {
            make = { text }
            made = Mutex(text)
        }

        /// The text without keeping it when it is not made yet (a build that reads it once holds it no longer than it
        /// needs it).
        var transient: String {
            if let m = made.withLock({ $0 }) { return m }
            return make()
        }

        var value: String {
            made.withLock { m in
                if let m { return m }
                let text = make()
                m = text
                return text
            }
        }
    }
}

/// The order facet values are listed in (batches in document order, fields and zones in reference order).
struct SearchFacetOrder: Sendable {
    var batches: [String] = []
    var kinds: [String] = CaseKind.allCases.map(\.rawValue)
    var fields: [String] = []
    var zones: [ZoneRef] = []
}

/// The search index as JavaScript files loaded with `<script src>`, so it works from file:// as well as over http.
/// Each file calls `casebookIndex(name, data)`. Layout (see docs/search.md):
///
/// - `search/meta.js`: counts, facet dictionaries and one column per facet (a value per case), case lengths.
/// - `search/k/<hex>.js`: postings of the n-grams (1–3 code points) whose hash falls into the shard.
///   A posting list is a string of numbers, two per case: the gap to the previous case, then `(tf − 1) × 2 + inTitle`.
/// - `search/d/<n>.js`: case n's title, label, link and text, loaded only for the results on screen.
struct SearchIndex {
    /// The build picks the number of shards (a power of two) so that a shard holds about this many bytes.
    static let targetShardBytes = 8_000
    static let format = 1

    let documents: [SearchDocument]
    let order: SearchFacetOrder
    /// `data/search-equivalents.yaml`'s groups, as written.
    var equivalents: [[String]] = []
    /// Cases counted at once, and whose postings are held at once (see `SearchIndex+Runs`): the files do not depend on
    /// either.
    var block = 256
    var runCases = SearchIndex.defaultRunCases

    struct Built: Sendable {
        var files: [OutputFile]
        /// Files not in `files`: the previous build's, intact, to be taken as they are; each with how to make it
        /// again (nil: it cannot be) should the previous one be gone when it is taken.
        var kept: [String: @Sendable () -> OutputFile?] = [:]
        var shards: Int
        var keys: Int
        var postings: Int
        var state: SearchIndexState
    }

    func files() -> [OutputFile] { build().files }

    /// The index held in memory, every file in `files` (tests).
    func build(partitions count: Int = Parallel.defaultWorkers, memo: (any SearchIndexMemo)? = nil) -> Built {
        let sink = MemorySink()
        // A memory sink never throws.
        var built = try! build(partitions: count, memo: memo, into: sink)
        built.files = (sink.files + built.files).sorted { $0.path < $1.path }
        return built
    }

    /// The index; with `memo`, the previous build's index patched where the cases that changed put their keys, when
    /// it is there, intact and of the same shape (see `SearchIndexState`), and the state recorded for the next build.
    /// A counted index's texts and shards are written to `sink` as they are made (at 100k cases they would be a
    /// gigabyte held at once); `files` holds the rest, `kept` what the previous build's files serve for
    /// (`Built.write(into:)` hands both to the sink).
    func build(partitions count: Int = Parallel.defaultWorkers, memo: (any SearchIndexMemo)?, into sink: any OutputSink) throws -> Built {
        let digests = Parallel.map(documents) { SearchIndexState.identity(of: $0) }
        let built = try memo.flatMap { m in m.previousSearchIndex.flatMap { patched($0, digests: digests, memo: m) } }
            ?? counted(partitions: count, digests: digests, into: sink)
        memo?.record(built.state)
        return built
    }

    /// Every case's keys counted; each case's text file and each shard written to `sink` as soon as it is made.
    func counted(partitions count: Int, digests: [String], into sink: any OutputSink) throws -> Built {
        // Each key's postings, encoded as they come (cases ascending): the gap since the key's previous case, then
        // (tf − 1) × 2 + inTitle. The keys are shared out into partitions by a hash, one thread a partition, each
        // merging every case in order; the file bytes do not depend on the partitions (shards are sorted by key).
        let partitions = (0..<max(1, count)).map { _ in Partition() }
        let parts = UInt64(partitions.count)
        var lengths: [Int] = []
        var titleLengths: [Int] = []
        var postingCount = 0
        let groups = SearchText.equivalents(equivalents)
        // The keys of each case are counted in parallel, a block of cases at a time (so that the counts of only one
        // block wait in memory), then merged into the partitions, each key's postings of the block at once.
        // A case's text is made here, counted, written and digested, and then let go.
        let block = self.block
        var texts: [String] = []
        texts.reserveCapacity(documents.count)
        // More cases than a run holds: the postings go to runs in temporary files, merged at the end. Each file is
        // unlinked as soon as it is made, so a killed build leaves none behind.
        let runFolder = documents.count > runCases ? FileManager.default.temporaryDirectory.path : nil
        var runs: [RunFile] = []
        defer { for r in runs { try? r.close() } }
        for start in stride(from: 0, to: documents.count, by: block) {
            let made = try Parallel.map(Array(start..<min(start + block, documents.count))) { n in
                let doc = documents[n].withTextMade()
                try sink.write(SearchIndex.textFile(n, doc))
                var c = SearchIndex.count(doc, groups: groups)
                let bounds = Postings.sortByPartition(&c.counts, parts: parts)
                return ((counts: c.counts, bounds: bounds, length: c.length, titleLength: c.titleLength),
                        doc.key == nil ? digests[n] : SearchIndexState.digest(of: doc))
            }
            texts += made.map(\.1)
            let counted = made.map(\.0)
            for c in counted {
                lengths.append(c.length)
                titleLengths.append(c.titleLength)
                postingCount += c.counts.count
            }
            Parallel.forEach(Array(partitions.indices)) { p in
                // Moved out while it is filled (no copy, no exclusivity check per posting).
                var part = Postings()
                swap(&part, &partitions[p].postings)
                part.add(block: counted.map { $0.counts[$0.bounds[p]..<$0.bounds[p + 1]] }, first: start)
                partitions[p].postings = part
            }
            let end = min(start + block, documents.count)
            if let runFolder, end % runCases == 0 || end == documents.count {
                let run = try RunFile(temporaryIn: runFolder)
                runs.append(run)
                try Self.spill(partitions, to: run)
            }
        }
        // The shards from the runs, or from the partitions held in memory; one state either way.
        let made = runs.isEmpty ? try shards(fromPartitions: partitions, into: sink) : try shards(fromRuns: runs, into: sink)
        let state = SearchIndexState(equivalents: equivalents, shards: made.shards, total: made.total, keys: made.keys, postings: postingCount,
                                     documents: digests, texts: texts, lengths: lengths, titleLengths: titleLengths, shardDigests: made.digests)
        return finish(Built(files: [], shards: made.shards, keys: made.keys, postings: postingCount, state: state), previous: nil, memo: nil,
                      textsWritten: true)
    }

    /// The shards of the keys the partitions hold, each written to `sink`; the partitions are emptied. Each partition's
    /// keys are encoded on a core of their own and each shard's file made on one (the entries in partition order, as one
    /// thread would); keys are shared out into shards of about targetShardBytes.
    func shards(fromPartitions partitions: [Partition], into sink: any OutputSink) throws -> (shards: Int, total: Int, keys: Int, digests: [String]) {
        var encoded = Parallel.map(Array(partitions.indices)) { p -> [ShardEntry] in
            let part = partitions[p].postings
            return part.keys.enumerated().map { id, k in
                ShardEntry(key: k, name: SearchEncoding.jsonString(SearchText.string(SearchText.unpack(k))), list: part.lists[id])
            }
        }.flatMap { $0 }
        // The entries now hold the lists alone.
        for p in partitions { p.postings = Postings() }
        let total = encoded.reduce(0) { $0 + $1.size }, keys = encoded.count
        let shards = Self.shardCount(total: total)
        var byShard = [[ShardEntry]](repeating: [], count: shards)
        for e in encoded { byShard[Self.shard(of: e.key, shards: shards)].append(e) }
        encoded = []
        let digits = Self.digits(shards)
        let entries = byShard
        byShard = []
        let digests = try Parallel.map(Array(entries.indices)) { s in
            let file = Self.shardFile(s, digits: digits, entries[s])
            try sink.write(file)
            return SearchIndexState.digest(of: file.bytes)
        }
        return (shards, total, keys, digests)
    }

    /// The files besides the shards: each case's text (kept from the previous build when the case is the same and its
    /// file intact; none when `textsWritten`, as they were counted), the units, the traditional characters and the meta
    /// file.
    func finish(_ built: Built, previous: SearchIndexState?, memo: (any SearchIndexMemo)?, textsWritten: Bool = false) -> Built {
        var built = built
        let documents = self.documents, texts = built.state.texts
        let made = textsWritten ? [] : Parallel.map(Array(documents.indices)) { n -> OutputFile? in
            if let previous, previous.texts[n] == texts[n], memo?.isIntact(SearchIndex.textPath(n)) == true { return nil }
            return SearchIndex.textFile(n, documents[n])
        }
        for (n, file) in made.enumerated() {
            if let file { built.files.append(file) } else { built.kept[Self.textPath(n)] = { SearchIndex.textFile(n, documents[n]) } }
        }
        let state = built.state
        built.files.append(OutputFile(path: "search/units.js", text: unitsFile()))
        built.files += tsFiles()
        built.files.append(OutputFile(path: "search/meta.js", text: meta(shards: state.shards, digits: Self.digits(state.shards), lengths: state.lengths, titleLengths: state.titleLengths)))
        built.files.sort { $0.path < $1.path }
        return built
    }

    static func textPath(_ n: Int) -> String { "search/d/\(n).js" }

    /// `search/d/<n>.js`: case n's id, label, text, title and link.
    static func textFile(_ n: Int, _ doc: SearchDocument) -> OutputFile {
        var bytes: [UInt8] = Array("casebookIndex(\"d/\(n)\",{".utf8)
        for (i, (key, value)) in [("id", doc.id), ("label", doc.label), ("text", doc.text), ("title", doc.title), ("url", doc.url)].enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += Array("\"\(key)\":".utf8)
            bytes += SearchEncoding.jsonString(value)
        }
        bytes += Array("});\n".utf8)
        return OutputFile(path: textPath(n), bytes: Data(bytes))
    }

    /// One key of a shard: its packed code points, its name as JSON and its posting list.
    struct ShardEntry {
        var key: UInt64
        var name: [UInt8]
        var list: [UInt8]
        /// What it adds to the size the number of shards is chosen by.
        var size: Int { name.count + list.count + 4 }
    }

    /// The number of shards (a power of two) for keys of `total` bytes.
    static func shardCount(total: Int) -> Int {
        var shards = 1
        while shards * targetShardBytes < total && shards < 1 << 16 { shards <<= 1 }
        return shards
    }

    static func digits(_ shards: Int) -> Int { String(shards - 1, radix: 16).count }

    static func shard(of key: UInt64, shards: Int) -> Int { Int(SearchText.hash(SearchText.unpack(key))) & (shards - 1) }

    static func shardPath(_ s: Int, digits: Int) -> String { "search/k/" + hex(s, digits: digits) + ".js" }

    /// `search/k/<hex>.js`: the shard's keys sorted.
    static func shardFile(_ s: Int, digits: Int, _ entries: [ShardEntry]) -> OutputFile {
        let name = "k/" + SearchIndex.hex(s, digits: digits)
        var body: [UInt8] = Array("casebookIndex(\"\(name)\",{".utf8)
        for (j, e) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
            if j > 0 { body.append(UInt8(ascii: ",")) }
            body += e.name
            body.append(UInt8(ascii: ":"))
            body.append(UInt8(ascii: "\""))
            body += e.list
            body.append(UInt8(ascii: "\""))
        }
        body += Array("});\n".utf8)
        return OutputFile(path: "search/\(name).js", bytes: Data(body))
    }

    /// One partition's postings, handed between threads one block at a time.
    final class Partition: @unchecked Sendable {
        var postings = Postings()
    }

    /// The postings of the keys of one partition: keys numbered as first seen, each with its encoded list and the
    /// last case added.
    struct Postings {
        var table = KeyTable(capacity: 1 << 14)
        var keys: [UInt64] { table.keys }
        var lists: [[UInt8]] = []
        var previous: [Int32] = []
        /// By key: its index among the keys of the block being added, or −1.
        var local: [Int32] = []

        static func partition(_ k: UInt64, of parts: UInt64) -> Int { Int(((k &* 0x9E37_79B9_7F4A_7C15) >> 32) % parts) }

        /// A case's counts put in partition order (keeping their order within a partition: the order keys are first
        /// seen in); returns where each partition's run starts, and where the last one ends. Done where the case is
        /// counted, so that each partition's thread reads only its own postings (each read all of them, and skipped the
        /// other partitions': at two partitions the merge took twice the time of one).
        static func sortByPartition(_ counts: inout [(UInt64, UInt32)], parts: UInt64) -> [Int] {
            guard parts > 1 else { return [0, counts.count] }
            var starts = [Int](repeating: 0, count: Int(parts) + 1)
            var of = [Int32](repeating: 0, count: counts.count)
            for (i, (k, _)) in counts.enumerated() {
                let p = partition(k, of: parts)
                of[i] = Int32(p)
                starts[p + 1] += 1
            }
            for p in 0..<Int(parts) { starts[p + 1] += starts[p] }
            var fill = starts
            var sorted = counts
            for (i, c) in counts.enumerated() {
                let p = Int(of[i])
                sorted[fill[p]] = c
                fill[p] += 1
            }
            counts = sorted
            return starts
        }

        /// The postings of a block of cases (`first`, `first + 1`, …): each case's counts of this partition's keys.
        /// Grouped by key first, so that each key's list is reached once per block rather than once per posting (the
        /// lists are far larger than the processor's caches).
        mutating func add(block: [ArraySlice<(UInt64, UInt32)>], first: Int) {
            var touched: [Int32] = []  // keys of the block, first seen first
            var sizes: [Int32] = []  // postings per touched key
            var slot: [Int32] = []  // per posting of the block: its touched key
            slot.reserveCapacity(block.reduce(0) { $0 + $1.count })
            for counts in block {
                for (k, _) in counts {
                    let (id, inserted) = table.id(k)
                    if inserted { lists.append([]); previous.append(-1); local.append(-1) }
                    var l = local[id]
                    if l < 0 { l = Int32(touched.count); local[id] = l; touched.append(Int32(id)); sizes.append(0) }
                    sizes[Int(l)] += 1
                    slot.append(l)
                }
            }
            var offsets = [Int](repeating: 0, count: touched.count + 1)
            for i in touched.indices { offsets[i + 1] = offsets[i] + Int(sizes[i]) }
            var fill = offsets
            var cases = [Int32](repeating: 0, count: offsets[touched.count])
            var values = [UInt32](repeating: 0, count: offsets[touched.count])
            var j = 0
            for (n, counts) in block.enumerated() {
                for (_, v) in counts {
                    let l = Int(slot[j])
                    j += 1
                    cases[fill[l]] = Int32(first + n)
                    values[fill[l]] = v
                    fill[l] += 1
                }
            }
            // Each key's postings, gap since its previous case then (tf − 1) × 2 + inTitle.
            for (l, id32) in touched.enumerated() {
                let id = Int(id32)
                var prev = previous[id]
                var list = lists[id]
                lists[id] = []
                for at in offsets[l]..<offsets[l + 1] {
                    let v = values[at]
                    SearchEncoding.varint(UInt32(cases[at] - prev - 1), into: &list)
                    SearchEncoding.varint(((v >> 1) - 1) << 1 | (v & 1), into: &list)
                    prev = cases[at]
                }
                lists[id] = list
                previous[id] = prev
                local[id] = -1
            }
        }
    }

    /// One case's keys (n-grams of 1–3 code points, and the groups of equivalents it names) with tf × 2 + inTitle, in
    /// the order first seen; its length and its title's length in code points.
    @inline(__always) static func countKey(_ k: UInt64, _ title: UInt32, _ table: inout KeyTable, _ values: inout [UInt32]) {
        let (id, inserted) = table.id(k)
        if inserted { values.append(2 | title) } else { values[id] = (values[id] + 2) | title }
    }

    static func count(_ doc: SearchDocument, groups: [[[UInt32]]]) -> (counts: [(UInt64, UInt32)], length: Int, titleLength: Int) {
        let titleRuns = SearchText.segments(doc.title), textRuns = SearchText.segments(doc.text)
        let titleLength = titleRuns.reduce(0) { $0 + $1.count }
        let length = textRuns.reduce(titleLength) { $0 + $1.count }
        var table = KeyTable(capacity: 2 * length + 16)  // key → id, ids in the order first seen
        var values: [UInt32] = []  // by id: tf × 2 + inTitle
        values.reserveCapacity(2 * length + 16)
        // The table and counts are passed inout, not captured by a local function or closure: a captured variable is
        // boxed and checked for exclusive access at run time on every count (about a fifth of the index's time at 10k).
        for (runs, title) in [(titleRuns, UInt32(1)), (textRuns, UInt32(0))] {
            for seg in runs {
                let n = seg.count
                for i in 0..<n {
                    let a = UInt64(seg[i] + 1) << 42
                    countKey(a, title, &table, &values)
                    if i + 1 < n {
                        let ab = a | UInt64(seg[i + 1] + 1) << 21
                        countKey(ab, title, &table, &values)
                        if i + 2 < n { countKey(ab | UInt64(seg[i + 2] + 1), title, &table, &values) }
                    }
                }
            }
        }
        // Each group of equivalents the case holds a name of: its key, counted like a term.
        for (g, names) in groups.enumerated() {
            let inTitle = SearchText.occurrences(of: names, in: titleRuns)
            let n = inTitle + SearchText.occurrences(of: names, in: textRuns)
            if n > 0 {
                let (id, inserted) = table.id(SearchText.pack(SearchText.groupKey(g)))
                let v = UInt32(n) * 2 | (inTitle > 0 ? 1 : 0)
                if inserted { values.append(v) } else { values[id] = v }
            }
        }
        return (Array(zip(table.keys, values)), length, titleLength)
    }

    /// `search/units.js`: the unit facet, loaded only when a reader filters by unit. Unit names (most cases first, then
    /// by name) and, per unit, its cases as a posting string of gaps (`n − previous − 1`, the first from −1).
    func unitsFile() -> String {
        var cases: [String: [Int]] = [:]
        for (n, d) in documents.enumerated() { for u in Set(d.units) { cases[u, default: []].append(n) } }
        let names = cases.keys.sorted { (cases[$1]!.count, $0) < (cases[$0]!.count, $1) }
        let lists = names.map { name -> String in
            var bytes: [UInt8] = []
            var previous = -1
            for n in cases[name]! { SearchEncoding.varint(UInt32(n - previous - 1), into: &bytes); previous = n }
            return "\"" + String(decoding: bytes, as: UTF8.self) + "\""
        }
        return "casebookIndex(\"units\",{\"cases\":[" + lists.joined(separator: ",") + "],\n\"names\":["
            + names.map(SearchEncoding.jsonText).joined(separator: ",") + "]});\n"
    }

    /// `search/t/<block>.js`: the traditional characters of a code-point block (`cp >> 8`), each followed by its
    /// simplified form; a query loads the blocks of its own characters.
    func tsFiles() -> [OutputFile] {
        var blocks: [String: [(UInt32, UInt32)]] = [:]
        for (t, s) in SearchText.traditional { blocks[SearchText.tsBlock(t), default: []].append((t, s)) }
        return blocks.sorted { $0.key < $1.key }.map { block, pairs in
            let text = pairs.sorted { $0.0 < $1.0 }.map { SearchText.string([$0.0, $0.1]) }.joined()
            return OutputFile(path: "search/t/\(block).js", text: "casebookIndex(\"t/\(block)\",\(SearchEncoding.jsonText(text)));\n")
        }
    }

    static func hex(_ n: Int, digits: Int) -> String {
        let h = String(n, radix: 16)
        return String(repeating: "0", count: max(0, digits - h.count)) + h
    }

    /// Facet dictionaries, one column (a number per case) per facet, and the case lengths ranking divides by.
    func meta(shards: Int, digits: Int, lengths: [Int], titleLengths: [Int]) -> String {
        func dictionary(_ order: [String], _ values: [String]) -> [String] {
            let used = Set(values)
            return order.filter(used.contains) + used.subtracting(order).sorted()
        }
        let batches = dictionary(order.batches, documents.map(\.batch))
        let kinds = dictionary(order.kinds, documents.map(\.kind))
        let fields = dictionary(order.fields, documents.map(\.field))
        let usedZones = Set(documents.flatMap(\.zones))
        let zones = order.zones.filter(usedZones.contains) + usedZones.subtracting(order.zones).sorted()
        let zoneIndex = Dictionary(uniqueKeysWithValues: zones.enumerated().map { ($1, $0) })
        var zoneSets: [[Int]] = []
        var zoneSetIndex: [[Int]: Int] = [:]
        var zoneColumn: [Int] = []
        for doc in documents {
            let set = Array(Set(doc.zones.compactMap { zoneIndex[$0] })).sorted()
            if zoneSetIndex[set] == nil { zoneSetIndex[set] = zoneSets.count; zoneSets.append(set) }
            zoneColumn.append(zoneSetIndex[set]!)
        }
        func column(_ values: [String], _ dict: [String]) -> [Int] {
            let index = Dictionary(uniqueKeysWithValues: dict.enumerated().map { ($1, $0) })
            return values.map { index[$0]! }
        }
        func list(_ strings: [String]) -> String { "[" + strings.map(SearchEncoding.jsonText).joined(separator: ",") + "]" }
        func encode(_ values: [Int]) -> String {
            var bytes: [UInt8] = []
            for v in values { SearchEncoding.varint(UInt32(v), into: &bytes) }
            return "\"" + String(decoding: bytes, as: UTF8.self) + "\""
        }
        let columns: [(String, String)] = [
            ("batch", encode(column(documents.map(\.batch), batches))),
            ("field", encode(column(documents.map(\.field), fields))),
            ("kind", encode(column(documents.map(\.kind), kinds))),
            ("length", encode(lengths)),
            ("titleLength", encode(titleLengths)),
            ("zones", encode(zoneColumn)),
        ]
        let columnObject: String = "{" + columns.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
        let zoneSetList: String = "[" + zoneSets.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
        let zoneList: String = "[" + zones.map { list([$0.ftz, $0.area ?? ""]) }.joined(separator: ",") + "]"
        let parts: [(String, String)] = [
            ("batches", list(batches)),
            ("columns", columnObject),
            ("docs", String(documents.count)),
            ("equivalents", "[" + SearchText.equivalents(equivalents).map { g in list(g.map(SearchText.string)) }.joined(separator: ",") + "]"),
            ("fields", list(fields)),
            ("format", String(SearchIndex.format)),
            ("kinds", list(kinds)),
            ("maxGrams", String(SearchText.maxGramsPerTerm)),
            ("shardDigits", String(digits)),
            ("shards", String(shards)),
            ("tsBlocks", list(Set(SearchText.traditional.keys.map(SearchText.tsBlock)).sorted())),
            ("zoneSets", zoneSetList),
            ("zones", zoneList),
        ]
        return "casebookIndex(\"meta\",{" + parts.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",\n") + "});\n"
    }
}

/// The number and string encodings of the index files.
enum SearchEncoding {
    /// Digits that end a number, and digits that continue it; each carries 5 bits, most significant first.
    static let last = Array("0123456789abcdefghijklmnopqrstuv".utf8)
    static let more = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_".utf8)

    @inline(__always) static func varint(_ v: UInt32, into out: inout [UInt8]) {
        var groups = 1
        while groups < 7 && v >> (5 * UInt32(groups)) != 0 { groups += 1 }
        for g in stride(from: groups - 1, to: 0, by: -1) { out.append(moreDigit((v >> (5 * UInt32(g))) & 31)) }
        out.append(lastDigit(v & 31))
    }

    /// `last[d]` and `more[d]` computed, not looked up (a global array costs a lazy-initialisation check per digit).
    @inline(__always) static func lastDigit(_ d: UInt32) -> UInt8 { UInt8(truncatingIfNeeded: d < 10 ? 48 + d : 87 + d) }
    @inline(__always) static func moreDigit(_ d: UInt32) -> UInt8 {
        switch d {
        case 0..<26: UInt8(truncatingIfNeeded: 65 + d)
        case 26..<30: UInt8(truncatingIfNeeded: 119 + d - 26)  // w x y z
        case 30: UInt8(ascii: "-")
        default: UInt8(ascii: "_")
        }
    }

    static func decode(_ s: String) -> [UInt32] {
        var out: [UInt32] = []
        var v: UInt32 = 0
        for b in s.utf8 {
            if let i = last.firstIndex(of: b) { out.append(v << 5 | UInt32(i)); v = 0 } else if let i = more.firstIndex(of: b) { v = v << 5 | UInt32(i) }
        }
        return out
    }

    /// A JSON string literal that is also safe JavaScript (U+2028 and U+2029 escaped); other text stays UTF-8.
    static func jsonText(_ s: String) -> String { String(decoding: jsonString(s), as: UTF8.self) }

    static func jsonString(_ s: String) -> [UInt8] {
        // Over UTF-8 bytes: only ASCII bytes need escaping, and U+2028/U+2029 (E2 80 A8/A9, line ends in JavaScript
        // before ES2019); the runs between them are copied whole.
        var s = s
        return s.withUTF8 { bytes -> [UInt8] in
            let n = bytes.count
            var out: [UInt8] = []
            out.reserveCapacity(n + 2)
            out.append(UInt8(ascii: "\""))
            var start = 0, i = 0
            while i < n {
                let b = bytes[i]
                let lineEnd = b == 0xE2 && i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b == UInt8(ascii: "<") || lineEnd else {
                    i += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), b]
                case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case UInt8(ascii: "<"): out += Array("\\u003c".utf8)
                case 0xE2: out += Array((bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                default: out += Array("\\u00".utf8) + [hexDigits[Int(b >> 4)], hexDigits[Int(b & 15)]]
                }
                i += lineEnd ? 3 : 1
                start = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<n]))
            out.append(UInt8(ascii: "\""))
            return out
        }
    }

    static let hexDigits = Array("0123456789abcdef".utf8)
}
