import Foundation
import PackagePlugin

/// Writes `BuildCommit.swift` (`enum BuildCommit { static let value = "<commit>" }`) before every build: the short
/// commit of the checkout (`CASEBOOK_COMMIT` when set, `unknown` outside git). The file is rewritten only when the
/// commit changed, so an unchanged checkout recompiles nothing.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let out = context.pluginWorkDirectoryURL.appendingPathComponent("Generated")
        let script = #"""
        set -e
        c="${CASEBOOK_COMMIT:-$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null || true)}"
        [ -n "$c" ] || c=unknown
        mkdir -p "$2"
        new="enum BuildCommit { static let value = \"$c\" }"
        [ "$(cat "$2/BuildCommit.swift" 2>/dev/null)" = "$new" ] || printf '%s\n' "$new" > "$2/BuildCommit.swift"
        """#
        return [.prebuildCommand(displayName: "Recording the commit of the build",
                                 executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: ["-c", script, "sh", context.package.directoryURL.path, out.path],
                                 outputFilesDirectory: out)]
    }
}
