import ArgumentParser
import CasebookBuild
import CasebookCore
import Foundation

@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
public struct CasebookCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "casebook",
        abstract: "Turns the texts of China's FTZ institutional-innovation results into a searchable, printable site.",
        version: versionLine,
        subcommands: [Build.self, Check.self, Export.self, Serve.self, Explain.self, New.self, Templates.self],
        defaultSubcommand: Build.self
    )
    public init() {}

    /// `casebook 0.3.0 (<commit>)`, what `casebook --version` prints.
    public static let versionLine = "casebook \(CasebookVersion.string) (\(BuildCommit.value))"
}

extension CasebookCommand {
    /// Entry point: picks the asynchronous `main` explicitly (the synchronous one would be chosen otherwise).
    /// A file system error that reaches this far is put in one sentence (`casebook: error: cannot write export/…:
    /// permission denied`), never dumped as `Error Domain=NSCocoaErrorDomain…`.
    public static func run() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch where FileProblem.isFileError(error) {
            let problem = FileProblem(error)
            let path = FileProblem.path(of: error)
            fail(say(path.map { "cannot use \($0): " } ?? "", path.map { "无法使用 \($0)：" } ?? "") + "\(problem.cause(in: language)) [file.\(problem.kind)]")
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}
