import CasebookCore
import Foundation

/// What a build keeps of its search index for the next one: enough to patch the shards that the keys of the changed
/// cases fall into, instead of counting every case again (one changed sentence changes a few dozen keys, in a few
/// dozen of thousands of shards).
///
/// The patch is taken only when the index keeps its shape — the same number of cases in the same order, the same
/// equivalents, the same number of shards after the change — and every file it reads back from the previous site (the
/// changed cases' texts, every shard) has the digest recorded here; otherwise the index is counted whole. Either way
/// the files are byte-identical.
public struct SearchIndexState: Codable, Sendable, Equatable {
    static let currentFormat = 2

    var format = SearchIndexState.currentFormat
    var indexFormat = SearchIndex.format
    var equivalents: [[String]]
    var shards: Int
    /// The size the number of shards is chosen by (`ShardEntry.size` summed), the number of keys and of postings.
    var total: Int
    var keys: Int
    var postings: Int
    /// Per case, in index order: its document's identity (`SearchDocument.key`, or the digest of what it holds), a
    /// digest of what its text file holds (its keys are made from its title and text), its length and its title's
    /// length in code points.
    var documents: [String]
    var texts: [String]
    var lengths: [Int]
    var titleLengths: [Int]
    /// A digest of the bytes of each shard file, by shard.
    var shardDigests: [String]

    /// A document's identity: its key, or the digest of what it holds.
    static func identity(of doc: SearchDocument) -> String { doc.key ?? digest(of: doc) }

    static func digest(of doc: SearchDocument) -> String {
        var h = SHA256()
        for part in [doc.id, doc.label, doc.title, doc.text, doc.url] {
            h.update(data: Data(part.utf8))
            h.update(data: Data([0]))
        }
        return ByteText.hex(h.finalize())
    }

    static func digest(of bytes: Data) -> String { ByteText.hex(SHA256.hash(data: bytes)) }
}

/// Where a build finds the previous search index and leaves its own (the build cache).
public protocol SearchIndexMemo: Sendable {
    /// The state the previous build left, if any.
    var previousSearchIndex: SearchIndexState? { get }
    /// The bytes of the previous site's file at `path` (relative to the site), if it has one.
    func previousFile(_ path: String) -> Data?
    /// Whether the previous site's file at `path` is still the one the previous build wrote.
    func isIntact(_ path: String) -> Bool
    func record(_ state: SearchIndexState)
}

