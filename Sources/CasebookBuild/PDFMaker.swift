import CasebookCore
import Foundation

/// Turns the handbook pages of a written site into PDFs with WeasyPrint, run as a subprocess: the release pinned in
/// `requirements-pdf.txt`, which `make pdf` installs into the project's `.venv` (see `findWeasyPrint` for where it is looked for).
///
/// - Every `handbooks/<name>.html` but `index.html` becomes `handbooks/<name>.pdf`; the biggest go first, a few at a time.
///   Links to other pages of the site are left out of the PDF (`withoutSiteLinks`).
/// - Nothing is fetched from the network: the pages refer to local files only, and WeasyPrint runs with its proxies
///   pointed at a closed local port, so that a stray remote reference fails instead of reaching out.
/// - Size: WeasyPrint embeds each face cut down to the glyphs a PDF uses, but keeps the glyph numbers of the whole
///   face, and a Noto CJK face has 65,535 glyphs: some 250 KB of empty glyph slots in every PDF. When it can, the maker
///   cuts the two faces the print style sheet uses once, to the characters of all handbooks (HarfBuzz, in a few
///   hundredths of a second: `FontSubsetter`), and hands them to every WeasyPrint run as `Casebook Serif` and
///   `Casebook Sans`: the PDFs are half the size, and a little quicker to make (figures in docs/benchmarks.md). If
///   that fails, WeasyPrint uses the installed fonts as they are: same pages, bigger files.
/// - Deterministic: fixed PDF identifier and `SOURCE_DATE_EPOCH`, so the same site gives the same bytes.
/// - Once the PDFs exist, `handbooks/index.html` and each handbook page get a link to their PDF
///   (the pages carry `<!--casebook:pdf…-->` markers for it), so that a site built without `--pdf` has no broken link.
public struct PDFMaker {
    /// Handbook names (`batch-cn-b4`) to make; nil for all. Defaults to the comma-separated `CASEBOOK_PDF_ONLY`
    /// environment variable, which tests use to keep to one small handbook.
    public var only: Set<String>?
    /// How many WeasyPrint processes run at once.
    public var jobs: Int

    /// The content folder of the build: WeasyPrint is looked for in the `.venv` of the folder that holds it.
    public var content: String?

