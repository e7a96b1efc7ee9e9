import CasebookTemplates

/// What an incremental build remembers of the pages of the previous one. Before a page is rendered, the memo is
/// asked whether the previous build's page may stand: it fingerprints the page (template and model), and when the
/// previous page had the same fingerprint and is still intact, puts it in place itself and answers true.
public protocol PageMemo: Sendable {
    func reuse(path: String, template: String, model: any TemplateModel) throws -> Bool
    /// The same for a file made without a template: `key` holds bytes that change whenever the file would.
    func reuse(path: String, key: [UInt8]) throws -> Bool
}
