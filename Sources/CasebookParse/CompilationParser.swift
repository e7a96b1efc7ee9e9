import Foundation
import CasebookCore

/// Layout (a): a compilation (汇编) with a table of contents, parts, category headings,
/// numbered cases each followed by a `（报送单位：…；复制推广责任单位：…）` line, and `一、…` sections.
struct CompilationParser {
    let document: SourceDocument

    func parse(_ lines: [SourceLine], context: inout ParseContext) -> [Case] {
        var i = 0
        // Document header and table of contents.
        var tocEntries: [TOCEntry] = []
        if let toc = lines.firstIndex(where: { Text.squeeze($0.text) == "目录" }) {
            for line in lines[..<toc] where !line.isBlank { context.furniture(line, .documentHeader) }
            context.furniture(lines[toc], .tableOfContents)
            let firstHeading = lines[(toc + 1)...].first { !$0.isBlank && !$0.isPageNumber }
            var bodyStart = lines.count
            if let fh = firstHeading {
                bodyStart = lines[(fh.number)...].firstIndex { $0.text == fh.text } ?? lines.count
            }
            for line in lines[(toc + 1)..<bodyStart] where !line.isBlank { context.furniture(line, .tableOfContents) }
            tocEntries = readTOC(Array(lines[(toc + 1)..<bodyStart]))
            if bodyStart == lines.count {
                context.error("parse.toc-without-body", line: lines[toc].number)
            }
            i = bodyStart
        }

        let titles = findTitles(lines, from: i)
        let titleStarts = titles.keys.sorted()
        // Lines before the first structure of a text without a table of contents are its header (its title).
        var headerOpen = i == 0
        var cases: [Case] = []
        var part: String?
        var partKind: CaseKind?
        var partDeclared: DeclaredCount?
        var partCount = 0
        var category: String?
        var expected = 1
        var caseStart: (title: String, number: Int, first: Int, headerEnd: Int, units: String)?
        var body: [SourceLine] = []

        func closePart() { partDeclared?.check(found: partCount, context: &context) }

        func closeCase(lastLine: Int) {
            guard let c = caseStart else { return }
            var item = makeCase(title: c.title, number: c.number, kind: partKind ?? .reformPilot, units: c.units,
                                first: c.first, last: lastLine, body: body, context: &context)
            item.part = part
            item.printedCategory = category
            cases.append(item)
            caseStart = nil
            body = []
        }

        while i < lines.count {
            let line = lines[i]
            if line.isBlank {
                if caseStart != nil { body.append(line) }
                i += 1
                continue
            }
            if line.isPageNumber && !line.startsCell {
                context.furniture(line, .pageNumber)
                i += 1
                continue
            }
            if line.text.matches(Pattern.part) || titles[i] != nil || line.text.matches(Pattern.category) { headerOpen = false }
            if let m = line.text.captures(Pattern.part) {
                closeCase(lastLine: lastContentLine(before: i, lines))
                closePart()
                part = line.text
                partKind = Numbering.kind(namedIn: m[1])
                partDeclared = Int(m[2]).map { DeclaredCount(count: $0, line: line.number, variant: "part") }
                partCount = 0
                category = nil
                expected = 1
                context.furniture(line, .partHeading)
                if partKind == nil {
                    context.warn("parse.unknown-part-kind", line: line.number)
                }
                i += 1
                continue
            }
            if line.text.matches(Pattern.category), nextTitle(after: i, titles, lines) != nil {
                closeCase(lastLine: lastContentLine(before: i, lines))
                category = line.text.captures(Pattern.category)?[1]
                context.furniture(line, .categoryHeading)
                i += 1
                continue
            }
            if let title = titles[i] {
                closeCase(lastLine: lastContentLine(before: i, lines))
                var number = expected
                var text = title.text
                if let printed = title.printedNumber {
                    let next = nextPrintedNumber(after: i, titleStarts, titles, lines)
                    switch Numbering.verdict(printed: printed, expected: expected, next: next) {
                    case .inSequence: number = printed
                    case .typo:
                        context.error("parse.number-typo", ["number": "\(printed)", "expected": "\(expected)", "previous": "\(expected - 1)",
                                                            "next": "\(expected + 1)"], line: line.number)
                    case .gap:
                        context.warn("parse.number-gap", ["number": "\(printed)", "expected": "\(expected)"], line: line.number)
                        number = printed
                    }
                } else if let rest = Numbering.titleWithoutDot(title.text, expected: expected) {
                    context.warn("parse.number-without-dot", ["number": "\(expected)", "title": rest], line: line.number)
                    text = rest
                } else {
                    context.warn("parse.title-unnumbered", ["number": "\(number)"], line: line.number)
                }
                caseStart = (text, number, line.number, title.unitsIndex, lines[title.unitsIndex].text)
                expected = number + 1
                partCount += 1
                i = title.unitsIndex + 1
                continue
            }
            if caseStart == nil && headerOpen && !Text.endsSentence(line.text) && line.text.count <= Threshold.titleLineMaxLength * 2 {
                context.furniture(line, .documentHeader)
            } else if caseStart == nil {
                context.warn("parse.unassigned-line", ["text": ParseContext.excerpt(line.text)], line: line.number)
            } else {
                body.append(line)
            }
            i += 1
        }
        closeCase(lastLine: lastContentLine(before: lines.count, lines))
        closePart()
        if !tocEntries.isEmpty { compare(cases, with: tocEntries, context: &context) }
        return cases
    }

    struct TOCEntry {
        var part: Int
        var number: Int
        var title: String
        var line: Int
    }

