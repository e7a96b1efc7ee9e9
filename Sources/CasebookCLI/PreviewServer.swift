import CasebookBuild
import CasebookCore
import FlyingFox
import Foundation

/// A local preview on 127.0.0.1: builds the site, serves it, rebuilds when `Content/` or `Templates/` change,
/// and makes open pages reload themselves (served HTML gets a small script that polls a version number).
struct PreviewServer {
    let options: SiteBuilder.Options
    let port: UInt16
    let interval: Duration

    actor Version {
        var value = 0
        func bump() { value += 1 }
    }

    static let reloadScript = """
    <script>(function(){var seen=null;setInterval(function(){fetch('/__casebook/version',{cache:'no-store'}).then(function(r){return r.text();}).then(function(v){if(seen===null){seen=v;}else if(v!==seen){location.reload();}}).catch(function(){});},1000);})();</script>
    """

    static let types: [String: String] = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8", "xml": "application/xml; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf", "txt": "text/plain; charset=utf-8",
        "md": "text/markdown; charset=utf-8", "zip": "application/zip",
    ]

    func run() async throws {
        let version = Version()
        let first = SiteBuilder().build(options)
        report(first.diagnostics)
        log("built \(first.cases) cases, \(first.pages) pages in \(String(format: "%.2f", first.seconds)) s")
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), logger: .disabled)
        let root = URL(fileURLWithPath: options.output).standardizedFileURL
        await server.appendRoute("GET /__casebook/version") { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain", .cacheControl: "no-store"], body: Data("\(await version.value)".utf8))
        }
        await server.appendRoute("GET,HEAD *") { request in
            Self.serve(request.path, from: root)
        }
        let watcher = Task { [options, interval] in
            var last = Self.fingerprint([options.content, options.templates])
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                let now = Self.fingerprint([options.content, options.templates])
                guard now != last else { continue }
                last = now
                let result = SiteBuilder().build(options)
                report(result.diagnostics)
                if result.written {
                    await version.bump()
                    log("rebuilt in \(String(format: "%.2f", result.seconds)) s; open pages reload")
                } else {
                    log("rebuild failed; still serving the previous site")
                }
            }
        }
        defer { watcher.cancel() }
        log("serving \(options.output) at http://127.0.0.1:\(port)/ (Ctrl-C to stop)")
        try await server.run()
    }

    func log(_ s: String) { FileHandle.standardError.write(Data("casebook serve: \(s)\n".utf8)) }

    static func serve(_ rawPath: String, from root: URL) -> HTTPResponse {
        var path = (rawPath.removingPercentEncoding ?? rawPath).split(separator: "?").first.map(String.init) ?? "/"
        if path.hasSuffix("/") { path += "index.html" }
        let file = root.appendingPathComponent(String(path.drop { $0 == "/" })).standardizedFileURL
        guard file.path.hasPrefix(root.path + "/") || file.path == root.path else { return HTTPResponse(statusCode: .forbidden) }
        var isDir: ObjCBool = false
        var target = file
        if FileManager.default.fileExists(atPath: file.path, isDirectory: &isDir), isDir.boolValue {
            target = file.appendingPathComponent("index.html")
        }
        guard var data = try? Data(contentsOf: target) else {
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: Data("404 \(path)".utf8))
        }
        let ext = target.pathExtension.lowercased()
        if ext == "html", let html = String(data: data, encoding: .utf8), let r = html.range(of: "</body>", options: .backwards) {
            data = Data(html.replacingCharacters(in: r, with: reloadScript + "\n</body>").utf8)
        }
        return HTTPResponse(statusCode: .ok, headers: [.contentType: types[ext] ?? "application/octet-stream", .cacheControl: "no-store"], body: data)
    }

    /// Paths, sizes and modification times of every file below the folders.
    static func fingerprint(_ folders: [String]) -> String {
        var parts: [String] = []
        let fm = FileManager.default
        for folder in folders {
            for case let rel as String in fm.enumerator(atPath: folder) ?? FileManager.DirectoryEnumerator() {
                let attrs = try? fm.attributesOfItem(atPath: folder + "/" + rel)
                let m = (attrs?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                parts.append("\(folder)/\(rel):\(attrs?[.size] ?? 0):\(m)")
            }
        }
        return parts.sorted().joined(separator: "\n")
    }
}

