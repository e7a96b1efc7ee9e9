@testable import CasebookTemplates
import Mustache
import XCTest

/// A schema's typed keys (text, number, flag, list of strings) answer Mustache and write canonical bytes exactly as
/// a key read through `Any` does: a page's fingerprint does not depend on which form declared a key.
final class TypedKeyTests: XCTestCase {
    struct Typed: SchemaModel {
        var text: String?
        var number: Int?
        var flag: Bool
        var list: [String]
        static let schema = Schema<Self>([
            .value("text") { $0.text }, .value("number") { $0.number }, .value("flag") { $0.flag }, .value("list") { $0.list },
        ])
    }

    /// The same keys, declared so that every value goes through `Any`.
    struct Untyped: SchemaModel {
        var text: String?
        var number: Int?
        var flag: Bool
        var list: [String]
        static let schema = Schema<Self>([
            .value("text") { $0.text as (any Sendable)? }, .value("number") { $0.number as (any Sendable)? },
            .value("flag") { $0.flag as (any Sendable)? }, .value("list") { $0.list as (any Sendable)? },
        ])
    }

    /// A template's variables are named at their line and column (in characters, Chinese ones counted as one), as an
    /// unknown key's message points at them.
    func testVariablesAreFoundAtTheirLineAndColumn() {
        let text = "a\n中文 {{x}}\n\n  {{#y}}{{z.w}}{{.}}{{/y}}\n{{{ raw }}} {{&amp}} {{empty(list)}}"
        let found = TemplateSet.variables(in: text).map { "\($0.name)@\($0.line):\($0.column)" }
        XCTAssertEqual(found, ["x@2:4", "y@4:3", "z@4:9", "w@4:9", "raw@5:1", "amp@5:13", "list@5:22"])
    }

    func testTypedKeysWriteTheBytesOfUntypedOnesAndReadTheSame() throws {
        let values: [(String?, Int?, Bool, [String])] = [
            ("中国（广西）自由贸易试验区", 12, true, ["南宁片区", "钦州港片区"]),
            (nil, nil, false, []),
            ("", 0, false, [""]),
            ("a", -3, true, ["a", "b", "c"]),
        ]
        var seen = Set<[UInt8]>()
        for (t, n, f, l) in values {
            let typed = Typed(text: t, number: n, flag: f, list: l)
            let bytes = CanonicalBytes.of(typed)
            XCTAssertEqual(bytes, CanonicalBytes.of(Untyped(text: t, number: n, flag: f, list: l)))
            seen.insert(bytes)

            // What a template sees: absent text and number read as false (a section over them is skipped).
            let template = try MustacheTemplate(string: "{{#text}}[{{text}}]{{/text}}{{^text}}none{{/text}}|{{#number}}{{number}}{{/number}}|{{#flag}}yes{{/flag}}|{{#list}}<{{.}}>{{/list}}")
            let expected = (t.map { "[\($0)]" } ?? "none") + "|" + (n.map { "\($0)" } ?? "") + "|" + (f ? "yes" : "") + "|" + l.map { "<\($0)>" }.joined()
            XCTAssertEqual(template.render(typed), expected)
        }
        XCTAssertEqual(seen.count, values.count, "different values, different bytes")
    }
}
