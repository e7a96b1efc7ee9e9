import ArgumentParser
import CasebookBuild
import CasebookCore
import FlyingFox
import Foundation

/// A preview: builds the site, serves it (on 127.0.0.1 unless `--bind` names another IPv4 address), rebuilds when
/// `Content/` or `Templates/` change, and makes open pages reload themselves (served HTML gets a small script that
/// polls `/__casebook/version`). When a rebuild fails, the open pages show its errors in an overlay instead of looking
/// current, until a rebuild succeeds.
struct PreviewServer {
    let options: SiteBuilder.Options
    var host: String = "127.0.0.1"
    let port: UInt16
    let interval: Duration

    actor Version {
        init() {}
        var value = 0
        /// The errors of the last rebuild when it failed; nil once a build succeeds.
        var error: String?
        func bump() { value += 1; error = nil }
        func fail(_ message: String) { error = message }
        /// What `/__casebook/version` answers: `{"error":…,"version":N}`.
        func json() -> Data {
            let object: [String: Any] = ["version": value, "error": error ?? NSNull()]
            return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        }
    }

    /// Pages rendered ahead of the full build (`SitePreview`): served instead of the site's files at the same paths
    /// until the full build that follows is done.
    actor Ahead {
        init() {}
        var files: [String: Data] = [:]
        func set(_ new: [String: Data]) { files = new }
        func clear() { files = [:] }
        func file(_ path: String) -> Data? { files.isEmpty ? nil : files[path] }
    }

