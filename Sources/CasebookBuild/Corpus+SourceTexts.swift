import CasebookCore
import CasebookRender

extension Corpus {
    /// Each document's text with the furniture its parse found, by file: what the source pages show.
    var sourceTexts: [String: SourceText] {
        let parses = Dictionary(parsed.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        return Dictionary(documents.map { ($0.file, SourceText(text: $0.text, furniture: parses[$0.file]?.furniture ?? [], layout: parses[$0.file]?.layout)) },
                          uniquingKeysWith: { a, _ in a })
    }

    /// The same, each text read again from `content`'s sources whenever it is asked for, and the texts no longer held
    /// by the corpus. A text read again is checked against the one parsed (its length and fingerprint): a text edited
    /// during the build fails the build rather than showing lines its cases were not made from.
    mutating func releasingSourceTexts(content: String) -> [String: SourceText] {
        let parses = Dictionary(parsed.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        let dir = content + "/sources"
        // Taken from the texts as parsed: when the texts were let go as they were parsed, then.
        let released = releasedTexts
        let fingerprints = Parallel.map(documents) { d in released[d.file].map { ($0.count, $0.fingerprint) } ?? (d.text.utf8.count, Self.fingerprint(d.text)) }
        var texts: [String: SourceText] = [:]
        for (i, d) in documents.enumerated() where texts[d.file] == nil {
            let file = d.file, parsedAs = fingerprints[i]
            texts[file] = SourceText(reading: {
                guard let text = ContentLoader.readText(file, sourcesDir: dir), text.utf8.count == parsedAs.0, Self.fingerprint(text) == parsedAs.1 else {
                    throw Diagnostic(.error, "write.source-changed", args: ["file": "\(dir)/\(file)"])
                }
                return text
            }, furniture: parses[file]?.furniture ?? [], layout: parses[file]?.layout)
        }
        for i in documents.indices { documents[i].text = "" }
        return texts
    }

    /// FNV-1a over the text's UTF-8 bytes (`DocumentRecord.fnv`).
    static func fingerprint(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { DocumentRecord.fnv(UnsafeRawBufferPointer($0)) }
    }
}
