import CasebookCore
import Foundation

/// A reference in the forms people paste: GB/T 7714-2015, BibTeX, RIS and CSL-JSON.
extension Reference {
    /// GB/T 7714-2015. A case is a part (析出文献) of the publication: `责任者. 题名[G]//发布者. 汇编题名. 年份.`;
    /// a news article: `作者. 题名[N]. 报纸名, 年份.` (`佚名` when the article names no author). At most three
    /// responsible names, then `等`. Facts from outside the text close the line: `（据外部资料：发布单位、年份）`.
    var gbt7714: String {
        var names = authors.prefix(3).joined(separator: ", ")
        if authors.count > 3 { names += ", 等" }
        var line: String
        if type == .newspaper {
            line = "\(names.isEmpty ? "佚名" : names). \(title)[N]. \(container), \(year)."
        } else {
            line = (names.isEmpty ? "" : names + ". ") + "\(title)[\(type.rawValue)]//" + (issuer.isEmpty ? "" : issuer + ". ") + "\(container). \(year)."
        }
        if !attributed.isEmpty { line += "（\(attributedNote)）" }
        return line
    }

    /// A BibTeX entry: `@incollection` for a part of a publication, `@article` for a news article. Corporate names are
    /// braced so that no tool splits them into first and last names.
    var bibtex: String {
        // Over UTF-8 bytes: every character to escape is ASCII (one byte, never part of another character's bytes).
        func esc(_ s: String) -> String {
            var out: [UInt8] = []
            out.reserveCapacity(s.utf8.count)
            for b in s.utf8 {
                switch b {
                case UInt8(ascii: "\\"): out += Array("\\textbackslash{}".utf8)
                case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "$"), UInt8(ascii: "#"), UInt8(ascii: "_"):
                    out.append(UInt8(ascii: "\\"))
                    out.append(b)
                case UInt8(ascii: "~"): out += Array("\\textasciitilde{}".utf8)
                case UInt8(ascii: "^"): out += Array("\\textasciicircum{}".utf8)
                default: out.append(b)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        var fields: [(String, String)] = []
        if !authors.isEmpty { fields.append(("author", authors.map { "{" + esc($0) + "}" }.joined(separator: " and "))) }
        fields.append(("title", esc(title)))
        if type == .newspaper {
            fields.append(("journal", esc(container)))
        } else {
            fields.append(("booktitle", esc(container)))
            if !issuer.isEmpty { fields.append(("publisher", esc(issuer))) }
        }
        fields.append(("year", String(year)))
        fields.append(("note", esc(note)))
        fields.append(("langid", "chinese"))
        if let url { fields.append(("url", url)) }
        let entry = type == .newspaper ? "article" : "incollection"
        return "@\(entry){\(id),\n" + fields.map { "  \($0.0) = {\($0.1)}" }.joined(separator: ",\n") + "\n}\n"
    }

    /// An RIS record (`TY  - CHAP` or `NEWS` … `ER  - `), lines ended with CRLF as the format asks.
    var ris: String {
        var lines = ["TY  - " + (type == .newspaper ? "NEWS" : "CHAP"), "ID  - " + id]
        for a in authors { lines.append("AU  - " + a) }
        lines.append("TI  - " + title)
        lines.append("T2  - " + container)
        if !issuer.isEmpty && type != .newspaper { lines.append("PB  - " + issuer) }
        lines.append("PY  - \(year)")
        lines.append("N1  - " + note)
        lines.append("LA  - zh-CN")
        if let url { lines.append("UR  - " + url) }
        lines.append("ER  - ")
        return lines.map { ($0.utf8.contains(0x0A) ? $0.replacingOccurrences(of: "\n", with: " ") : $0) + "\r\n" }.joined()
    }

    /// A CSL-JSON item (the format of Zotero and citeproc): `chapter` or `article-newspaper`.
    var csl: CSLItem {
        CSLItem(id: id, type: type == .newspaper ? "article-newspaper" : "chapter", title: title,
                author: authors.map { CSLItem.Name(literal: $0) }, containerTitle: container,
                publisher: type == .newspaper || issuer.isEmpty ? nil : issuer, issued: CSLItem.DateParts(dateParts: [[year]]),
                note: note, language: "zh-CN", url: url)
    }
}

/// One item of `data/cases.csl.json`; keys as CSL-JSON spells them, absent values left out.
struct CSLItem: Encodable {
    struct Name: Encodable { var literal: String }
    struct DateParts: Encodable {
        var dateParts: [[Int]]
        enum CodingKeys: String, CodingKey { case dateParts = "date-parts" }
    }

    var id: String
    var type: String
    var title: String
    var author: [Name]
    var containerTitle: String
    var publisher: String?
    var issued: DateParts
    var note: String
    var language: String
    var url: String?

    enum CodingKeys: String, CodingKey {
        case id, type, title, author, publisher, issued, note, language
        case containerTitle = "container-title"
        case url = "URL"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        // In sorted order (byte order: `URL` first), as `OrderedJSONEncoder` writes them.
        try c.encodeIfPresent(url, forKey: .url)
        if !author.isEmpty { try c.encode(author, forKey: .author) }
        try c.encode(containerTitle, forKey: .containerTitle)
        try c.encode(id, forKey: .id)
        try c.encode(issued, forKey: .issued)
        try c.encode(language, forKey: .language)
        try c.encode(note, forKey: .note)
        try c.encodeIfPresent(publisher, forKey: .publisher)
        try c.encode(title, forKey: .title)
        try c.encode(type, forKey: .type)
    }

    /// JSON with sorted keys, the same bytes in every build.
    static func json(_ items: [CSLItem]) -> Data {
        // Encoding strings, numbers and lists in order cannot fail.
        Data((try? OrderedJSONEncoder(pretty: true).encode(items)) ?? []) + Data("\n".utf8)
    }
}
