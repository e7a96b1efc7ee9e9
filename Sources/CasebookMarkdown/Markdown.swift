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
        lock.withLock { _ in
            cmark_gfm_core_extensions_ensure_registered()
            guard let parser = cmark_parser_new(options) else { return "" }
            defer { cmark_parser_free(parser) }
            for name in extensionNames {
                if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
            }
            let bytes = Array(markdown.utf8)
            bytes.withUnsafeBufferPointer { buf in
                buf.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buf.count) { cmark_parser_feed(parser, $0, buf.count) }
            }
            guard let doc = cmark_parser_finish(parser) else { return "" }
            defer { cmark_node_free(doc) }
            guard let out = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
            defer { cmark_get_default_mem_allocator().pointee.free(out) }
            return String(cString: out)
        }
    }

    /// Escapes text so that Markdown shows it literally and stays readable: inline syntax characters
    /// (`\\ ` * _ [ ] < > | ~ &`) always get a backslash; block markers only at the start
    /// (`#`, `+`, `-`, `=`, `1.`, `1)`); line breaks become spaces. Chinese punctuation needs nothing.
    static let inlineSyntax: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&"]

    public static func escape(_ text: String) -> String {
        // Line breaks become spaces first, then every leading space and tab goes: text indented by them (`\r\t3`
        // becomes ` \t3`) would otherwise start an indented code block.
        let scalars = Array(text.unicodeScalars.lazy.map { $0 == "\n" || $0 == "\r" ? " " : $0 }.drop { $0 == " " || $0 == "\t" })
        var out = String.UnicodeScalarView()
        out.reserveCapacity(scalars.count + 8)
        // A leading run of digits followed by . or ) would start an ordered list.
        let leadingDigits = scalars.prefix { $0.isASCII && ("0"..."9").contains($0) }.count
        for (i, ch) in scalars.enumerated() {
            if Self.inlineSyntax.contains(ch) || (i == 0 && "#+-=".unicodeScalars.contains(ch))
                || (i == leadingDigits && leadingDigits > 0 && (ch == "." || ch == ")")) {
                out.append("\\")
                out.append(ch)
            } else if ch == "\n" || ch == "\r" {
                out.append(" ")
            } else {
                out.append(ch)
            }
        }
        return String(out)
    }
}
