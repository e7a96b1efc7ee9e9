import CasebookCore

/// Numbers as printed and the ids built from them, in one place.
enum Numbering {
    /// `gx-b2-pilot-01`: the document's slug, the kind's code and the printed number, padded so ids sort in order.
    static func caseID(slug: String, kind: CaseKind, number: Int) -> String {
        "\(slug)-\(kind.code)-\(padded(number))"
    }

    /// `01`, `12`: two digits at least.
    static func padded(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// The kind a part or group heading names.
    static func kind(namedIn text: String) -> CaseKind? {
        if text.contains("最佳实践") { return .bestPractice }
        if text.contains("改革试点") || text.contains("试点经验") { return .reformPilot }
        return nil
    }

    static let chineseNumerals: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10]

    /// 一 → 1, 十二 → 12, 二十 → 20, 二十三 → 23.
    static func chineseNumber(_ s: String) -> Int? {
        let cs = Array(s)
        guard !cs.isEmpty, cs.allSatisfy({ chineseNumerals[$0] != nil }) else { return nil }
        if cs.count == 1 { return chineseNumerals[cs[0]] }
        if cs.count == 2 {
            if cs[0] == "十" { return 10 + chineseNumerals[cs[1]]! }
            if cs[1] == "十" { return chineseNumerals[cs[0]]! * 10 }
        }
        if cs.count == 3, cs[1] == "十" { return chineseNumerals[cs[0]]! * 10 + chineseNumerals[cs[2]]! }
        return nil
    }
}
