import CasebookCore
import CasebookParse
import Foundation

/// What the metadata says, checked against its text and against the other documents.
enum MetadataChecks {
    /// The text as compared: compatibility forms folded (（ and ( alike), whitespace removed.
    static func folded(_ s: String) -> String {
        // White_Space is CharacterSet.whitespacesAndNewlines (categories Z*, U+0009–U+000D, U+0085), read without a set.
        // Written as UTF-8 bytes (appending to a scalar view one scalar at a time is slow over a whole text).
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for u in compatibilityMapped(s).unicodeScalars {
            let v = u.value
            if v < 0x80 ? v == 0x20 || (0x09...0x0D).contains(v) : (0x4E00...0x9FFF).contains(v) ? false : u.properties.isWhitespace { continue }
            out.append(contentsOf: UTF8.encode(u)!)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `precomposedStringWithCompatibilityMapping` (NFKC), which is slow over a whole text, only where it can change
    /// something: ASCII, CJK ideographs and the CJK punctuation below are their own NFKC form; full-width ASCII forms
    /// and the ideographic space map to ASCII one for one. Each run of other characters is mapped with the character
    /// before it (a base that a combining mark composes with), as is a character that such a run follows.
    static func compatibilityMapped(_ s: String) -> String {
        /// 0: its own form; 1: a full-width form (its ASCII character); 2: anything else.
        @inline(__always) func kind(_ v: UInt32) -> Int {
            if v < 0x80 || (0x4E00...0x9FFF).contains(v) || (0x3001...0x3002).contains(v) || (0x3008...0x3011).contains(v)
                || (0x2018...0x201D).contains(v) || v == 0x2014 || v == 0x00B7 { return 0 }
            return (0xFF01...0xFF5E).contains(v) || v == 0x3000 ? 1 : 2
        }
        let scalars = Array(s.unicodeScalars)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var i = 0
        while i < scalars.count {
            let k = kind(scalars[i].value)
            if k != 2 && (i + 1 == scalars.count || kind(scalars[i + 1].value) != 2) {
                let v = scalars[i].value
                out.append(contentsOf: UTF8.encode(k == 0 ? scalars[i] : Unicode.Scalar(v == 0x3000 ? 0x20 : v - 0xFEE0)!)!)
                i += 1
                continue
            }
            var end = i + 1
            while end < scalars.count && kind(scalars[end].value) == 2 { end += 1 }
            var run = String.UnicodeScalarView()
            run.append(contentsOf: scalars[i..<end])
            out.append(contentsOf: String(run).precomposedStringWithCompatibilityMapping.utf8)
            i = end
        }
        return String(decoding: out, as: UTF8.self)
    }

    static let chineseDigits: [Character] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

    /// How much of a text is folded before the whole of it is (`check`).
    static let headBytes = 8192

    /// The text up to the end of the line on which its `bytes`th byte stands (the whole text if shorter).
    static func firstLines(of text: String, bytes: Int) -> Substring {
        let utf8 = text.utf8
        guard utf8.count > bytes else { return Substring(text) }
        var i = utf8.index(utf8.startIndex, offsetBy: bytes)
        while i < utf8.endIndex && utf8[i] != 10 { utf8.formIndex(after: &i) }
        return Substring(utf8[..<i])
    }

    /// A `stated` fact the text does not contain is questioned; a batch number that disagrees with its name is an error.
    static func check(_ meta: DocumentMetadata, text: String, metaFile: String, yaml: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        // Folding the whole text (width, spacing) is slow: only a form the text does not hold as written needs it.
        let raw = ByteText(text)
        var head: ByteText?
        var body: ByteText?
        func at(_ key: String) -> SourceLocation { SourceLocation(file: metaFile, line: MetadataReader.line(of: key, in: yaml)) }
        func question(_ key: String, _ value: String, forms: [String]) {
            if forms.contains(where: { raw.contains($0) }) { return }
            // The text's first lines folded first (where a title, issuer or batch wrapped over lines stands); the whole
            // text only for a form not there. Folding goes line by line (a line end is its own form and is dropped),
            // so the first lines' folding is the start of the whole text's.
            let folds = forms.map { folded($0) }
            if head == nil { head = ByteText(folded(String(Self.firstLines(of: text, bytes: Self.headBytes)))) }
            if let head, folds.contains(where: { head.contains($0) }) { return }
            if body == nil { body = ByteText(folded(text)) }
            guard let body, !folds.contains(where: { body.contains($0) }) else { return }
            out.append(Diagnostic(.warning, "metadata.stated-not-in-text", args: ["key": key, "value": value], at: at(key)))
        }
        if meta.title.basis == .stated { question("title", meta.title.value, forms: [meta.title.value]) }
        if meta.issuer.basis == .stated { question("issuer", meta.issuer.value, forms: [meta.issuer.value]) }
        if meta.level.basis == .stated { question("level", meta.level.value, forms: [meta.level.value]) }
        if meta.batchName.basis == .stated { question("batch", meta.batchName.value, forms: [meta.batchName.value]) }
        if meta.year.basis == .stated {
            let y = "\(meta.year.value)"
            question("year", y, forms: [y + "年", String(y.map { chineseDigits[Int(String($0)) ?? 0] }) + "年"])
        }
        if let date = meta.date, date.basis == .stated {
            let p = date.value.split(separator: "-").compactMap { Int($0) }
            let forms = p.count == 3 ? [date.value, "\(p[0])年\(p[1])月\(p[2])日"] : [date.value]
            question("date", date.value, forms: forms)
        }
        if let number = meta.batchNumber?.value, let m = meta.batchName.value.firstMatch(#"第\s*([0-9]+|[〇零一二三四五六七八九十]+)\s*批"#) {
            let named = Int(m) ?? ChineseNumeral.value(m)
            if let named, named != number {
                out.append(Diagnostic(.error, "metadata.batch-mismatch",
                                      args: ["number": "\(number)", "name": meta.batchName.value, "numeral": ChineseNumeral.text(number)], at: at("batch")))
            }
        }
        return out
    }

    /// Two documents claiming the same batch (number) of the same issuer and level.
    static func duplicateBatches(_ documents: [SourceDocument], yaml: [String: String]) -> [Diagnostic] {
        var seen: [String: String] = [:]
        var out: [Diagnostic] = []
        for d in documents.sorted(by: { $0.file < $1.file }) {
            let m = d.metadata
            guard let n = m.batchNumber?.value else { continue }
            let key = "\(m.issuer.value)|\(m.level.value)|\(n)"
            if let other = seen[key] {
                let metaFile = String(d.file.dropLast(4)) + ".yaml"
                out.append(Diagnostic(.error, "metadata.duplicate-batch",
                                      args: ["batch": m.batchName.value, "issuer": m.issuer.value, "level": m.level.value, "other": other],
                                      at: SourceLocation(file: metaFile, line: MetadataReader.line(of: "batch", in: yaml[d.file] ?? ""))))
            } else {
                seen[key] = d.file
            }
        }
        return out
    }
}

extension String {
    /// The first capture group of the first match of `pattern`.
    func firstMatch(_ pattern: String) -> String? {
        guard let re = try? NSRegularExpression(pattern: pattern),
              let m = re.firstMatch(in: self, range: NSRange(startIndex..., in: self)), m.numberOfRanges > 1,
              let r = Range(m.range(at: 1), in: self) else { return nil }
        return String(self[r])
    }
}
