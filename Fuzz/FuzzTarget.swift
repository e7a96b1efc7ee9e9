// libFuzzer target over the parser (`Parser.parse`, every layout) and the Markdown generation
// (`Markdown.escape` + `Markdown.html`). Built by Fuzz/build with `-sanitize=fuzzer,address`; run by `make fuzz`.
//
// Input: the first byte picks the layout (detected, or one forced as by `layout:` in the metadata); the rest is the
// text, decoded as UTF-8 with replacement (the loader hands the parser only valid text).
// Checked beyond "no crash, no hang": case line ranges lie inside the text, and escaped text renders as one
// paragraph holding no HTML tag (Markdown shows it literally).
import CasebookCore
import CasebookMarkdown
import CasebookParse

let layouts: [Layout?] = [nil] + Layout.allCases
let metadata = DocumentMetadata(slug: "fz", title: Fact("fuzz", .attributed), issuer: Fact("fuzz", .attributed),
                                level: Fact("fuzz", .attributed), batchNumber: nil, batchName: Fact("fuzz", .attributed),
                                year: Fact(2024, .attributed))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let first = bytes.first else { return 0 }
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    check(text, layout: layouts[Int(first) % layouts.count])
    return 0
}

func check(_ text: String, layout: Layout?) {
    var meta = metadata
    meta.layout = layout
    let parsed = Parser.parse(SourceDocument(file: "fuzz.txt", text: text, metadata: meta))
    _ = parsed.dump()
    let lineCount = max(1, text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }.count)
    for c in parsed.cases {
        let lines = c.source.lines
        if lines.first < 1 || lines.first > lines.last || lines.last > lineCount + 1 {
            fatalError("case \(c.id) has lines \(lines.first)-\(lines.last) in a text of \(lineCount) lines")
        }
    }
    for line in text.split(separator: "\n").prefix(64) {
        let html = Markdown.html(Markdown.escape(String(line)))
        guard !html.isEmpty else { continue }
        // Byte-wise: a combining mark after `>` would join it in one Character.
        let utf8 = Array(html.utf8)
        guard utf8.starts(with: Array("<p>".utf8)), utf8.reversed().starts(with: Array("</p>\n".utf8).reversed()) else {
            fatalError("escaped text is not one paragraph: \(html)")
        }
        if utf8.dropFirst(3).dropLast(5).contains(UInt8(ascii: "<")) { fatalError("escaped text renders a tag: \(html)") }
    }
    _ = Markdown.html(text)
}
