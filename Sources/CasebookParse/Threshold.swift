/// The numbers the layout rules depend on, each with the reason it holds for print layouts in general
/// (not for one file). Changing one changes the goldens: read their diff.
enum Threshold {
    /// Share of non-blank lines that must be table cells for a text to be a task table: a compilation with a
    /// table in an appendix stays far below it.
    static let taskTableCellShare = 0.4
    /// A numbered section heading (`一、主要做法`) is a short label; a longer `一、…` line is a numbered sentence.
    static let sectionHeadingMaxLength = 16
    /// A sub-heading `（一）…。` is one short sentence; a longer item is a paragraph.
    static let subheadingMaxLength = 45
    /// A caption printed just above an appendix table is one short line.
    static let captionMaxLength = 40
    /// A title line of a compilation is shorter than a line of body text.
    static let titleLineMaxLength = 40
    /// A collection title wraps over at most this many more lines before its provider line.
    static let titleMaxContinuationLines = 2
    /// A provider line (`（中国（X）自由贸易试验区、…提供）`) wraps over at most this many lines.
    static let providerMaxLines = 3
    /// Wrap-width detection needs this many lines to see a most common width.
    static let wrapDetectionMinLines = 20
    /// Lines narrower than this (in display columns) end paragraphs or are headings: no evidence of the wrap width.
    static let wrapDetectionMinWidth = 30
    /// Share of the lines that must sit near the most common width for a text to be hard-wrapped.
    static let wrapDetectionShare = 0.4
    /// How far a justified line may sit from the wrap width: three columns, or a tenth of a wide measure.
    static func wrapTolerance(_ width: Int) -> Int { max(3, width / 10) }
    /// A compilation title is printed on at most this many lines above its 报送单位 line.
    static let titleMaxLines = 3
    /// A line quoted in a diagnostic is cut here: enough to find it, short enough for one terminal line.
    static let excerptLength = 30
    /// A paragraph quoted in a reader's notice is cut here: enough to recognise it.
    static let noticeExcerptLength = 12
    /// A news kicker (引题) is a short line, not a sentence.
    static let kickerMaxLength = 16
    /// News lines this long are paragraphs (shorter ones are headlines, kickers, bylines): two of them stopping
    /// mid-sentence in a row suggest interleaved columns.
    static let newsParagraphMinLength = 40
}
