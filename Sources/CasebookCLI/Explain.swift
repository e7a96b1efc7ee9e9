import ArgumentParser
import CasebookCore
import Foundation

/// `casebook explain parse.number-typo`: what a diagnostic means and how to fix it (like `rustc --explain`).
struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Explain a diagnostic id: what it means and how to fix it (in Chinese under a Chinese locale).")
    @Argument(help: "The id printed in brackets after a diagnostic, e.g. parse.number-typo.") var id: String?
    @Flag(help: "List every id.") var list = false
    func run() async throws {
        if list || id == nil {
            for e in DiagnosticCatalog.explanations { print(e.id) }
            return
        }
        let id = self.id!.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
        guard let text = DiagnosticCatalog.explain(id, in: language) else {
            fail(say("no diagnostic has the id \(id); `casebook explain --list` lists them [explain.unknown-id]",
                     "没有编号为 \(id) 的提示；`casebook explain --list` 列出全部编号 [explain.unknown-id]"))
            throw ExitCode(1)
        }
        print(text, terminator: "")
    }
}
