/// The section names an institutional-innovation text prints (`主要做法`, `实践效果`, `创新点`, …), in the order
/// the templates of these texts put them. A line that is one of them, standing alone, is a heading whether it is
/// numbered (`三、创新点`) or not (`创新点`).
enum SectionName {
    /// Names by their place in the usual order: background, practice, effect, innovation, risk, next steps, value.
    static let groups: [[String]] = [
        ["基本情况", "改革背景", "背景情况", "背景"],
        ["主要做法", "具体做法", "经验做法", "改革举措", "主要举措"],
        ["实践效果", "实施成效", "主要成效", "实施效果", "改革成效", "取得成效", "工作成效"],
        ["创新点", "创新性", "主要创新点", "创新之处"],
        ["风险点和防控措施", "风险和防控措施", "风险点及防控措施", "风险防控措施", "风险防控"],
        ["下一步工作思路", "下一步工作", "下一步工作计划", "下一步计划"],
        ["推广价值", "复制推广价值", "推广意义"],
    ]

    /// `三、创新点` → (3, 创新点); `创新点` → (nil, 创新点); a line that is no heading label → nil.
    static func split(_ text: String) -> (number: Int?, name: String)? {
        if isAttachment(text) { return nil }
        if let m = text.captures(#"^([一二三四五六七八九十]{1,3})、\s*(\S.*)$"#) {
            return (Numbering.chineseNumber(m[0]), m[1])
        }
        return (nil, text)
    }

    /// The place of a known name in the usual order, or nil.
    static func rank(of name: String) -> Int? {
        // Most lines asked about are sentences, far longer than any name: no comparison with every name for them. (A
        // name and what equals it differ in length only by a trailing colon: Han characters and ASCII are their own
        // canonical forms, and a compatibility ideograph is as long as its canonical one.)
        guard name.utf8.count <= longestName + 3 else { return nil }
        let bare = name.hasSuffix("：") || name.hasSuffix(":") ? String(name.dropLast()) : name
        return groups.firstIndex { $0.contains(bare) }
    }

    /// The length in UTF-8 bytes of the longest name.
    static let longestName = groups.joined().map(\.utf8.count).max() ?? 0

    /// `附件`, `附件2`: an appendix, outside the numbered sections.
    static func isAttachment(_ text: String) -> Bool { text.matches(#"^附\s*件\s*[0-9０-９]*$"#) }

    /// A known section name printed without a numeral, alone on its line.
    static func isUnnumberedHeading(_ text: String) -> Bool {
        rank(of: text) != nil
    }
}
