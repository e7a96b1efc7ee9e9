import ArgumentParser
import CasebookBuild
import Foundation

/// The folders a command uses: a flag wins, then `content:`/`output:` in `Content/site.yaml`, then the defaults
/// (`Content`, `Site`).
struct Folders {
    var content: String
    var output: String

    init(content flagContent: String?, output flagOutput: String?) {
        let settings = SiteSettings.load(content: flagContent ?? "Content")
        content = flagContent ?? settings.content ?? "Content"
        output = flagOutput ?? settings.output ?? "Site"
    }
}

/// `--templates DIR` named on the command line must exist; the default `Templates` may be absent (the built-in
/// templates are used then).
func checkTemplatesFolder(_ flag: String?) throws -> String {
    guard let flag else { return "Templates" }
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: flag, isDirectory: &isDir), isDir.boolValue else {
        fail(say("the templates folder \(flag) does not exist (without --templates, ./Templates overrides the built-in templates file by file)",
                 "模板文件夹 \(flag) 不存在（不加 --templates 时，./Templates 中的文件逐个替换内置模板）") + " [template.no-folder]")
        throw ExitCode(1)
    }
    return flag
}
