import CasebookCore
import Foundation

/// A large index is counted in runs: the postings of `runCases` cases at a time are written to a temporary file (keys
/// in shard order) and let go, and the runs are merged into the shards at the end, so that the postings of the whole
/// site (half a gigabyte at 100k cases) are never held at once. A key's list in a later run starts with the gap from
/// −1; merged, that first gap is counted from the key's last case in the runs before, which gives exactly the list one
/// run would have made: the files do not depend on the number of runs (a test compares them).
extension SearchIndex {
    /// Cases whose postings are held at once (a multiple of the counting block); an index of more cases is counted in
    /// runs.
    static let defaultRunCases = 48 * 256

    /// Where a key comes in a run: its shard's bits reversed, so that the keys of one shard are next to each other for
    /// any number of shards (a power of two up to 2¹⁶: the shard is the hash's low bits, which become the high bits).
    static func shardOrder(_ key: UInt64) -> UInt32 {
        var low = SearchText.hash(SearchText.unpack(key)) & 0xFFFF, reversed: UInt32 = 0
        for _ in 0..<16 {
            reversed = reversed << 1 | (low & 1)
            low >>= 1
        }
        return reversed
    }

    /// The partitions' postings written to `path` in shard order (then by key), each with the last case it holds; the
    /// partitions are emptied.
    static func spill(_ partitions: [Partition], to file: RunFile) throws {
        var order: [(order: UInt32, key: UInt64, part: Int32, id: Int32)] = []
        for (p, part) in partitions.enumerated() {
            for (id, k) in part.postings.keys.enumerated() { order.append((shardOrder(k), k, Int32(p), Int32(id))) }
        }
        order.sort { ($0.order, $0.key) < ($1.order, $1.key) }
        let lists = partitions.map(\.postings.lists), last = partitions.map(\.postings.previous)
        for p in partitions { p.postings = Postings() }
        for e in order { try file.write(order: e.order, key: e.key, last: last[Int(e.part)][Int(e.id)], list: lists[Int(e.part)][Int(e.id)]) }
        try file.endWriting()
    }

    /// The runs merged: each key once, in shard order, with its whole posting list.
    static func merge(_ files: [RunFile], _ body: (_ key: UInt64, _ list: [UInt8]) throws -> Void) throws {
        for f in files { try f.startReading() }
        var heads = try files.map { try $0.next() }
        while true {
            var first: (order: UInt32, key: UInt64)?
            for case let h? in heads where first.map({ (h.order, h.key) < ($0.order, $0.key) }) ?? true { first = (h.order, h.key) }
            guard let (order, key) = first else { return }
            var list: [UInt8] = []
            var last: Int32 = -1
            // The runs in case order: each run's part of the list after the part before it.
            for r in heads.indices {
                guard let h = heads[r], h.order == order, h.key == key else { continue }
                if last < 0 {
                    list = h.list
                } else {
                    let (gap, length) = firstNumber(h.list)
                    // The run's first case, counted from −1, becomes the gap from the key's last case so far.
                    SearchEncoding.varint(gap - UInt32(last) - 1, into: &list)
                    list += h.list[length...]
                }
                last = h.last
                heads[r] = try files[r].next()
            }
            try body(key, list)
        }
    }

    /// The first number of a posting list and how many bytes it takes.
    static func firstNumber(_ list: [UInt8]) -> (UInt32, Int) {
        var v: UInt32 = 0
        for (i, b) in list.enumerated() {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return (v << 5 | UInt32(b - 48), i + 1)
            case UInt8(ascii: "a")...UInt8(ascii: "v"): return (v << 5 | UInt32(b - 87), i + 1)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = v << 5 | UInt32(b - 65)
            case UInt8(ascii: "w")...UInt8(ascii: "z"): v = v << 5 | UInt32(b - 119 + 26)
            case UInt8(ascii: "-"): v = v << 5 | 30
            default: v = v << 5 | 31
            }
        }
        return (v, list.count)
    }

    /// The shards made from runs: every key merged, the number of shards chosen by the total size as for one run, and
    /// each shard written as soon as its keys are all there (a few hundred at a time, on every core).
    func shards(fromRuns runs: [RunFile], into sink: any OutputSink) throws -> (shards: Int, total: Int, keys: Int, digests: [String]) {
        var total = 0, keys = 0
        try Self.merge(runs) { key, list in
            total += SearchEncoding.jsonString(SearchText.string(SearchText.unpack(key))).count + list.count + 4
            keys += 1
        }
        let shards = Self.shardCount(total: total), digits = Self.digits(shards)
        var digests = [String?](repeating: nil, count: shards)
        var pending: [(Int, [ShardEntry])] = []
        func write() throws {
            let made = try Parallel.map(pending) { s, entries -> (Int, String) in
                let file = Self.shardFile(s, digits: digits, entries)
                try sink.write(file)
                return (s, SearchIndexState.digest(of: file.bytes))
            }
            for (s, d) in made { digests[s] = d }
            pending = []
        }
        var current: (shard: Int, entries: [ShardEntry])?
        try Self.merge(runs) { key, list in
            let s = Self.shard(of: key, shards: shards)
            if let c = current, c.shard != s {
                // The runs are merged in shard order: a shard met again means a run read back out of order (a
                // temporary file changed under the build), said rather than written as two halves of one shard.
                guard digests[c.shard] == nil && !pending.contains(where: { $0.0 == c.shard }) else {
                    throw Diagnostic(.error, "write.search-run", variant: "order", args: ["shard": "\(c.shard)"])
                }
                pending.append((c.shard, c.entries))
                current = nil
                if pending.count >= 256 { try write() }
            }
            let entry = ShardEntry(key: key, name: SearchEncoding.jsonString(SearchText.string(SearchText.unpack(key))), list: list)
            if current == nil { current = (s, [entry]) } else { current!.entries.append(entry) }
        }
        if let c = current { pending.append((c.shard, c.entries)) }
        try write()
        // A shard no key falls into is written empty, as one run writes it.
        pending = (0..<shards).filter { digests[$0] == nil }.map { ($0, []) }
        try write()
        return (shards, total, keys, digests.map { $0 ?? "" })
    }
}

