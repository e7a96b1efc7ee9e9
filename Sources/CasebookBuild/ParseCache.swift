import CasebookCore
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The parse of each text, kept between builds (`.casebook-cache/<output>/parsed/<digest>.json`): a text whose bytes,
/// name and metadata are those of an earlier build is not parsed again. The key is a SHA-256 of the tool's identity,
/// the file name, the metadata and the text, so a changed text, a changed metadata file or another build of the tool
/// never meets an old parse. An entry that cannot be read or that holds another key is not trusted: the text is
/// parsed again and the entry replaced. Entries no build used are removed after each build.
struct ParseCache: Sendable {
    let folder: String
    let tool: String
    /// False for a cold build (`--no-cache`): every text is parsed, and the parses are kept for the next build.
    let read: Bool

    init(cache: BuildCache, tool: String, read: Bool = true) {
        folder = cache.folder + "/parsed"
        self.tool = tool
        self.read = read
    }

    struct Entry: Codable {
        var key: String
        var parsed: ParsedDocument
    }

    /// The key of a document: what its parse depends on.
    func key(_ d: SourceDocument) -> String {
        var hasher = SHA256()
        for part in [tool, d.file, Self.metadataIdentity(d.metadata), d.text] {
            hasher.update(data: Data(part.utf8))
            hasher.update(data: Data([0]))
        }
        return BuildCache.hex(hasher.finalize())
    }

    /// The metadata as bytes that change whenever it does (its Codable form, keys sorted).
    static func metadataIdentity(_ m: DocumentMetadata) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(m)).map { String(decoding: $0, as: UTF8.self) } ?? UUID().uuidString
    }

    /// The document's parse from an earlier build, or a fresh one (kept for the next build). `used` collects the keys.
    func parse(_ d: SourceDocument, _ parse: (SourceDocument) -> ParsedDocument) -> (parsed: ParsedDocument, key: String) {
        let key = key(d)
        let path = folder + "/" + key + ".json"
        if read, let data = FileManager.default.contents(atPath: path), let e = try? JSONDecoder().decode(Entry.self, from: data), e.key == key {
            return (e.parsed, key)
        }
        let parsed = parse(d)
        // A cache that cannot be written costs the next build time, never correctness.
        if let data = try? JSONEncoder().encode(Entry(key: key, parsed: parsed)) {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let tmp = path + ".tmp-\(getpid())-\(UUID().uuidString.prefix(8))"
            if (try? SiteWriter.writeFile(tmp, data)) != nil, rename(tmp, path) != 0 { unlink(tmp) }
        }
        return (parsed, key)
    }

    /// Removes the entries whose key no document of this build had.
    func prune(keeping keys: Set<String>) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where !keys.contains(String(name.prefix { $0 != "." })) || name.contains(".tmp-") {
            unlink(folder + "/" + name)
        }
    }
}
