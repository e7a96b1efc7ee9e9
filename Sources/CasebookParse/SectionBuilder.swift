import CasebookCore

/// Turns the body lines of one case into sections of paragraphs, sub-headings and tables.
///
/// Layout rules, the same for every document:
/// - a short line `一、…` (or `附件`) starts a section, with its heading as printed;
/// - lines starting with a tab are cells of a table (a line without a tab continues the cell above);
/// - other lines are reflowed into paragraphs: a line joins the next unless it ends a sentence and,
///   in a hard-wrapped text, is shorter than the wrap width;
/// - a paragraph `（一）…` of one short sentence is a sub-heading.
struct SectionBuilder {
    /// The width (in display columns) a hard-wrapped text wraps at, or nil when lines are paragraphs.
    let wrapWidth: Int?

    static func isSectionHeading(_ text: String) -> Bool {
        SectionName.isAttachment(text) || isNumberedHeading(text) || SectionName.isUnnumberedHeading(text)
    }

    /// `一、主要做法`: a numeral and a short label that is no sentence.
    static func isNumberedHeading(_ text: String) -> Bool {
        guard text.matches(#"^[一二三四五六七八九十]{1,3}、\S"#) else { return false }
        return text.count <= Threshold.sectionHeadingMaxLength && !Text.endsSentence(text) && !text.hasSuffix("，")
    }

    /// `（一）…`: an enumerated item always starts a new paragraph after a finished sentence.
    /// (`^[（(][一二三四五六七八九十]{1,3}[)）]`, read over the first scalars: the paragraph being reflowed is asked after
    /// every line it gains, and a regular expression took the whole paragraph as UTF-16 each time.)
    static func startsEnumeratedItem(_ text: String) -> Bool {
        var scalars = text.unicodeScalars.makeIterator()
        guard let open = scalars.next(), open == "（" || open == "(" else { return false }
        var numerals = 0
        while let s = scalars.next() {
            if numerals < 3, chineseNumerals.contains(s) { numerals += 1; continue }
            return numerals >= 1 && (s == "）" || s == ")")
        }
        return false
    }

    static let chineseNumerals: Set<Unicode.Scalar> = Set("一二三四五六七八九十".unicodeScalars)

    static func isSubheading(_ paragraph: String) -> Bool {
        guard startsEnumeratedItem(paragraph) else { return false }
        // at most that many characters, counted no further than one past it
        guard paragraph.prefix(Threshold.subheadingMaxLength + 1).count <= Threshold.subheadingMaxLength else { return false }
        let body = paragraph.hasSuffix("。") ? String(paragraph.dropLast()) : paragraph
        return !body.contains("。") && !body.contains("；")
    }

    /// Builds sections; the lead text before the first heading is a section with no heading.
    func build(_ lines: [SourceLine], context: inout ParseContext) -> [Section] {
        var sections: [Section] = []
        var current = Section(heading: nil)
        var buffer: [SourceLine] = []
        var headings: [SourceLine] = []
        var i = 0

        func flush() {
            let paragraphs = reflow(buffer)
            for (k, p) in paragraphs.enumerated() {
                // A short `（一）…。` is a sub-heading only when text of its own follows it; a run of short
                // items (`（一）…。（二）…。`) is a list of paragraphs.
                let next = k + 1 < paragraphs.count ? paragraphs[k + 1] : nil
                let heads = SectionBuilder.isSubheading(p) && next.map { !SectionBuilder.startsEnumeratedItem($0) } == true
                current.blocks.append(heads ? .subheading(p) : .paragraph(p))
            }
            buffer.removeAll()
        }

        while i < lines.count {
            let line = lines[i]
            if line.isBlank { i += 1; continue }
            if line.startsCell {
                flush()
                let (table, next) = TableReader.read(lines, from: i)
                if var table {
                    // A caption printed just above the table (after 附件) belongs to it.
                    if case .paragraph(let p)? = current.blocks.last, current.heading?.hasPrefix("附") == true, p.count <= Threshold.captionMaxLength {
                        current.blocks.removeLast()
                        table.caption = p
                    }
                    current.blocks.append(.table(table))
                }
                i = next
                continue
            }
            // An unnumbered name stands alone only after a finished sentence: inside a paragraph it is a word.
            let standsAlone = buffer.last(where: { !$0.isBlank }).map { Text.endsSentence($0.text) } ?? true
            if SectionBuilder.isSectionHeading(line.text) && (standsAlone || !SectionName.isUnnumberedHeading(line.text)) {
                headings.append(line)
                flush()
                if current.heading != nil || !current.blocks.isEmpty { sections.append(current) }
                current = Section(heading: line.text, line: line.number)
                i += 1
                continue
            }
            buffer.append(line)
            i += 1
        }
        flush()
        if current.heading != nil || !current.blocks.isEmpty { sections.append(current) }
        checkHeadings(headings, context: &context)
        return sections
    }

    /// Headings are kept as printed, in print order; what departs from the usual pattern is reported, not fixed:
    /// a name without a numeral among numbered ones, a numeral that is not the heading's place, a name printed
    /// after one that usually follows it (`创新点` after `三、风险点和防控措施`).
    func checkHeadings(_ lines: [SourceLine], context: inout ParseContext) {
        let headings = lines.compactMap { l in SectionName.split(l.text).map { (line: l, number: $0.number, rank: SectionName.rank(of: $0.name)) } }
        let numbered = headings.contains { $0.number != nil }
        var furthest: (line: SourceLine, rank: Int)?
        for (k, h) in headings.enumerated() {
            if numbered && h.number == nil {
                context.warn("parse.heading-unnumbered", ["heading": h.line.text], line: h.line.number)
            }
            if let n = h.number, n != k + 1 {
                context.warn("parse.heading-number", ["heading": h.line.text, "number": "\(n)", "position": "\(k + 1)"], line: h.line.number)
            }
            guard let rank = h.rank else { continue }
            if let f = furthest, rank < f.rank {
                context.warn("parse.heading-order", ["heading": h.line.text, "previous": f.line.text], line: h.line.number)
            } else {
                furthest = (h.line, rank)
            }
        }
    }

    /// Joins hard-wrapped lines into paragraphs.
    func reflow(_ lines: [SourceLine]) -> [String] {
        var paragraphs: [String] = []
        var current = ""
        var previous: SourceLine?
        for line in lines where !line.isBlank {
            let itemEnds = Text.endsSentence(current) && SectionBuilder.startsEnumeratedItem(current)
                && current.dropLast().firstIndex(of: "。") == nil
            if let prev = previous, breaksAfter(prev) || (Text.endsSentence(prev.text) && SectionBuilder.startsEnumeratedItem(line.text)) || itemEnds {
                paragraphs.append(current)
                current = line.text
            } else {
                Text.append(line.text, to: &current)
            }
            previous = line
        }
        if !current.isEmpty { paragraphs.append(current) }
        return paragraphs
    }

    func breaksAfter(_ line: SourceLine) -> Bool {
        guard Text.endsSentence(line.text) else { return false }
        guard let wrapWidth else { return true }
        // A full line that happens to end a sentence continues the paragraph.
        return Text.width(line.text) < wrapWidth - Threshold.wrapTolerance(wrapWidth)
    }

    /// Detects the wrap width of a hard-wrapped text: the most common width among long lines,
    /// when a good share of the lines sit at it.
    static func detectWrapWidth(_ lines: [SourceLine]) -> Int? {
        let widths = lines.filter { !$0.isBlank && !$0.startsCell }.map { Text.width($0.text) }
        guard widths.count >= Threshold.wrapDetectionMinLines else { return nil }
        var counts: [Int: Int] = [:]
        for w in widths where w >= Threshold.wrapDetectionMinWidth { counts[w, default: 0] += 1 }
        guard let mode = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) })?.key else { return nil }
        let near = widths.filter { abs($0 - mode) <= Threshold.wrapTolerance(mode) }.count
        return Double(near) >= Threshold.wrapDetectionShare * Double(widths.count) ? mode : nil
    }

    /// The first paragraph of the lead text, or of the first section.
    static func leadSummary(_ sections: [Section]) -> String? {
        for s in sections {
            for b in s.blocks {
                if case .paragraph(let p) = b { return p }
            }
        }
        return nil
    }
}