    public init(only: Set<String>? = nil, jobs: Int? = nil, content: String? = nil) {
        let env = ProcessInfo.processInfo.environment["CASEBOOK_PDF_ONLY"].map {
            Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        self.only = only ?? env
        self.jobs = max(1, jobs ?? min(ProcessInfo.processInfo.activeProcessorCount, 4))
        self.content = content
    }

    /// One sentence naming the path and the cause, with a stable id (`pdf.weasyprint`, `pdf.no-weasyprint`, …).
    public struct Failure: Error, CustomStringConvertible {
        /// In the catalog's words (English and Chinese).
        public var diagnostic: Diagnostic
        public var id: String { diagnostic.id }
        public var description: String { diagnostic.message }
        init(_ id: String, template: String? = nil, _ args: [String: String]) {
            diagnostic = Diagnostic(.error, id, template: template ?? id, args: args)
        }
    }

    /// The WeasyPrint release the project pins (`requirements-pdf.txt`; a test keeps the two the same).
    static let weasyPrintRelease = "70.0"
    /// What WeasyPrint needs from the system (Debian, Ubuntu): Pango, HarfBuzz's subsetter, fontconfig and the Noto CJK fonts.
    static let systemPackages = "python3-venv fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
    static let installHint = "in a clone of Casebook, `make pdf` installs what is missing; elsewhere, install the fonts and libraries "
        + "(Debian, Ubuntu: `apt-get install \(systemPackages)`), then WeasyPrint into a virtual environment in the folder that holds "
        + "the content folder: `python3 -m venv .venv && .venv/bin/pip install weasyprint==\(weasyPrintRelease)` "
        + "(or set CASEBOOK_WEASYPRINT to a `weasyprint` program)"
    static let installHintChinese = "在 Casebook 的克隆中，`make pdf` 会安装所缺的一切；在别处，请先安装字体和库（Debian、Ubuntu："
        + "`apt-get install \(systemPackages)`），再在内容文件夹所在的文件夹中把 WeasyPrint 装进虚拟环境："
        + "`python3 -m venv .venv && .venv/bin/pip install weasyprint==\(weasyPrintRelease)`（或把 CASEBOOK_WEASYPRINT 设为一个 `weasyprint` 程序）"

    /// Writes `handbooks/<name>.pdf` beside each `handbooks/<name>.html` of the site; returns the PDFs written (site-relative paths).
    /// `shownAs` is how messages name the site folder (the maker may run on a staging folder before it becomes the site).
    public func make(site: String, shownAs: String? = nil) throws -> [String] {
        let shown = (shownAs ?? site).hasSuffix("/") ? (shownAs ?? site) : (shownAs ?? site) + "/"
        do {
            return try make(site: site, shown: shown)
        } catch let failure as Failure {
            throw failure
        } catch {
            let problem = FileProblem(error)
            throw Failure("pdf.\(problem.kind)", template: "pdf.cannot-write", problem.arguments.merging(["path": "\(shown)handbooks/"]) { a, _ in a })
        }
    }

    func make(site: String, shown: String) throws -> [String] {
        let fm = FileManager.default
        let weasyprint = try PDFMaker.findWeasyPrint(content: content)
        let folder = URL(fileURLWithPath: site).appendingPathComponent("handbooks")
        guard let names = try? fm.contentsOfDirectory(atPath: folder.path) else {
            throw Failure("pdf.no-handbooks", ["site": shown])
        }
        var pages = names.filter { $0.hasSuffix(".html") && $0 != "index.html" }.map { String($0.dropLast(5)) }.sorted()
        if let only {
            let unknown = only.subtracting(pages)
            if !unknown.isEmpty { throw Failure("pdf.failed", template: "pdf.failed/unknown", ["names": unknown.sorted().joined(separator: ", "), "site": shown]) }
            pages = pages.filter { only.contains($0) }
        }
        if pages.isEmpty { return [] }

        let work = fm.temporaryDirectory.appendingPathComponent("casebook-pdf-\(UUID().uuidString.prefix(8))")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }

        let environment = PDFMaker.environment()
        let faces = try PDFMaker.findFaces()
        let fontFaces = faces.flatMap {
            prepareFonts($0, pages: pages.map { folder.appendingPathComponent("\($0).html") },
                         stylesheet: URL(fileURLWithPath: site).appendingPathComponent("assets/handbook.css"), work: work)
        } ?? ""
        let sheet = work.appendingPathComponent("pdf.css")
        try Data((fontFaces + PDFMaker.pdfStyleSheet).utf8).write(to: sheet)

        // Biggest first: the long ones start early and the short ones fill the gaps.
        let size = { (name: String) -> Int in
            ((try? fm.attributesOfItem(atPath: folder.appendingPathComponent("\(name).html").path))?[.size] as? Int) ?? 0
        }
        let queue = JobQueue(pages.sorted { (size($0), $1) > (size($1), $0) })
        DispatchQueue.concurrentPerform(iterations: min(jobs, pages.count)) { _ in
            while let name = queue.next() {
                let html = folder.appendingPathComponent("\(name).html")
                let pdf = folder.appendingPathComponent("\(name).pdf")
                let partial = folder.appendingPathComponent(".\(name).pdf.partial")
                // WeasyPrint reads a copy without the links to other pages, with the page's own address as base URL.
                let copy = work.appendingPathComponent("\(name).html")
                do {
                    try Data(PDFMaker.withoutSiteLinks(String(contentsOf: html, encoding: .utf8)).utf8).write(to: copy)
                } catch {
                    queue.fail(Failure("pdf.weasyprint", template: "pdf.weasyprint/read",
                                       FileProblem(error).arguments.merging(["path": "\(shown)handbooks/\(name).html"]) { a, _ in a }))
                    continue
                }
                let arguments = ["--pdf-identifier", "casebook-\(name)", "--stylesheet", sheet.path, "--base-url", html.absoluteString,
                                 copy.path, partial.path]
                let (status, errors) = PDFMaker.run(weasyprint, arguments, environment: environment)
                // WeasyPrint goes on without what it cannot load (a style sheet, a font): here that is a failure.
                let missing = errors.split(separator: "\n").filter { $0.contains("Failed to load") || $0.hasPrefix("ERROR") }
                if status == 0, missing.isEmpty, fm.fileExists(atPath: partial.path) {
                    try? fm.removeItem(at: pdf)
                    do {
                        try fm.moveItem(at: partial, to: pdf)
                    } catch {
                        queue.fail(Failure("pdf.weasyprint", template: "pdf.weasyprint/write",
                                           FileProblem(error).arguments.merging(["path": "\(shown)handbooks/\(name).pdf"]) { a, _ in a }))
                    }
                } else {
                    try? fm.removeItem(at: partial)
                    // One line: the last thing WeasyPrint said (a traceback ends with the exception).
                    let lines = (missing.isEmpty ? errors.split(separator: "\n") : missing).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    let said = lines.last.map { ": " + String($0.prefix(200)) } ?? ""
                    queue.fail(Failure("pdf.weasyprint", template: status == 0 ? "pdf.weasyprint/missing" : "pdf.weasyprint/status",
                                       ["path": "\(shown)handbooks/\(name).pdf", "status": "\(status)", "said": said]))
                }
            }
        }
        if let failure = queue.failures.first { throw failure }
        try linkPDFs(folder: folder, made: pages)
        return pages.map { "handbooks/\($0).pdf" }
    }