extension SearchIndex {
    /// The previous index with the postings of the changed cases replaced, or nil when it cannot be patched.
    func patched(_ previous: SearchIndexState, digests: [String], memo: any SearchIndexMemo) -> Built? {
        guard previous.format == SearchIndexState.currentFormat, previous.indexFormat == Self.format,
              previous.equivalents == equivalents, previous.documents.count == documents.count, previous.texts.count == documents.count,
              previous.lengths.count == documents.count, previous.titleLengths.count == documents.count,
              previous.shards == Self.shardCount(total: previous.total), previous.shardDigests.count == previous.shards else { return nil }
        // A document whose identity changed may still hold what it held (its case's key follows its whole text file):
        // the digest of what it holds says whether its keys can have changed.
        var texts = previous.texts
        let moved = documents.indices.filter { digests[$0] != previous.documents[$0] }
        for (n, t) in zip(moved, Parallel.map(moved) { SearchIndexState.digest(of: documents[$0]) }) { texts[n] = t }
        let changed = moved.filter { texts[$0] != previous.texts[$0] }
        // Past a few cases, counting them all is as quick as reading back what they had.
        guard changed.count <= max(16, documents.count / 50) else { return nil }
        let groups = SearchText.equivalents(equivalents)
        let changedSet = Set(changed.map(Int32.init))
        var state = previous
        state.documents = digests
        state.texts = texts
        // Every key whose posting of a changed case is new, changed or gone, and the changed cases' new postings.
        var touched = Set<UInt64>()
        var added: [UInt64: [(Int32, UInt32)]] = [:]
        for n in changed {
            guard let old = oldDocument(n, previous, memo: memo) else { return nil }
            let was = Self.count(old, groups: groups), now = Self.count(documents[n], groups: groups)
            guard was.length == previous.lengths[n], was.titleLength == previous.titleLengths[n] else { return nil }
            var before = Dictionary(uniqueKeysWithValues: was.counts.map { ($0.0, $0.1) })
            for (k, v) in now.counts {
                added[k, default: []].append((Int32(n), ((v >> 1) - 1) << 1 | (v & 1)))
                if before.removeValue(forKey: k) != v { touched.insert(k) }
            }
            touched.formUnion(before.keys)
            state.postings += now.counts.count - was.counts.count
            state.lengths[n] = now.length
            state.titleLengths[n] = now.titleLength
        }

        let shards = previous.shards, digits = Self.digits(shards)
        var byShard: [Int: [UInt64]] = [:]
        for k in touched { byShard[Self.shard(of: k, shards: shards), default: []].append(k) }
        var rewritten: [Int: [ShardEntry]] = [:]
        for (s, keys) in byShard {
            guard var entries = previousEntries(s, digits: digits, previous, memo: memo) else { return nil }
            var at = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.key, $0) })
            for k in keys {
                var postings: [(Int32, UInt32)] = []
                if let i = at[k] {
                    guard let old = Self.postings(entries[i].list) else { return nil }
                    postings = old.filter { !changedSet.contains($0.0) }
                    state.total -= entries[i].size
                    state.keys -= 1
                }
                postings += added[k] ?? []
                postings.sort { $0.0 < $1.0 }
                var list: [UInt8] = []
                var prev: Int32 = -1
                for (n, v) in postings {
                    SearchEncoding.varint(UInt32(n - prev - 1), into: &list)
                    SearchEncoding.varint(v, into: &list)
                    prev = n
                }
                let entry = ShardEntry(key: k, name: at[k].map { entries[$0].name } ?? SearchEncoding.jsonString(SearchText.string(SearchText.unpack(k))), list: list)
                if postings.isEmpty {
                    if let i = at[k] { entries[i].list = [] }
                    continue
                }
                state.total += entry.size
                state.keys += 1
                if let i = at[k] { entries[i] = entry } else { at[k] = entries.count; entries.append(entry) }
            }
            rewritten[s] = entries.filter { !$0.list.isEmpty }
        }
        // The number of shards is chosen by the total size: when the change moves it, every key moves.
        guard Self.shardCount(total: state.total) == shards else { return nil }

        // The other shards are the previous build's: taken as they are when intact, else read back and checked.
        var built = Built(files: [], shards: shards, keys: state.keys, postings: state.postings, state: state)
        for (s, entries) in rewritten {
            let file = Self.shardFile(s, digits: digits, entries)
            built.state.shardDigests[s] = SearchIndexState.digest(of: file.bytes)
            built.files.append(file)
        }
        let rewrittenShards = Set(rewritten.keys)
        let others = Parallel.map(Array(0..<shards)) { s -> (path: String, intact: Bool, file: OutputFile?) in
            let path = Self.shardPath(s, digits: digits)
            if rewrittenShards.contains(s) || memo.isIntact(path) { return (path, true, nil) }
            return (path, false, Self.previousShard(s, digits: digits, previous, memo: memo))
        }
        for (s, other) in others.enumerated() where !rewrittenShards.contains(s) {
            if other.intact {
                built.kept[other.path] = { Self.previousShard(s, digits: digits, previous, memo: memo) }
            } else {
                // Read back and checked: written like any file (the sink links it to the previous one, equal bytes).
                guard let file = other.file else { return nil }
                built.files.append(file)
            }
        }
        return finish(built, previous: previous, memo: memo)
    }

    /// The previous build's shard `s` as it wrote it (checked by its digest), or nil.
    static func previousShard(_ s: Int, digits: Int, _ previous: SearchIndexState, memo: any SearchIndexMemo) -> OutputFile? {
        let path = shardPath(s, digits: digits)
        guard let bytes = memo.previousFile(path), SearchIndexState.digest(of: bytes) == previous.shardDigests[s] else { return nil }
        return OutputFile(path: path, bytes: bytes)
    }

    /// The title and text case `n` had in the previous build, from its text file (`search/d/<n>.js`), when that file
    /// is the one the previous build wrote.
    func oldDocument(_ n: Int, _ previous: SearchIndexState, memo: any SearchIndexMemo) -> SearchDocument? {
        struct Text: Decodable {
            var id, label, text, title, url: String
        }
        let prefix = Array("casebookIndex(\"d/\(n)\",".utf8), suffix = Array(");\n".utf8)
        guard let bytes = memo.previousFile(Self.textPath(n)),
              bytes.count > prefix.count + suffix.count, bytes.prefix(prefix.count).elementsEqual(prefix), bytes.suffix(suffix.count).elementsEqual(suffix),
              let t = try? JSONDecoder().decode(Text.self, from: bytes.dropFirst(prefix.count).dropLast(suffix.count)) else { return nil }
        let doc = SearchDocument(id: t.id, url: t.url, title: t.title, label: t.label, text: t.text, batch: "", kind: "", field: "", zones: [])
        return SearchIndexState.digest(of: doc) == previous.texts[n] ? doc : nil
    }

    /// The keys of the previous build's shard `s`, when its file is the one that build wrote and reads back exactly.
    func previousEntries(_ s: Int, digits: Int, _ previous: SearchIndexState, memo: any SearchIndexMemo) -> [ShardEntry]? {
        guard let file = Self.previousShard(s, digits: digits, previous, memo: memo) else { return nil }
        let bytes = [UInt8](file.bytes)
        let prefix = Array("casebookIndex(\"k/\(Self.hex(s, digits: digits))\",{".utf8), suffix = Array("});\n".utf8)
        guard bytes.count >= prefix.count + suffix.count, bytes.starts(with: prefix), bytes.suffix(suffix.count).elementsEqual(suffix) else { return nil }
        // `"name":"list"` joined by commas: a name is a JSON string (a quote inside it is escaped), a list is digits only.
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        var names: [[UInt8]] = [], lists: [[UInt8]] = []
        var i = prefix.count
        let end = bytes.count - suffix.count
        while i < end {
            if !names.isEmpty { guard bytes[i] == UInt8(ascii: ","), i + 1 < end else { return nil }; i += 1 }
            guard bytes[i] == quote else { return nil }
            var j = i + 1
            while j < end && bytes[j] != quote { j += bytes[j] == backslash ? 2 : 1 }
            guard j + 2 < end, bytes[j + 1] == UInt8(ascii: ":"), bytes[j + 2] == quote else { return nil }
            names.append(Array(bytes[i...j]))
            var k = j + 3
            while k < end && bytes[k] != quote { k += 1 }
            guard k < end else { return nil }
            lists.append(Array(bytes[(j + 3)..<k]))
            i = k + 1
        }
        // The names decoded as one JSON array (a name's escapes are JSON's), each written again exactly as it was.
        var array: [UInt8] = [UInt8(ascii: "[")]
        for (n, name) in names.enumerated() { if n > 0 { array.append(UInt8(ascii: ",")) }; array += name }
        array.append(UInt8(ascii: "]"))
        guard let strings = try? JSONDecoder().decode([String].self, from: Data(array)), strings.count == names.count else { return nil }
        var entries: [ShardEntry] = []
        for (n, string) in strings.enumerated() {
            let cps = string.unicodeScalars.map(\.value)
            guard (1...3).contains(cps.count) else { return nil }
            let key = SearchText.pack(cps[0], cps.count > 1 ? cps[1] : nil, cps.count > 2 ? cps[2] : nil)
            guard SearchEncoding.jsonString(SearchText.string(SearchText.unpack(key))) == names[n], Self.shard(of: key, shards: previous.shards) == s else { return nil }
            entries.append(ShardEntry(key: key, name: names[n], list: lists[n]))
        }
        return entries
    }

    /// A posting list read back: (case, encoded value) pairs; nil when it is not one.
    static func postings(_ list: [UInt8]) -> [(Int32, UInt32)]? {
        let numbers = SearchEncoding.decode(String(decoding: list, as: UTF8.self))
        guard numbers.count % 2 == 0, !numbers.isEmpty else { return nil }
        var out: [(Int32, UInt32)] = []
        out.reserveCapacity(numbers.count / 2)
        var prev: Int64 = -1
        for i in stride(from: 0, to: numbers.count, by: 2) {
            prev += Int64(numbers[i]) + 1
            guard prev <= Int64(Int32.max) else { return nil }
            out.append((Int32(prev), numbers[i + 1]))
        }
        return out
    }
}

extension SearchIndex.Built {
    /// Hands the files to `sink`, and the kept ones as they are where the sink can. A kept file the sink cannot take
    /// (it went away during the build) is made again, or the build fails.
    func write(into sink: some OutputSink) throws {
        // Written on every core (thousands of small files; a file's bytes do not depend on when it is written).
        try Parallel.forEach(files) { try sink.write($0) }
        // The kept ones too (tens of thousands of checks that each file is still the previous build's).
        try Parallel.forEach(kept.sorted(by: { $0.key < $1.key })) { path, make in
            guard try !sink.keep(path) else { return }
            guard let file = make() else {
                throw Diagnostic(.error, "write.site-changed", args: ["file": path])
            }
            try sink.write(file)
        }
    }
}
