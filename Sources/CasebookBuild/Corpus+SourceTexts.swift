import CasebookCore
import CasebookRender

extension Corpus {
    /// Each document's text with the furniture its parse found, by file: what the source pages show.
    var sourceTexts: [String: SourceText] {
        let parses = Dictionary(parsed.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        return Dictionary(documents.map { ($0.file, SourceText(text: $0.text, furniture: parses[$0.file]?.furniture ?? [], layout: parses[$0.file]?.layout)) },
                          uniquingKeysWith: { a, _ in a })
    }
}
