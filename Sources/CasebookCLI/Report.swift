import ArgumentParser
import CasebookBuild
import CasebookCore
import Foundation

/// Prints diagnostics gcc-style to standard error.
func report(_ diagnostics: [Diagnostic]) {
    for d in diagnostics { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
}

func isTerminal() -> Bool { isatty(STDERR_FILENO) == 1 }