    /// Table-of-contents entries `N.title` (wrapped titles joined), numbered within their part.
    func readTOC(_ lines: [SourceLine]) -> [TOCEntry] {
        var entries: [TOCEntry] = []
        var part = 0
        var open = false
        for l in lines where !l.isBlank {
            if l.isPageNumber { open = false; continue }
            if l.text.matches(Pattern.part) { part += 1; open = false; continue }
            if l.text.matches(Pattern.category) { open = false; continue }
            if let m = l.text.captures(Pattern.numberedTitle), let n = Int(m[0]) {
                entries.append(TOCEntry(part: max(part, 1), number: n, title: m[1], line: l.number))
                open = true
            } else if open, var last = entries.popLast() {
                last.title = Text.join(last.title, l.text)
                entries.append(last)
            }
        }
        return entries
    }

    /// The table of contents is a second witness: titles and numbers must agree with the body.
    func compare(_ cases: [Case], with toc: [TOCEntry], context: inout ParseContext) {
        var partOf: [String: Int] = [:]
        var part = 0
        var lastPart: String?
        for c in cases {
            if c.part != lastPart { part += 1; lastPart = c.part }
            partOf[c.id] = max(part, 1)
        }
        for c in cases {
            guard let entry = toc.first(where: { $0.part == partOf[c.id] && $0.number == c.number }) else {
                context.warn("parse.toc-missing", ["number": "\(c.number)", "title": c.title], line: c.source.lines.first)
                continue
            }
            // Half- and full-width forms (+ and ＋) are the same title.
            if Text.squeeze(entry.title).precomposedStringWithCompatibilityMapping != Text.squeeze(c.title).precomposedStringWithCompatibilityMapping {
                context.warn("parse.toc-mismatch", ["line": "\(entry.line)", "title": entry.title], line: c.source.lines.first)
            }
        }
        for e in toc where !cases.contains(where: { partOf[$0.id] == e.part && $0.number == e.number }) {
            context.warn("parse.toc-extra", ["number": "\(e.number)", "title": e.title], line: e.line)
        }
    }

    /// The number printed on the next title of the same part, if it has one.
    func nextPrintedNumber(after i: Int, _ starts: [Int], _ titles: [Int: TitleBlock], _ lines: [SourceLine]) -> Int? {
        guard let next = starts.first(where: { $0 > i }) else { return nil }
        if lines[(i + 1)..<next].contains(where: { $0.text.matches(Pattern.part) }) { return nil }
        return titles[next]?.printedNumber
    }

    /// The last non-blank line before index `i`.
    func lastContentLine(before i: Int, _ lines: [SourceLine]) -> Int {
        var j = i - 1
        while j >= 0 && lines[j].isBlank { j -= 1 }
        return j >= 0 ? lines[j].number : 1
    }

    func nextTitle(after i: Int, _ titles: [Int: TitleBlock], _ lines: [SourceLine]) -> Int? {
        var j = i + 1
        while j < lines.count && lines[j].isBlank { j += 1 }
        return titles[j] != nil ? j : nil
    }

    struct TitleBlock {
        var text: String
        var printedNumber: Int?
        var unitsIndex: Int
    }

    /// Every case starts with a title block: the short lines just above a 报送单位 line, the first of them
    /// usually numbered (`1.…`), wrapped titles joined. Keyed by the index of the title's first line.
    func findTitles(_ lines: [SourceLine], from start: Int) -> [Int: TitleBlock] {
        var titles: [Int: TitleBlock] = [:]
        for u in start..<lines.count where lines[u].text.matches(Pattern.submitterLine) {
            var pieces: [Int] = []
            var j = u - 1
            while j >= start && pieces.count < Threshold.titleMaxLines {
                let l = lines[j]
                if l.isBlank || l.isPageNumber { j -= 1; continue }
                if Text.endsSentence(l.text) || l.text.count > Threshold.titleLineMaxLength || SectionBuilder.isSectionHeading(l.text)
                    || l.text.matches(Pattern.part) || l.text.matches(Pattern.category) || l.text.matches(Pattern.submitterLine) { break }
                pieces.insert(j, at: 0)
                if l.text.matches(Pattern.numberedTitle) { break }
                j -= 1
            }
            guard let first = pieces.first else { continue }
            var text = pieces.map { lines[$0].text }.reduce("", Text.join)
            var number: Int?
            if let m = text.captures(Pattern.numberedTitle) {
                number = Int(m[0])
                text = m[1]
            }
            titles[first] = TitleBlock(text: text, printedNumber: number, unitsIndex: u)
        }
        return titles
    }

    func makeCase(title: String, number: Int, kind: CaseKind, units: String, first: Int, last: Int,
                  body: [SourceLine], context: inout ParseContext) -> Case {
        let id = Numbering.caseID(slug: document.metadata.slug, kind: kind, number: number)
        var c = Case(id: id, title: title, kind: kind, number: number,
                     source: SourceRef(file: document.file, lines: LineRange(first, last)))
        var inner = units.trimmingCharacters(in: .init(charactersIn: "（()）"))
        inner = inner.replacingOccurrences(of: ":", with: "：")
        let parts = inner.components(separatedBy: "复制推广责任单位：")
        let submitted = parts[0].replacingOccurrences(of: "报送单位：", with: "")
        c.submitters = Text.splitUnits(submitted)
        if parts.count > 1 { c.responsibleUnits = Text.splitUnits(parts[1]) }
        let builder = SectionBuilder(wrapWidth: nil)
        c.sections = builder.build(body, context: &context)
        c.summary = SectionBuilder.leadSummary(c.sections)
        return c
    }
}
