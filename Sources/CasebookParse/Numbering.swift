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

    /// What a printed case number says about the sequence.
    enum Verdict: Equatable {
        /// The number expected by its place.
        case inSequence
        /// A typo the place corrects: the next title carries the number after the expected one (77 between 6 and 8,
        /// 8 between 2 and 4). The case takes its place's number; the printed one never becomes an id.
        case typo
        /// Numbers really jump (a case missing, or a new count): the printed number is kept.
        case gap
    }

    /// `printed` where `expected` was due, `next` the number printed on the following title of the same run (if any).
    static func verdict(printed: Int, expected: Int, next: Int?) -> Verdict {
        if printed == expected { return .inSequence }
        return next == expected + 1 ? .typo : .gap
    }

    /// A title that starts with the expected number but lost its dot (`4“产业+安置”…`): the title without the digits.
    /// Numbers that are part of the title (`5G`, `3年`, `10%`, `2.0`) are not taken.
    static func titleWithoutDot(_ title: String, expected: Int) -> String? {
        let digits = title.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, Int(digits) == expected else { return nil }
        let rest = title.dropFirst(digits.count)
        guard let next = rest.first, !(next.isASCII && (next.isLetter || next.isNumber)), !next.isWhitespace,
              !"年月日个项次家万亿%％.．、倍条天元号".contains(next) else { return nil }
        return String(rest)
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

/// Chinese numerals for the metadata checks (`第五批` ↔ 5).
public enum ChineseNumeral {
    /// 五 → 5, 十二 → 12; nil for anything else.
    public static func value(_ s: String) -> Int? { Numbering.chineseNumber(s) }

    /// 5 → 五, 12 → 十二, 20 → 二十, 23 → 二十三 (1…99).
    public static func text(_ n: Int) -> String {
        let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard n > 0 && n < 100 else { return "\(n)" }
        if n < 10 { return digits[n] }
        let tens = n / 10, ones = n % 10
        return (tens == 1 ? "" : digits[tens]) + "十" + digits[ones]
    }
}