    /// Replaces the `<!--casebook:pdf…-->` markers with links to the PDFs that exist.
    func linkPDFs(folder: URL, made: [String]) throws {
        let fm = FileManager.default
        let kb = { (name: String) -> String in
            let bytes = ((try? fm.attributesOfItem(atPath: folder.appendingPathComponent("\(name).pdf").path))?[.size] as? Int) ?? 0
            return bytes >= 1_000_000 ? String(format: "%.1f MB", Double(bytes) / 1_000_000) : "\(max(1, bytes / 1000)) KB"
        }
        let all = ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".pdf") }.map { String($0.dropLast(4)) }
        for name in made {
            let url = folder.appendingPathComponent("\(name).html")
            guard let text = try? String(contentsOf: url, encoding: .utf8), text.contains("<!--casebook:pdf-->") else { continue }
            let link = "<a class=\"hb-pdf\" href=\"\(name).pdf\" download>下载 PDF（\(kb(name))）</a>"
            try Data(text.replacingOccurrences(of: "<!--casebook:pdf-->", with: link).utf8).write(to: url, options: .atomic)
        }
        let index = folder.appendingPathComponent("index.html")
        guard var text = try? String(contentsOf: index, encoding: .utf8) else { return }
        for name in all.sorted() {
            text = text.replacingOccurrences(of: "<!--casebook:pdf:\(name)-->",
                                             with: " · <a class=\"pdf\" href=\"\(name).pdf\" download>PDF</a> <span class=\"count\">\(kb(name))</span>")
        }
        try Data(text.utf8).write(to: index, options: .atomic)
    }

    // MARK: - Fonts

    struct Face { var file: String; var index: Int }

    /// The two faces the print style sheet asks for, from fontconfig; nil when `fc-match` is not there to ask.
    /// Throws when fontconfig answers with something that is not Noto CJK: the PDFs would show boxes for Chinese.
    static func findFaces() throws -> (serif: Face, sans: Face)? {
        guard let fcMatch = which("fc-match") else { return nil }
        func face(_ pattern: String) throws -> Face {
            let (status, out) = run(fcMatch, ["--format=%{family}\n%{file}\n%{index}\n", pattern], environment: nil, output: true)
            let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard status == 0, lines.count >= 3, lines[0].contains("CJK"), !lines[1].isEmpty else {
                throw Failure("pdf.no-fonts", ["font": String(pattern.split(separator: ":")[0])])
            }
            return Face(file: lines[1], index: Int(lines[2]) ?? 0)
        }
        return (try face("Noto Serif CJK SC:style=Regular"), try face("Noto Sans CJK SC:style=Bold"))
    }

    /// Cuts both faces down to the characters of the handbooks (and ASCII) with HarfBuzz (`FontSubsetter`) and returns
    /// the `@font-face` rules that name them; nil when any step fails (WeasyPrint then uses the installed fonts).
    func prepareFonts(_ faces: (serif: Face, sans: Face), pages: [URL], stylesheet: URL, work: URL) -> String? {
        guard let subsetter = FontSubsetter.load() else { return nil }
        var scalars = Set<Unicode.Scalar>((0x20...0x7E).compactMap(Unicode.Scalar.init))
        for url in pages + [stylesheet] {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
            for s in text.unicodeScalars where s.value > 0x7E { scalars.insert(s) }
        }
        for (face, name) in [(faces.serif, "serif.otf"), (faces.sans, "sans-bold.otf")] {
            guard let font = subsetter.cut(file: face.file, index: face.index, to: scalars),
                  (try? font.write(to: work.appendingPathComponent(name))) != nil else { return nil }
        }
        return """
            /* The faces of handbook.css's print rules, cut to the handbooks' characters. */
            @font-face { font-family: "Casebook Serif"; src: url("\(work.appendingPathComponent("serif.otf").absoluteString)"); font-weight: normal; font-style: normal; }
            @font-face { font-family: "Casebook Sans"; src: url("\(work.appendingPathComponent("sans-bold.otf").absoluteString)"); font-weight: bold; font-style: normal; }

            """
    }

    /// The page without the `href` of its links to other pages of the site (`../cases/….html`): in a PDF they would
    /// point into the folder the PDF was made in. Links within the page (`#…`) and to other hosts stay. (WeasyPrint 57
    /// took `-weasy-link: none` from the style sheet; later releases make a link of every `href`.)
    static func withoutSiteLinks(_ html: String) -> String {
        html.replacingOccurrences(of: #"(<a\b[^>]*?)\s+href="(?!#|https?:|mailto:)[^"]*""#, with: "$1", options: .regularExpression)
    }

    /// What only a PDF has, kept out of `assets/handbook.css` because it is not standard CSS (the site's validator
    /// checks that file, and browsers ignore these anyway): the running header with the handbook's name and the current
    /// part, and the bookmarks (outline) for the table of contents, parts, groups and cases, not for the headings inside a
    /// case. Keyed to the classes of the handbook templates. WeasyPrint reads it as a user style sheet: it overrides
    /// WeasyPrint's defaults (h1–h6 make bookmarks), and handbook.css's own rules (no header on the cover) win over it.
    static let pdfStyleSheet = """
        /* casebook build --pdf: running header and bookmarks (WeasyPrint). */
        @page { @top-left { content: string(hbname); } @top-right { content: string(hbpart); } }
        .hb-cover-title { string-set: hbname attr(data-running); }
        .hb-toc-title { string-set: hbpart "目录"; }
        .hb-part-title { string-set: hbpart content(text); }
        h1, h2, h3, h4, h5, h6 { bookmark-level: none; }
        .hb-toc-title, .hb-part-title { bookmark-level: 1; bookmark-label: content(text); }
        .hb-group-title, .hb-case-title { bookmark-level: 2; bookmark-label: content(text); }
        .hb-group-titled .hb-case-title { bookmark-level: 3; }

        """

    // MARK: - Processes

    /// The environment for WeasyPrint: proxies at a closed local port (no fetching from the network) and a fixed
    /// `SOURCE_DATE_EPOCH` (fontTools, which WeasyPrint cuts fonts with when HarfBuzz's subsetter is missing, stamps
    /// them with it), unless the caller set one.
    static func environment() -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "ALL_PROXY"] {
            env[key] = "http://127.0.0.1:9"
        }
        env["no_proxy"] = nil
        env["NO_PROXY"] = nil
        if env["SOURCE_DATE_EPOCH"] == nil { env["SOURCE_DATE_EPOCH"] = "946684800" }
        return env
    }

    /// Where WeasyPrint is, the first of:
    /// 1. `CASEBOOK_WEASYPRINT`, when set (a path to a `weasyprint` program; an error when nothing runnable is there);
    /// 2. `.venv/bin/weasyprint` in the folder that holds the content folder (the project's virtual environment:
    ///    `make pdf` installs the pinned release there);
    /// 3. `.venv/bin/weasyprint` in the current folder;
    /// 4. `weasyprint` on `PATH`.
    static func findWeasyPrint(content: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                               currentFolder: String = FileManager.default.currentDirectoryPath) throws -> URL {
        let fm = FileManager.default
        let here = URL(fileURLWithPath: currentFolder, isDirectory: true)
        if let setting = environment["CASEBOOK_WEASYPRINT"], !setting.isEmpty {
            let url = URL(fileURLWithPath: setting, relativeTo: here).absoluteURL.standardizedFileURL
            guard fm.isExecutableFile(atPath: url.path), !isFolder(url) else {
                throw Failure("pdf.no-weasyprint", template: "pdf.no-weasyprint/setting", ["setting": setting])
            }
            return url
        }
        var candidates: [URL] = []
        for folder in [content.map { URL(fileURLWithPath: $0, relativeTo: here).absoluteURL.standardizedFileURL.deletingLastPathComponent() }, here].compactMap({ $0 }) {
            let candidate = folder.appendingPathComponent(".venv/bin/weasyprint").standardizedFileURL
            if !candidates.contains(candidate) { candidates.append(candidate) }
        }
        if let found = candidates.first(where: { fm.isExecutableFile(atPath: $0.path) }) { return found }
        if let found = which("weasyprint", path: environment["PATH"]) { return found }
        throw Failure("pdf.no-weasyprint", ["places": candidates.map(\.path).joined(separator: ", no "), "places_zh": candidates.map(\.path).joined(separator: "、"),
                                            "hint": installHint, "hint_zh": installHintChinese])
    }

    static func isFolder(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }

    /// An executable on `PATH`.
    static func which(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> URL? {
        let path = path ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Runs a program to the end; returns its exit status and its standard error (or standard output when `output`).
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]?, output: Bool = false) -> (Int32, String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardInput = FileHandle.nullDevice
        if output {
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = pipe
        }
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Names handed out to worker threads, and the failures they report.
private final class JobQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String]
    private var failed: [PDFMaker.Failure] = []
    init(_ items: [String]) { self.items = items.reversed() }
    func next() -> String? { lock.withLock { failed.isEmpty ? items.popLast() : nil } }
    func fail(_ failure: PDFMaker.Failure) { lock.withLock { failed.append(failure) } }
    var failures: [PDFMaker.Failure] { lock.withLock { failed } }
}
