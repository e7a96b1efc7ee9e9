@testable import CasebookBuild
import CasebookCore
import CasebookParse
import Foundation
import XCTest

/// Texts as offices save them: every encoding and line-end convention of a real source parses to the same cases;
/// what cannot be read is a `file:line` diagnostic, never a crash, and every unusable file is reported in one run.
final class EncodingTests: XCTestCase {
    /// The real source texts (whatever batches `Content/sources/` holds), by name.
    static let sources: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: Repo.content + "/sources")) ?? [])
        .filter { $0.hasSuffix(".txt") }.sorted()

    /// Copies the sources (each through `transform`) with their metadata and the reference data into `dir/Content`.
    static func makeContent(at dir: URL, extraMetadata: String = "", _ transform: (String) throws -> Data) throws -> String {
        let content = dir.appendingPathComponent("Content")
        let fm = FileManager.default
        try fm.createDirectory(at: content.appendingPathComponent("sources"), withIntermediateDirectories: true)
        try fm.copyItem(atPath: Repo.content + "/data", toPath: content.appendingPathComponent("data").path)
        for name in sources {
            let text = try String(contentsOfFile: Repo.content + "/sources/" + name, encoding: .utf8)
            try transform(text).write(to: content.appendingPathComponent("sources/" + name))
            let meta = String(name.dropLast(4)) + ".yaml"
            let yaml = try String(contentsOfFile: Repo.content + "/sources/" + meta, encoding: .utf8)
            try (yaml + extraMetadata).write(to: content.appendingPathComponent("sources/" + meta), atomically: true, encoding: .utf8)
        }
        return content.path
    }

    nonisolated(unsafe) static var original: Corpus?

    func originalCorpus() throws -> Corpus {
        if let o = Self.original { return o }
        let content = try Self.makeContent(at: temporaryFolder(self)) { Data($0.utf8) }
        let corpus = Pipeline.loadCorpus(content: content)
        Self.original = corpus
        return corpus
    }

    static func gb18030(_ text: String) throws -> Data {
        guard case .success(let bytes)? = SourceDecoder.runIconv(Array(text.utf8), from: "UTF-8", to: "GB18030") else {
            throw XCTSkip("iconv cannot encode GB18030 here")
        }
        return Data(bytes)
    }

    static func utf16(_ text: String, bigEndian: Bool) -> Data {
        var data = Data(bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE])
        for unit in text.utf16 {
            let u = bigEndian ? unit.bigEndian : unit.littleEndian
            withUnsafeBytes(of: u) { data.append(contentsOf: $0) }
        }
        return data
    }

    func assertParsesLikeTheOriginal(extraMetadata: String = "", _ transform: (String) throws -> Data,
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(Self.sources.count, 5, "the five real texts", file: file, line: line)
        let original = try originalCorpus()
        XCTAssertFalse(original.cases.isEmpty, file: file, line: line)
        let content = try Self.makeContent(at: temporaryFolder(self), extraMetadata: extraMetadata, transform)
        let corpus = Pipeline.loadCorpus(content: content)
        XCTAssertEqual(corpus.diagnostics.map(\.description), original.diagnostics.map(\.description), file: file, line: line)
        XCTAssertEqual(corpus.documents.map(\.file), original.documents.map(\.file), file: file, line: line)
        for (a, b) in zip(corpus.parsed, original.parsed) {
            XCTAssertEqual(a.dump(), b.dump(), "\(a.file): the parse dumps differ", file: file, line: line)
            XCTAssertTrue(a == b, "\(a.file): the parses differ", file: file, line: line)
        }
        XCTAssertEqual(corpus.cases, original.cases, file: file, line: line)
    }

    func testGB18030IsDetected() throws {
        try assertParsesLikeTheOriginal { try Self.gb18030($0) }
    }

    func testGBKDeclaredInTheMetadata() throws {
        try assertParsesLikeTheOriginal(extraMetadata: "\nencoding: gbk\n") { try Self.gb18030($0) }
    }

    /// The declaration is found however the key is written (a quoted key with an escape too), and a metadata file that
    /// declares none has none.
    func testTheDeclaredEncodingIsReadFromTheKeyHoweverItIsWritten() throws {
        XCTAssertEqual(try MetadataReader.declaredEncoding("slug: x\nencoding: utf-16le\n", file: "x.yaml"), .utf16le)
        XCTAssertEqual(try MetadataReader.declaredEncoding("slug: x\n\"\\u0065ncoding\": gbk\n", file: "x.yaml"), .gb18030)
        XCTAssertEqual(try MetadataReader.declaredEncoding("{slug: x, encoding: UTF-8}", file: "x.yaml"), .utf8)
        XCTAssertNil(try MetadataReader.declaredEncoding("slug: x\nnote: 编码说明\n", file: "x.yaml"))
        XCTAssertThrowsError(try MetadataReader.declaredEncoding("slug: x\nencoding: latin-1\n", file: "x.yaml"))
    }

    func testUTF16LittleEndianWithBOM() throws {
        try assertParsesLikeTheOriginal { Self.utf16($0, bigEndian: false) }
    }

    func testUTF16BigEndianWithBOM() throws {
        try assertParsesLikeTheOriginal { Self.utf16($0, bigEndian: true) }
    }

    func testUTF8WithBOM() throws {
        try assertParsesLikeTheOriginal { Data([0xEF, 0xBB, 0xBF]) + Data($0.utf8) }
    }

    func testCRLF() throws {
        try assertParsesLikeTheOriginal { Data($0.replacingOccurrences(of: "\n", with: "\r\n").utf8) }
    }

    func testLoneCR() throws {
        try assertParsesLikeTheOriginal { Data($0.replacingOccurrences(of: "\n", with: "\r").utf8) }
    }

    func testGB18030WithCRLF() throws {
        try assertParsesLikeTheOriginal { try Self.gb18030($0.replacingOccurrences(of: "\n", with: "\r\n")) }
    }

    // MARK: - What cannot be read

    func decode(_ bytes: [UInt8], declared: SourceEncoding? = nil) -> SourceDecoder.Decoded {
        SourceDecoder.decode(Data(bytes), file: "x.txt", declared: declared)
    }

    func testUndecodableBytesNameEveryLine() {
        // Line 2 and 4 hold bytes that are neither UTF-8 nor GB18030 (0xFF never occurs in either).
        let d = decode(Array("一\n二".utf8) + [0xFF, 0x0A] + Array("三\n".utf8) + [0x80, 0xFF, 0x0D, 0x0A])
        XCTAssertNil(d.text)
        XCTAssertEqual(d.diagnostics.map(\.description), [
            "x.txt:2: error: byte 0xFF cannot be decoded: the file is neither UTF-8 nor GB18030 (save it as UTF-8, or declare `encoding:` in its metadata) [content.encoding]",
            "x.txt:4: error: byte 0x80 cannot be decoded: the file is neither UTF-8 nor GB18030 (save it as UTF-8, or declare `encoding:` in its metadata) [content.encoding]",
        ])
    }

    func testManyUndecodableLinesAreCounted() {
        let d = decode(Array(repeating: [0xFF, 0x0A] as [UInt8], count: 30).flatMap { $0 })
        XCTAssertEqual(d.diagnostics.count, SourceDecoder.maxListed + 1)
        XCTAssertEqual(d.diagnostics.last?.description, "x.txt:11: error: 20 more lines cannot be decoded [content.encoding]")
    }

    func testADeclaredEncodingThatDoesNotFitNamesTheLine() {
        // Declared GB18030, but line 3 ends in half a character.
        let gb: [UInt8] = [0xD2, 0xBB, 0x0A, 0xB6, 0xFE, 0x0A, 0x41, 0x81]
        let d = decode(gb, declared: .gb18030)
        XCTAssertNil(d.text)
        XCTAssertEqual(d.diagnostics.first?.location, SourceLocation(file: "x.txt", line: 3))
        XCTAssertEqual(d.diagnostics.first?.id, "content.encoding")
        // UTF-16 with an odd number of bytes.
        let u = decode([0xFF, 0xFE, 0x41, 0x00, 0x0A, 0x00, 0x42], declared: nil)
        XCTAssertEqual(u.diagnostics.first?.location, SourceLocation(file: "x.txt", line: 2))
    }

    func testUnusableFiles() {
        XCTAssertEqual(decode([]).diagnostics.map(\.id), ["content.empty"])
        XCTAssertEqual(decode(Array(" \n\r\n\t　\n".utf8)).diagnostics.map(\.id), ["content.empty"])
        XCTAssertEqual(decode([0xEF, 0xBB, 0xBF]).diagnostics.map(\.id), ["content.empty"])
        XCTAssertEqual(decode([0x41, 0x00, 0x42, 0x00]).diagnostics.map(\.id), ["content.binary"])
        XCTAssertEqual(decode(Array("%PDF-1.7\n".utf8)).diagnostics.first?.message, "the file is a PDF document, not text: save or extract it as a .txt file first")
        XCTAssertEqual(decode([0x50, 0x4B, 0x03, 0x04, 0x14]).diagnostics.map(\.id), ["content.binary"])
        XCTAssertEqual(decode((0..<200).map { UInt8($0 % 8 + 1) }).diagnostics.map(\.id), ["content.binary"])
        let long = decode(Array("1.标题\n".utf8) + Array(repeating: 0x41, count: SourceDecoder.maxLineBytes + 1))
        XCTAssertEqual(long.diagnostics.map(\.description),
                       ["x.txt:2: error: line 2 is \(SourceDecoder.maxLineBytes + 1) bytes long: the text seems to have lost its line breaks; extract it again with one line per paragraph [content.long-line]"])
        // Form feeds and vertical tabs from PDF and Word extractions are text.
        XCTAssertEqual(decode(Array("一\u{0C}\n二\u{0B}三\n".utf8)).diagnostics, [])
    }

    func testAnUnknownDeclaredEncodingIsAMetadataError() throws {
        let dir = temporaryFolder(self)
        try FixtureSite.make(at: dir, sources: ["a.txt": "1.标题\n\n（报送单位：南宁片区管委会；复制推广责任单位：自治区商务厅）\n正文。\n"])
        let yaml = dir.appendingPathComponent("Content/sources/a.yaml")
        try (String(contentsOf: yaml, encoding: .utf8) + "\nencoding: big5\n").write(to: yaml, atomically: true, encoding: .utf8)
        let corpus = Pipeline.loadCorpus(content: dir.appendingPathComponent("Content").path)
        XCTAssertTrue(corpus.diagnostics.contains { $0.id == "metadata.invalid" && $0.message.hasPrefix("`encoding` must be one of") && $0.location?.file == "a.yaml" },
                      corpus.diagnostics.description)
    }

    func testMetadataInGB18030IsRead() throws {
        let dir = temporaryFolder(self)
        try FixtureSite.make(at: dir, sources: ["a.txt": "1.标题\n\n（报送单位：南宁片区管委会；复制推广责任单位：自治区商务厅）\n正文。\n"])
        let yaml = dir.appendingPathComponent("Content/sources/a.yaml")
        try Self.gb18030(String(contentsOf: yaml, encoding: .utf8)).write(to: yaml)
        let corpus = Pipeline.loadCorpus(content: dir.appendingPathComponent("Content").path)
        XCTAssertFalse(corpus.diagnostics.hasErrors, corpus.diagnostics.description)
        XCTAssertEqual(corpus.documents.first?.metadata.title.value, "测试文件")
    }

    /// Every unusable file is reported in the same run, each by name, and the good ones are still parsed.
    func testEveryProblemInEveryFileIsReportedInOneRun() throws {
        let dir = temporaryFolder(self)
        let good = "1.标题\n\n（报送单位：南宁片区管委会；复制推广责任单位：自治区商务厅）\n正文。\n"
        try FixtureSite.make(at: dir, sources: ["good.txt": good, "empty.txt": "", "binary.txt": "x", "long.txt": "x",
                                                "nolayout.txt": "只是一段文字。\n没有任何结构。\n", "badbytes.txt": "x", "warned.txt": "x"])
        let sources = dir.appendingPathComponent("Content/sources")
        try Data([0x00, 0x01, 0x02, 0x03]).write(to: sources.appendingPathComponent("binary.txt"))
        try Data(repeating: 0x41, count: SourceDecoder.maxLineBytes * 2).write(to: sources.appendingPathComponent("long.txt"))
        try (Data("1.标题\n\n（报送单位：南宁片区管委会；复制推广责任单位：自治区商务厅）\n".utf8) + Data([0xFF, 0x0A])).write(to: sources.appendingPathComponent("badbytes.txt"))
        try Data(good.replacingOccurrences(of: "1.标题", with: "标题").utf8).write(to: sources.appendingPathComponent("warned.txt"))
        try Data("%PDF-1.7".utf8).write(to: sources.appendingPathComponent("report.pdf"))
        let corpus = Pipeline.loadCorpus(content: dir.appendingPathComponent("Content").path)
        XCTAssertTrue(corpus.diagnostics.contains { $0.id == "content.ignored-file" && $0.location?.file == "report.pdf" }, "\(corpus.diagnostics)")
        let found = Set(corpus.diagnostics.compactMap { d in d.location.map { "\($0.file) \(d.id)" } })
        for expected in ["empty.txt content.empty", "binary.txt content.binary", "long.txt content.long-line",
                         "nolayout.txt parse.unknown-layout", "badbytes.txt content.encoding"] {
            XCTAssertTrue(found.contains(expected), "\(expected) missing from \(corpus.diagnostics)")
        }
        XCTAssertTrue(corpus.diagnostics.contains { $0.location?.file == "warned.txt" }, "the good files are parsed too")
        XCTAssertEqual(Set(corpus.documents.map(\.file)), ["good.txt", "nolayout.txt", "warned.txt"])
    }
}