    /// The errors of a failed build, as the overlay shows them.
    static func failureText(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }
        let shown = errors.prefix(20).map(\.description)
        return (shown + (errors.count > 20 ? ["… and \(errors.count - 20) more"] : [])).joined(separator: "\n")
    }

    static let reloadScript = """
    <script>(function(){var seen=null,box=null;function show(e){if(!box){box=document.createElement('div');box.id='casebook-error';box.setAttribute('role','alert');box.style.cssText='position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;background:#2b0b0b;color:#ffdede;font:13px/1.5 ui-monospace,monospace;padding:1rem 1.2rem;white-space:pre-wrap;border-top:3px solid #e5484d';document.body.appendChild(box);}box.textContent='casebook: 重新生成失败，页面仍是上一次成功生成的版本 (rebuild failed)\\n\\n'+e;}function hide(){if(box){box.remove();box=null;}}function poll(){fetch('/__casebook/version',{cache:'no-store'}).then(function(r){return r.json();}).then(function(s){if(seen===null){seen=s.version;}else if(s.version!==seen){location.reload();return;}if(s.error){show(s.error);}else{hide();}}).catch(function(){});}poll();setInterval(poll,500);})();</script>
    """

    static let types: [String: String] = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8", "xml": "application/xml; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf", "txt": "text/plain; charset=utf-8",
        "md": "text/markdown; charset=utf-8", "zip": "application/zip",
    ]

    func run() async throws {
        if let problem = Self.portProblem(port, host: host) {
            fail(say("cannot serve on \(host):\(port): \(problem.cause); choose another --port",
                     "无法在 \(host):\(port) 上提供服务：\(problem.chineseCause)；请另选 --port") + " [serve.\(problem.kind)]")
            throw ExitCode(1)
        }
        let version = Version()
        let ahead = Ahead()
        var options = self.options
        options.keepPreview = true
        let first = SiteBuilder().build(options)
        report(first.diagnostics)
        if first.written {
            log(say("built \(first.cases) cases, \(first.pages) pages in \(String(format: "%.2f", first.seconds)) s",
                        "已生成 \(first.cases) 个案例、\(first.pages) 个页面，用时 \(String(format: "%.2f", first.seconds)) s"))
        } else {
            await version.fail(Self.failureText(first.diagnostics))
            log(say("build failed; serving what \(options.output) holds, with the errors shown in the page",
                        "构建失败；提供 \(options.output) 中现有的内容，错误显示在页面中"))
        }
        let server = try await Self.makeServer(root: URL(fileURLWithPath: options.output).standardizedFileURL, host: host, port: port,
                                               version: version, ahead: ahead)
        let watcher = Task { [options, interval] in
            var preview = first.preview
            var last = Self.fingerprint([options.content, options.templates])
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                let now = Self.fingerprint([options.content, options.templates])
                guard now != last else { continue }
                let changed = Set(now.keys).union(last.keys).filter { now[$0] != last[$0] }
                last = now
                // Only source texts changed: their pages first (a fraction of a second), then the full build.
                if let preview, let texts = Self.sourceTexts(changed, content: options.content) {
                    let start = Date()
                    if let (pages, cases) = preview.render(changed: texts) {
                        await ahead.set(pages)
                        await version.bump()
                        log(say("\(texts.joined(separator: ", ")): \(cases) cases shown in \(String(format: "%.2f", Date().timeIntervalSince(start))) s; rebuilding the site",
                                    "\(texts.joined(separator: "、"))：\(cases) 个案例已在 \(String(format: "%.2f", Date().timeIntervalSince(start))) s 内显示；正在重新构建网站"))
                    }
                }
                let result = SiteBuilder().build(options)
                await ahead.clear()
                report(result.diagnostics)
                if result.written {
                    preview = result.preview ?? preview
                    await version.bump()
                    log(say("rebuilt in \(String(format: "%.2f", result.seconds)) s; open pages reload",
                            "重新构建用时 \(String(format: "%.2f", result.seconds)) s；打开的页面将重新载入"))
                } else {
                    await version.fail(Self.failureText(result.diagnostics))
                    log(say("rebuild failed; still serving the previous site (open pages show the errors)",
                            "重新构建失败；仍提供上一版网站（打开的页面显示错误）"))
                }
            }
        }
        defer { watcher.cancel() }
        // "serving at …" only once the server listens: the port is checked again after the build (it may have been
        // taken meanwhile), and the line is printed when the socket is bound, never before.
        if let problem = Self.portProblem(port, host: host) {
            fail(say("cannot serve on \(host):\(port): \(problem.cause); choose another --port",
                     "无法在 \(host):\(port) 上提供服务：\(problem.chineseCause)；请另选 --port") + " [serve.\(problem.kind)]")
            throw ExitCode(1)
        }
        let serving = Task { try await server.run() }
        do {
            try await server.waitUntilListening(timeout: 10)
        } catch {
            serving.cancel()
            fail(say("cannot serve on \(host):\(port): \(error)", "无法在 \(host):\(port) 上提供服务：\(error)") + " [serve.failed]")
            throw ExitCode(1)
        }
        if host == "0.0.0.0" {
            log(say("serving \(options.output) on every network interface, port \(port): colleagues open http://<this machine's address>:\(port)/ (Ctrl-C to stop)",
                    "在所有网络接口的 \(port) 端口提供 \(options.output)：同事可打开 http://<本机地址>:\(port)/（Ctrl-C 停止）"))
        } else {
            log(say("serving \(options.output) at http://\(host):\(port)/ (Ctrl-C to stop)",
                    "在 http://\(host):\(port)/ 提供 \(options.output)（Ctrl-C 停止）"))
        }
        do {
            try await serving.value
        } catch {
            fail(say("cannot serve on \(host):\(port): \(error.localizedDescription)", "无法在 \(host):\(port) 上提供服务：\(error.localizedDescription)") + " [serve.failed]")
            throw ExitCode(1)
        }
    }

    func log(_ s: String) { FileHandle.standardError.write(Data("casebook serve: \(s)\n".utf8)) }

    /// The server on `host` (127.0.0.1 unless `--bind` says otherwise): the version route and the site's files.
    static func makeServer(root: URL, host: String = "127.0.0.1", port: UInt16, version: Version, ahead: Ahead = Ahead()) async throws -> HTTPServer {
        let server = HTTPServer(address: try .inet(ip4: host, port: port), logger: .disabled)
        await server.appendRoute("GET /__casebook/version") { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: await version.json())
        }
        await server.appendRoute("GET,HEAD *") { request in
            if let path = Self.sitePath(request.path), let data = await ahead.file(path) {
                return Self.response(data, ext: (path as NSString).pathExtension.lowercased())
            }
            return Self.serve(request.path, from: root)
        }
        return server
    }

    /// Why the port cannot be listened on (in use, privileged), found before building, or nil.
    static func portProblem(_ port: UInt16, host: String = "127.0.0.1") -> FileProblem? {
        var addr = in_addr()
        guard inet_pton(AF_INET, host, &addr) == 1 else { return FileProblem(errno: EADDRNOTAVAIL) }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return FileProblem(errno: errno) }
        defer { close(fd) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr = addr
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound == 0 ? nil : FileProblem(errno: errno)
    }

    /// Starts the server in the background (port 0: any free port) and returns the port it listens on and how to stop it.
    static func start(root: URL, port: UInt16 = 0, version: Version = Version()) async throws -> (port: UInt16, stop: @Sendable () async -> Void) {
        let server = try await makeServer(root: root, port: port, version: version)
        let task = Task { try await server.run() }
        try await server.waitUntilListening(timeout: 10)
        guard case .ip4(_, let bound)? = await server.listeningAddress else {
            task.cancel()
            throw CancellationError()
        }
        return (bound, { await server.stop(timeout: 1); task.cancel() })
    }

    static func serve(_ rawPath: String, from root: URL) -> HTTPResponse {
        guard let file = resolve(rawPath, in: root), let data = FileManager.default.contents(atPath: file) else {
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: Data("404 not found".utf8))
        }
        return response(data, ext: (file as NSString).pathExtension.lowercased())
    }

    /// A file's bytes as served: HTML with the reload script.
    static func response(_ data: Data, ext: String) -> HTTPResponse {
        var data = data
        if ext == "html", let html = String(data: data, encoding: .utf8), let r = html.range(of: "</body>", options: .backwards) {
            data = Data(html.replacingCharacters(in: r, with: reloadScript + "\n</body>").utf8)
        }
        return HTTPResponse(statusCode: .ok, headers: [.contentType: types[ext] ?? "application/octet-stream", .cacheControl: "no-store"], body: data)
    }

    /// The regular file a request path names inside the site, or nil (→ 404): the path is percent-decoded once;
    /// `..` segments, NUL bytes and backslashes are refused; a folder means its `index.html`; and the file, with every
    /// symbolic link resolved, must still lie inside the site's folder (itself resolved), so that a link pointing
    /// outside serves nothing.
    static func resolve(_ rawPath: String, in root: URL) -> String? {
        guard let (parts, _) = requestParts(rawPath), let base = realPath(root.path) else { return nil }
        var path = base + (parts.isEmpty ? "" : "/" + parts.joined(separator: "/"))
        guard var real = realPath(path) else { return nil }
        var info = stat()
        guard stat(real, &info) == 0 else { return nil }
        if info.st_mode & S_IFMT == S_IFDIR {
            path = real + "/index.html"
            guard let index = realPath(path), stat(index, &info) == 0 else { return nil }
            real = index
        }
        guard info.st_mode & S_IFMT == S_IFREG, real.hasPrefix(base + "/") else { return nil }
        return real
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// The path inside the site that a request names (percent-decoded, without the query; a folder → its
    /// `index.html`), for the pages rendered ahead; nil for anything `resolve` would refuse.
    static func sitePath(_ rawPath: String) -> String? {
        guard let (parts, folder) = requestParts(rawPath) else { return nil }
        let path = parts.joined(separator: "/")
        return path.isEmpty || folder ? (path.isEmpty ? "" : path + "/") + "index.html" : path
    }

    /// A request path's segments (without the query, percent-decoded once, `.` dropped) and whether it ends with `/`;
    /// nil for one with `..`, a NUL byte or a backslash.
    static func requestParts(_ rawPath: String) -> (parts: [Substring], folder: Bool)? {
        let target = String(rawPath.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        guard let decoded = target.removingPercentEncoding, !decoded.contains("\0"), !decoded.contains("\\") else { return nil }
        let parts = decoded.split(separator: "/").filter { $0 != "." }
        guard !parts.contains("..") else { return nil }
        return (parts, decoded.hasSuffix("/"))
    }

    /// When the changes that matter are all to source texts (`<content>/sources/NAME.txt`, still there): their names.
    /// In `sources/`, a file that is neither a text nor metadata (an editor's temporary file that came and went) does
    /// not matter; any other change does (metadata, reference data, settings, templates: only the full build knows).
    static func sourceTexts(_ changed: Set<String>, content: String) -> [String]? {
        let prefix = content + "/sources/"
        var names: [String] = []
        for path in changed.sorted() {
            guard path.hasPrefix(prefix) else { return nil }
            let name = String(path.dropFirst(prefix.count))
            let input = name.hasSuffix(".txt") || name.hasSuffix(".yaml")
            if !input && !name.contains("/") { continue }
            guard name.hasSuffix(".txt"), !name.contains("/"), FileManager.default.fileExists(atPath: path) else { return nil }
            names.append(name)
        }
        return names.isEmpty ? nil : names
    }

    /// Path → size and modification time, of every file below the folders but hidden ones (an editor's `.name.swp`),
    /// which neither the content nor the templates loader reads: an editor saving its swap file is no change. Folders
    /// are not listed: a file added, removed or replaced is.
    static func fingerprint(_ folders: [String]) -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        for folder in folders {
            for case let rel as String in fm.enumerator(atPath: folder) ?? FileManager.DirectoryEnumerator() {
                if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                let attrs = try? fm.attributesOfItem(atPath: folder + "/" + rel)
                // A folder's time changes when a file in it is replaced by a rename (as editors save): the file says it.
                if attrs?[.type] as? FileAttributeType == .typeDirectory { continue }
                let m = (attrs?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                out["\(folder)/\(rel)"] = "\(attrs?[.size] ?? 0):\(m)"
            }
        }
        return out
    }
}

