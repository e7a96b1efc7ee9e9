import CasebookCore
import CasebookRender
import Foundation

/// What the last build was made of: a fingerprint per source text (its text and metadata bytes), kept in the output
/// folder as `.casebook-documents.json` (hidden: not archived), so that a build can name the new, changed and
/// removed documents.
public struct DocumentRecord: Codable, Equatable, Sendable {
    public static let fileName = ".casebook-documents.json"

    /// Text file name → fingerprint.
    public var documents: [String: String]

    public struct Changes: Equatable, Sendable {
        public var new: [String] = []
        public var changed: [String] = []
        public var removed: [String] = []
        public var isEmpty: Bool { new.isEmpty && changed.isEmpty && removed.isEmpty }
    }

    /// The record of `content/sources` as it is now.
    public static func current(content: String) -> DocumentRecord {
        let dir = content + "/sources"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".txt") }
        let prints = Parallel.map(names) { name -> String in
            let text = FileManager.default.contents(atPath: dir + "/" + name) ?? Data()
            let meta = FileManager.default.contents(atPath: dir + "/" + String(name.dropLast(4)) + ".yaml") ?? Data()
            return fingerprint(text) + "-" + fingerprint(meta)
        }
        return DocumentRecord(documents: Dictionary(zip(names, prints), uniquingKeysWith: { a, _ in a }))
    }

    /// The record the last build left in `output`, if any.
    public static func previous(output: String) -> DocumentRecord? {
        guard let data = FileManager.default.contents(atPath: output + "/" + fileName) else { return nil }
        return try? JSONDecoder().decode(DocumentRecord.self, from: data)
    }

    /// The record as a file of the site: written with it, in the same atomic swap.
    var file: OutputFile {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return OutputFile(path: Self.fileName, bytes: (try? encoder.encode(self)) ?? Data())
    }

    public func changes(since old: DocumentRecord) -> Changes {
        Changes(new: documents.keys.filter { old.documents[$0] == nil }.sorted(),
                changed: documents.keys.filter { old.documents[$0] != nil && old.documents[$0] != documents[$0] }.sorted(),
                removed: old.documents.keys.filter { documents[$0] == nil }.sorted())
    }

    /// FNV-1a, 64 bits, over bytes in place (iterating `Data` or a `String` byte by byte goes through their iterators).
    static func fnv(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in raw { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }

    /// FNV-1a, 64 bits, in hex.
    static func fingerprint(_ data: Data) -> String {
        // Over the bytes in place (iterating `Data` byte by byte went through its iterator: a tenth of a second at 10k).
        let h = data.withUnsafeBytes(fnv)
        return String(h, radix: 16)
    }
}
