import CasebookCore

/// The one order of documents everywhere (listings, home, stats, handbooks, facets, data files):
/// an explicit `weight:` first (lower first, none = 0), then the level in the configured order (`levels:` in
/// `site.yaml`, 国家级 before 自治区级 by default; levels not listed, such as 新闻报道, after them), then the batch
/// number, then the publication date (or year), then the file name.
public enum PublicationOrder {
    public static let defaultLevels = ["国家级", "省级", "自治区级", "直辖市级", "市级"]

    public static func sorted(_ documents: [SourceDocument], levels: [String] = defaultLevels) -> [SourceDocument] {
        func key(_ d: SourceDocument) -> (Int, Int, String, Int, String, String) {
            let m = d.metadata
            let rank = levels.firstIndex(of: m.level.value) ?? levels.count
            return (m.weight ?? 0, rank, rank == levels.count ? m.level.value : "", m.batchNumber?.value ?? Int.max,
                    m.date?.value ?? String(format: "%04d", m.year.value), d.file)
        }
        return documents.sorted { key($0) < key($1) }
    }
}
