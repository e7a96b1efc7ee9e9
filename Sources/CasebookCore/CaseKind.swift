/// What kind of record a case is.
public enum CaseKind: String, Hashable, Sendable, Codable, CaseIterable {
    case reformPilot = "改革试点经验"
    case bestPractice = "最佳实践案例"
    case news = "新闻报道"

    /// ASCII code used in ids and URLs.
    public var code: String {
        switch self {
        case .reformPilot: "pilot"
        case .bestPractice: "best"
        case .news: "news"
        }
    }
}
