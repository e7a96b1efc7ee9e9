/// One article of a news page while it is parsed: its headline, kicker, bylines and paragraph lines.
struct Article {
    let headline: SourceLine
    let title: String
    let kicker: SourceLine?
    let authors: [String]
    /// The article's paragraph lines (a news line is a whole paragraph), bylines removed.
    var content: [SourceLine]
    /// The last line printed under the headline (the article's source range ends there).
    let lastLine: Int
    /// Sentences for readers about how the article was assembled (see `Case.notices`).
    var notices: [String] = []

    /// The places a headline names: the name before 自贸片区, 自贸试验区, 自由贸易试验区 or 片区
    /// (`大连自贸片区 …` → 大连; `广西自贸试验区崇左片区：…` → 广西, 崇左).
    var places: [String] {
        title.allCaptures(#"(\p{Han}{2,4}?)(?:自贸片区|自贸试验区|自由贸易试验区|自贸区|片区)"#)
    }

    var paragraphs: [SourceLine] { content.filter { !$0.isBlank } }
}
