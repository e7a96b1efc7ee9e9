import CasebookCore

/// Layout (c): a national collection. Each case is a numbered title (possibly wrapped) followed by a
/// provider line `（中国（X）自由贸易试验区提供）` that can wrap and can name several FTZs.
/// The body is usually hard-wrapped at a fixed width, with lone page numbers between lines.
struct CollectionParser {
    let document: SourceDocument

    func parse(_ lines: [SourceLine], context: inout ParseContext) -> [Case] {
        let kind = Numbering.kind(namedIn: document.metadata.batchName.value + document.metadata.title.value) ?? .bestPractice
        let builder = SectionBuilder(wrapWidth: SectionBuilder.detectWrapWidth(lines))
        var cases: [Case] = []
        var expected = 1
        var current: (title: String, number: Int, first: Int, providers: [String])?
        var body: [SourceLine] = []
        var i = 0

        func close(before index: Int) {
            guard let c = current else { return }
            var j = index - 1
            while j >= 0 && (lines[j].isBlank || lines[j].isPageNumber) { j -= 1 }
            let id = Numbering.caseID(slug: document.metadata.slug, kind: kind, number: c.number)
            var item = Case(id: id, title: c.title, kind: kind, number: c.number,
                            source: SourceRef(file: document.file, lines: LineRange(c.first, lines[max(j, 0)].number)))
            item.providers = c.providers
            item.sections = builder.build(body, context: &context)
            item.summary = SectionBuilder.leadSummary(item.sections)
            cases.append(item)
            current = nil
            body = []
        }

        while i < lines.count {
            let line = lines[i]
            if line.isBlank {
                if current != nil { body.append(line) }
                i += 1
                continue
            }
            if line.isPageNumber {
                context.furniture(line, .pageNumber)
                i += 1
                continue
            }
            if let head = titleBlock(at: i, lines) {
                close(before: i)
                var number = head.number
                switch Numbering.verdict(printed: head.number, expected: expected, next: nextTitleNumber(from: head.next, lines)) {
                case .inSequence: break
                case .typo:
                    context.error("parse.number-typo", ["number": "\(head.number)", "expected": "\(expected)", "previous": "\(expected - 1)",
                                                        "next": "\(expected + 1)"], line: line.number)
                    number = expected
                case .gap:
                    context.warn("parse.number-gap", ["number": "\(head.number)", "expected": "\(expected)"], line: line.number)
                }
                current = (head.title, number, line.number, head.providers)
                expected = number + 1
                i = head.next
                continue
            }
            if current == nil {
                // Before the first case: the document's own heading.
                context.furniture(line, .documentHeader)
            } else {
                body.append(line)
            }
            i += 1
        }
        close(before: lines.count)
        return cases
    }

    /// The number of the next title block from index `i` on.
    func nextTitleNumber(from i: Int, _ lines: [SourceLine]) -> Int? {
        var j = i
        while j < lines.count {
            if lines[j].text.matches(Pattern.numberedTitle), let head = titleBlock(at: j, lines) { return head.number }
            j += 1
        }
        return nil
    }

    /// A numbered title, continued by up to two wrapped lines, then a provider
    /// line (itself possibly wrapped) ending in 提供.
    func titleBlock(at i: Int, _ lines: [SourceLine]) -> (title: String, number: Int, providers: [String], next: Int)? {
        guard let m = lines[i].text.captures(Pattern.numberedTitle), let number = Int(m[0]) else { return nil }
        // `2.07亿元…` is a decimal in a hard-wrapped paragraph, and a title never ends a sentence.
        if m[1].first.map({ $0.isASCII && $0.isNumber }) == true || Text.endsSentence(lines[i].text) { return nil }
        var title = m[1]
        var j = i + 1
        var continuation = 0
        while j < lines.count {
            let l = lines[j]
            if l.isBlank || l.isPageNumber { j += 1; continue }
            if l.text.matches(Pattern.providerStart) { break }
            if l.text.matches(Pattern.numberedTitle) { return nil }
            continuation += 1
            if continuation > Threshold.titleMaxContinuationLines || Text.endsSentence(l.text) { return nil }
            title = Text.join(title, l.text)
            j += 1
        }
        guard j < lines.count else { return nil }
        var provider = ""
        var pieces = 0
        while j < lines.count {
            let l = lines[j]
            if l.isBlank || l.isPageNumber { j += 1; continue }
            provider = Text.join(provider, l.text)
            pieces += 1
            j += 1
            if l.text.matches(Pattern.providerEnd) { break }
            if pieces >= Threshold.providerMaxLines { return nil }
        }
        guard provider.matches(Pattern.providerEnd) else { return nil }
        var inner = Text.squeeze(provider)
        if inner.hasPrefix("（") && inner.hasSuffix("）") { inner = String(inner.dropFirst().dropLast()) }
        if inner.hasSuffix("提供") { inner = String(inner.dropLast(2)) }
        let providers = inner.components(separatedBy: "、").filter { !$0.isEmpty }
        return (title, number, providers, j)
    }
}
