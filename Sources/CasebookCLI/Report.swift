import ArgumentParser
import CasebookBuild
import CasebookCore
import Foundation

/// The language of what is printed: Chinese under a Chinese locale (`LANG=zh_CN.UTF-8`, `LC_ALL`, `LC_MESSAGES`).
let language = Language.from(environment: ProcessInfo.processInfo.environment)

/// English or Chinese, by the locale.
func say(_ en: String, _ zh: String) -> String { language == .chinese ? zh : en }

/// Prints diagnostics gcc-style to standard error, in the locale's language.
func report(_ diagnostics: [Diagnostic]) {
    for d in diagnostics { FileHandle.standardError.write(Data((d.description(in: language) + "\n").utf8)) }
}

func isTerminal() -> Bool { isatty(STDERR_FILENO) == 1 }

/// A fault of the run (not of the input): written, disk, permission, WeasyPrint; no file:line, id `write.…` or `pdf.…`.
func isFault(_ d: Diagnostic) -> Bool {
    d.severity == .error && d.location == nil && (d.id.hasPrefix("write.") || d.id.hasPrefix("pdf."))
}

/// One line on standard error: `casebook: error: cannot write Site/: no space left on device; … [write.no-space]`.
func fail(_ sentence: String) {
    FileHandle.standardError.write(Data(say("casebook: error: \(sentence)\n", "casebook：错误：\(sentence)\n").utf8))
}