/// A run on disk: entries of (order, key, last case, list) read and written through a buffer. The file has no name:
/// it is unlinked as soon as it is made, and goes when it is closed or the process ends.
final class RunFile {
    private let handle: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    private var at = 0
    /// How messages name it.
    /// The folder the (unlinked) file was made in, as messages name it.
    private let path: String
    private var writing = true

    /// A new run in `folder`, for writing.
    init(temporaryIn folder: String) throws {
        var template = Array((folder + "/.casebook-search-run-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Self.problem("make", folder) }
        unlink(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        guard let h = fdopen(fd, "w+b") else {
            let problem = Self.problem("open", folder)
            Glibc.close(fd)
            throw problem
        }
        handle = h
        path = folder
        buffer.reserveCapacity(1 << 20)
    }

    /// Writes what is left and goes back to the start; `startReading` then reads the entries written.
    func endWriting() throws {
        if !buffer.isEmpty { try flush() }
        guard fflush(handle) == 0 else { throw Self.problem("write", path) }
        buffer = []
    }

    func startReading() throws {
        if writing { try endWriting() }
        writing = false
        rewind(handle)
        buffer = []
        at = 0
    }

    /// `what` failed on `path` (`make`, `open` or `write`), said with `errno`'s words.
    static func problem(_ what: String, _ path: String) -> Diagnostic {
        let words = SystemError.words(for: errno)
        return Diagnostic(.error, "write.search-run", variant: what, args: ["path": path, "cause": words.en, "cause_zh": words.zh])
    }

    func write(order: UInt32, key: UInt64, last: Int32, list: [UInt8]) throws {
        withUnsafeBytes(of: order.littleEndian) { buffer += $0 }
        withUnsafeBytes(of: key.littleEndian) { buffer += $0 }
        withUnsafeBytes(of: last.littleEndian) { buffer += $0 }
        withUnsafeBytes(of: UInt32(list.count).littleEndian) { buffer += $0 }
        buffer += list
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        let n = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        guard n == buffer.count else { throw Self.problem("write", path) }
        buffer.removeAll(keepingCapacity: true)
    }

    private var closed = false

    /// Writes what is left of a written run, and closes the file (once, however often it is called).
    func close() throws {
        guard !closed else { return }
        closed = true
        defer { fclose(handle) }
        if writing && !buffer.isEmpty { try flush() }
    }

    /// Makes `n` bytes available from `at`; false at the end of the file.
    private func fill(_ n: Int) -> Bool {
        if buffer.count - at >= n { return true }
        buffer.removeSubrange(0..<at)
        at = 0
        let want = max(n - buffer.count, 1 << 20)
        var chunk = [UInt8](repeating: 0, count: want)
        let got = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, want, handle) }
        buffer += chunk[0..<got]
        return buffer.count >= n
    }

    private func read<T: FixedWidthInteger>(_: T.Type) -> T {
        var v: T = 0
        withUnsafeMutableBytes(of: &v) { $0.copyBytes(from: buffer[at..<(at + MemoryLayout<T>.size)]) }
        at += MemoryLayout<T>.size
        return T(littleEndian: v)
    }

    func next() throws -> (order: UInt32, key: UInt64, last: Int32, list: [UInt8])? {
        guard fill(20) else {
            guard buffer.count == at else { throw Diagnostic(.error, "write.search-run", variant: "short", args: ["path": path]) }
            return nil
        }
        let order = read(UInt32.self), key = read(UInt64.self), last = read(Int32.self), length = Int(read(UInt32.self))
        guard fill(length) else { throw Diagnostic(.error, "write.search-run", variant: "short", args: ["path": path]) }
        let list = Array(buffer[at..<(at + length)])
        at += length
        return (order, key, last, list)
    }
}
