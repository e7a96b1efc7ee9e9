@testable import CasebookCLI
import Foundation
import XCTest

/// `casebook serve`: 127.0.0.1 only; traversal, encoded traversal, absolute paths and symbolic links pointing outside
/// the site get 404 and serve nothing outside it; 200 concurrent requests are all answered. Loopback only, bounded.
final class ServeSecurityTests: XCTestCase {
    static let secret = "SECRET-OUTSIDE-THE-SITE"

    /// `dir/site` (index, a page, links inside and outside) beside `dir/secret.txt`.
    func makeSite() throws -> (dir: URL, site: URL) {
        let dir = temporaryFolder(self)
        let site = dir.appendingPathComponent("site")
        let fm = FileManager.default
        try fm.createDirectory(at: site.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("<html><body>home</body></html>".utf8).write(to: site.appendingPathComponent("index.html"))
        try Data("<html><body>page</body></html>".utf8).write(to: site.appendingPathComponent("sub/page.html"))
        try Data("ok".utf8).write(to: site.appendingPathComponent("sub/index.html"))
        try Data(Self.secret.utf8).write(to: dir.appendingPathComponent("secret.txt"))
        try fm.createDirectory(at: dir.appendingPathComponent("private"), withIntermediateDirectories: true)
        try Data(Self.secret.utf8).write(to: dir.appendingPathComponent("private/index.html"))
        try fm.createSymbolicLink(atPath: site.appendingPathComponent("link.txt").path, withDestinationPath: "../secret.txt")
        try fm.createSymbolicLink(atPath: site.appendingPathComponent("linkdir").path, withDestinationPath: dir.path)
        try fm.createSymbolicLink(atPath: site.appendingPathComponent("private").path, withDestinationPath: "../private")
        try fm.createSymbolicLink(atPath: site.appendingPathComponent("alias.html").path, withDestinationPath: "sub/page.html")
        return (dir, site)
    }

    func hostilePaths(_ dir: URL) -> [String] {
        [
            "/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt", "/%2E%2E%2Fsecret.txt",
            "/sub/%2e%2e%2f%2e%2e%2fsecret.txt", "/..%2fsecret.txt", "/%252e%252e%252fsecret.txt", "/..%5csecret.txt",
            "/..\\secret.txt", "/%00/../secret.txt", "/index.html%00.txt", "//etc/passwd", "/etc/passwd", "/%2fetc%2fpasswd",
            dir.path + "/secret.txt", "/" + dir.path + "/secret.txt", "/link.txt", "/linkdir/secret.txt",
            "/private/", "/private", "/private/index.html", "/proc/self/environ", "/../../../../../../etc/passwd",
        ]
    }

    func testTheResolverServesNothingOutsideTheSite() throws {
        let (dir, site) = try makeSite()
        for path in hostilePaths(dir) {
            XCTAssertNil(PreviewServer.resolve(path, in: site), path)
        }
        let real = PreviewServer.realPath(site.path)!
        XCTAssertEqual(PreviewServer.resolve("/", in: site), real + "/index.html")
        XCTAssertEqual(PreviewServer.resolve("/sub/", in: site), real + "/sub/index.html")
        XCTAssertEqual(PreviewServer.resolve("/sub", in: site), real + "/sub/index.html")
        XCTAssertEqual(PreviewServer.resolve("/sub/page.html?q=1", in: site), real + "/sub/page.html")
        XCTAssertEqual(PreviewServer.resolve("/sub/./page.html", in: site), real + "/sub/page.html")
        XCTAssertEqual(PreviewServer.resolve("/alias.html", in: site), real + "/sub/page.html", "a link inside the site is fine")
        XCTAssertEqual(PreviewServer.resolve("/%73ub/page.html", in: site), real + "/sub/page.html")
    }

    /// One raw HTTP/1.1 request over loopback (no client library normalizes the path); (status, body).
    static func request(_ target: String, port: UInt16, timeout: Int = 20) -> (status: Int, body: String)? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let message = Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard message.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == message.count else { return nil }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += buffer[0..<n]
            // Stop once the body announced by Content-Length is complete (in case the connection stays open).
            let text = String(decoding: received, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n"),
               let length = text[..<end.lowerBound].split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") })
                   .flatMap({ Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }),
               text.utf8.count - text[..<end.upperBound].utf8.count >= length { break }
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let first = text.split(separator: "\r\n").first, let code = first.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return (code, body)
    }

    /// Requests on real threads (blocking sockets must not sit on the concurrency pool the server runs on).
    static func requests(_ targets: [String], port: UInt16) async -> [(status: Int, body: String)?] {
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var values: [(status: Int, body: String)?]
            init(_ n: Int) { values = Array(repeating: nil, count: n) }
        }
        let results = Results(targets.count)
        let group = DispatchGroup()
        for (i, target) in targets.enumerated() {
            group.enter()
            let thread = Thread {
                let r = request(target, port: port)
                results.lock.withLock { results.values[i] = r }
                group.leave()
            }
            thread.stackSize = 1 << 18
            thread.start()
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                _ = group.wait(timeout: .now() + 60)
                done.resume()
            }
        }
        return results.lock.withLock { results.values }
    }

    func testOverLoopbackHostileRequestsGet404AndNothingFromOutside() async throws {
        let (dir, site) = try makeSite()
        let server = try await PreviewServer.start(root: site)
        let paths = hostilePaths(dir).filter { !$0.contains("\\") && !$0.contains(" ") } + ["http://127.0.0.1/../secret.txt"]
        let results = await Self.requests(paths + ["/", "/sub/page.html", "/alias.html"], port: server.port)
        await server.stop()
        for (path, r) in zip(paths, results) {
            XCTAssertEqual(r?.status, 404, path)
            XCTAssertFalse(r?.body.contains(Self.secret) ?? false, path)
        }
        XCTAssertEqual(results.suffix(3).map { $0?.status }, [200, 200, 200])
        XCTAssertTrue(results[paths.count]?.body.contains("home") == true)
    }

    func testTwoHundredConcurrentRequestsAreAllAnswered() async throws {
        let (_, site) = try makeSite()
        let server = try await PreviewServer.start(root: site)
        let start = Date()
        let targets = (0..<200).map { $0 % 2 == 0 ? "/sub/page.html?n=\($0)" : "/index.html?n=\($0)" }
        let results = await Self.requests(targets, port: server.port)
        let seconds = Date().timeIntervalSince(start)
        await server.stop()
        let answered = results.filter { $0?.status == 200 }.count
        XCTAssertEqual(answered, 200, "answered \(answered) of 200 in \(seconds) s")
        XCTAssertLessThan(seconds, 60)
        print("200 concurrent requests answered in \(String(format: "%.2f", seconds)) s")
    }

    func testTheServerListensOnLoopbackOnly() async throws {
        let (_, site) = try makeSite()
        let server = try await PreviewServer.start(root: site)
        defer { Task { await server.stop() } }
        // /proc/net/tcp: local address as hex IP:port, state 0A = LISTEN. 127.0.0.1 is 0100007F.
        guard let table = try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8) else { throw XCTSkip("no /proc/net/tcp") }
        let port = String(format: "%04X", server.port)
        let listening = table.split(separator: "\n").compactMap { line -> String? in
            let f = line.split(separator: " ")
            guard f.count > 3, f[1].hasSuffix(":" + port), f[3] == "0A" else { return nil }
            return String(f[1])
        }
        XCTAssertEqual(listening, ["0100007F:" + port])
        let v6 = (try? String(contentsOfFile: "/proc/net/tcp6", encoding: .utf8)) ?? ""
        XCTAssertFalse(v6.split(separator: "\n").contains { $0.split(separator: " ").count > 3 && $0.split(separator: " ")[1].hasSuffix(":" + port) && $0.split(separator: " ")[3] == "0A" })
        await server.stop()
    }
}
