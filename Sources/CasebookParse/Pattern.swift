import CasebookCore

/// Regular expressions for the printed structures, in one place.
enum Pattern {
    /// `第一部分 改革试点经验（19项）`
    static let part = #"^第([一二三四五六七八九十]+)部分\s*(.+?)\s*(?:[（(]\s*([0-9]+)\s*项\s*[)）])?$"#
    /// `一、改革试点经验（16项）` as a table row of its own.
    static let tablePart = #"^([一二三四五六七八九十]+)、\s*(.+?)\s*(?:[（(]\s*([0-9]+)\s*项\s*[)）])?$"#
    /// `（一）政府职能转变领域`
    static let category = #"^[（(]([一二三四五六七八九十]{1,3})[)）]\s*([^，。；：,;:]{2,24})$"#
    /// `1.“产业+安置”综合征地安置新模式`
    static let numberedTitle = #"^([0-9]{1,3})\s*[.．、]\s*(\S.*)$"#
    /// `（报送单位：…；复制推广责任单位：…）`
    static let submitterLine = #"^[（(]\s*报送单位\s*[：:]"#
    /// A provider line of a national collection: `（中国（上海）自由贸易试验区提供）`, possibly wrapped.
    static let providerStart = #"^[（(]?\s*中国\s*[（(]"#
    static let providerEnd = #"提供\s*[)）]?$"#
    /// `# headline` of a news page.
    static let headline = #"^#{1,6}\s+(\S.*)$"#
}
