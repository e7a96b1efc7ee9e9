import CasebookCore
import CasebookRender

extension Corpus {
    /// Each document's text with the furniture its parse found, by file: what the source pages show.
    var sourceTexts: [String: SourceText] {
        let furniture = Dictionary(parsed.map { ($0.file, $0.furniture) }, uniquingKeysWith: { a, _ in a })
        return Dictionary(documents.map { ($0.file, SourceText(text: $0.text, furniture: furniture[$0.file] ?? [])) },
                          uniquingKeysWith: { a, _ in a })
    }
}
