import CCmarkGFM
import Synchronization

/// Markdown → HTML through libcmark-gfm, the one place its options and extensions are fixed:
/// GitHub tables and strikethrough on, raw HTML and dangerous links off (no `CMARK_OPT_UNSAFE`).
public enum Markdown {
    /// libcmark-gfm 0.29 changes a process-wide table while parsing: parses run one at a time.
    private static let lock = Mutex(())
    private static let extensionNames = ["table", "strikethrough"]

    /// The options every render uses. `CMARK_OPT_UNSAFE` is deliberately absent.
    public static let options: Int32 = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_GITHUB_PRE_LANG

    public static func html(_ markdown: String) -> String {
        // Parsing runs alone; rendering the finished tree reads only that tree and the parser's own extension list
        // (the table extension keeps its state in the renderer), so renders run on every core. (Passing the pointers
        // out of the lock: `OpaquePointer` is not `Sendable`, the tuple is only this thread's.)
        let parsed: (parser: OpaquePointer, doc: OpaquePointer)? = lock.withLock { _ in
            cmark_gfm_core_extensions_ensure_registered()
            guard let parser = cmark_parser_new(options) else { return nil }
            for name in extensionNames {
                if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
            }
            var utf8 = markdown
            utf8.withUTF8 { buf in
                buf.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buf.count) { cmark_parser_feed(parser, $0, buf.count) }
            }
            guard let doc = cmark_parser_finish(parser) else {
                cmark_parser_free(parser)
                return nil
            }
            return (parser, doc)
        }
        guard let (parser, doc) = parsed else { return "" }
        defer {
            cmark_node_free(doc)
            lock.withLock { _ in cmark_parser_free(parser) }  // the parser is freed where it was made: under the lock
        }
        guard let out = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { cmark_get_default_mem_allocator().pointee.free(out) }
        return String(cString: out)
    }

    /// Escapes text so that Markdown shows it literally and stays readable: inline syntax characters
    /// (`\\ ` * _ [ ] < > | ~ &`) always get a backslash; block markers only at the start
    /// (`#`, `+`, `-`, `=`, `1.`, `1)`); line breaks become spaces. Chinese punctuation needs nothing.
    public static func escape(_ text: String) -> String {
        // Over UTF-8 bytes: every character that needs attention is ASCII, and ASCII bytes never occur inside a
        // multi-byte character. Text that needs nothing (most Chinese paragraphs) comes back as it is.
        @inline(__always) func isInline(_ b: UInt8) -> Bool {
            switch b {
            case 0x5C, 0x60, 0x2A, 0x5F, 0x5B, 0x5D, 0x3C, 0x3E, 0x7C, 0x7E, 0x26: true  // \ ` * _ [ ] < > | ~ &
            default: false
            }
        }
        @inline(__always) func isBreak(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D }
        @inline(__always) func isBlockMarker(_ b: UInt8) -> Bool { b == 0x23 || b == 0x2B || b == 0x2D || b == 0x3D }  // # + - =
        @inline(__always) func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }
        let utf8 = text.utf8
        guard let first = utf8.first else { return text }
        let startsPlain = !(first == 0x20 || first == 0x09 || isBreak(first) || isBlockMarker(first) || isDigit(first))
        // Over the string's own bytes where it has them (a native string does), not by stepping a `UTF8View`.
        @inline(__always) func needsAttention(_ b: UInt8) -> Bool { isInline(b) || isBreak(b) }
        if startsPlain
            && !(utf8.withContiguousStorageIfAvailable { $0.contains(where: needsAttention) } ?? utf8.contains(where: needsAttention))
        {
            return text
        }

        // Line breaks become spaces first, then every leading space and tab goes: text indented by them (`\r\t3`
        // becomes ` \t3`) would otherwise start an indented code block.
        let bytes = utf8.drop { $0 == 0x20 || $0 == 0x09 || isBreak($0) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        // A leading run of digits followed by . or ) would start an ordered list.
        let leadingDigits = bytes.prefix(while: isDigit).count
        for (i, b) in bytes.enumerated() {
            if isInline(b) || (i == 0 && isBlockMarker(b))
                || (i == leadingDigits && leadingDigits > 0 && (b == 0x2E || b == 0x29)) {
                out.append(0x5C)
                out.append(b)
            } else if isBreak(b) {
                out.append(0x20)
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
