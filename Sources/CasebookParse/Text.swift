import Foundation

/// Character classes and text repairs shared by all layouts.
enum Text {
    static func isHan(_ c: Character) -> Bool {
        guard let s = c.unicodeScalars.first else { return false }
        return isHan(s)
    }

    /// Full-width CJK punctuation (，。、；：！？“”‘’（）《》【】—…·)
    static func isCJKPunct(_ c: Character) -> Bool {
        guard let s = c.unicodeScalars.first else { return false }
        return isCJKPunct(s)
    }

    static func isCJK(_ c: Character) -> Bool { isHan(c) || isCJKPunct(c) }

    static func isASCIIAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }

    /// Display width: East Asian wide and full-width characters count 2, others 1.
    static func width(_ s: String) -> Int {
        @inline(__always) func columns(_ v: UInt32) -> Int {
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v) || v == 0x201C || v == 0x201D
                || v == 0x2018 || v == 0x2019 || v == 0x2014 || v == 0x2026
            return wide ? 2 : 1
        }
        // Scalar by scalar when every scalar is a character of its own (printable ASCII, CJK ideographs and
        // punctuation but its tone marks, full-width forms: nearly every line), which spares breaking the text into characters.
        var w = 0
        for u in s.unicodeScalars {
            let v = u.value
            guard (0x20...0x7E).contains(v) || (0x3000...0x3029).contains(v) || (0x3030...0x303F).contains(v) || (0x4E00...0x9FFF).contains(v)
                || (0xFF01...0xFF5E).contains(v) || (0x2010...0x2027).contains(v) else { return characterWidth(s, columns) }
            w += columns(v)
        }
        return w
    }

    /// `width` character by character, each counted by its first scalar.
    private static func characterWidth(_ s: String, _ columns: (UInt32) -> Int) -> Int {
        var w = 0
        for c in s {
            guard let v = c.unicodeScalars.first?.value else { continue }
            w += columns(v)
        }
        return w
    }

    /// Trims ASCII and ideographic white space at both ends.
    static func trim(_ s: String) -> String {
        // Most lines have nothing to trim: look at the first and last scalars before asking Foundation.
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return s }
        guard trimmable.contains(first) || trimmable.contains(last) else { return s }
        return s.trimmingCharacters(in: trimmable)
    }

    static let trimmable = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}\u{FEFF}"))

    /// Removes every kind of white space (for comparisons that ignore spacing).
    static func squeeze(_ s: String) -> String {
        String(s.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) && $0 != "\u{3000}" }.map(Character.init))
    }

    /// Repairs what PDF/Word extraction does to Chinese text, leaving the wording untouched:
    /// - half-width `, ; : ! ? ( )` next to CJK become full-width (parentheses in matched pairs);
    /// - spaces between CJK and Latin/digits, before or after CJK punctuation, and inside letter-spaced
    ///   runs (`考 核 制 度`) are removed; a single space between two longer CJK phrases is kept
    ///   (`推动两岸征信信息互通 优化信贷服务`).
    static func repair(_ input: String) -> String {
        let s = fullWidthPunctuation(input)
        return removeStraySpaces(s)
    }

    static func fullWidthPunctuation(_ input: String) -> String {
        // Nothing to convert in a line without half-width punctuation (most lines).
        guard input.utf8.contains(where: isHalfWidthPunctuation) else { return input }
        // Over scalars, not characters: no grapheme breaking and no hashing of characters. A character of several
        // scalars (a letter with a combining mark) is read by the scalar next to the punctuation, not by its first;
        // these texts hold none beside half-width punctuation.
        var scalars = Array(input.unicodeScalars)
        func neighbour(_ i: Int, _ step: Int) -> Unicode.Scalar? {
            var j = i + step
            while j >= 0 && j < scalars.count {
                if scalars[j] != " " { return scalars[j] }
                j += step
            }
            return nil
        }
        func cjkBeside(_ i: Int) -> Bool {
            (neighbour(i, -1).map(isCJK) ?? false) || (neighbour(i, 1).map(isCJK) ?? false)
        }
        var stack: [(index: Int, converted: Bool)] = []
        var changed = false
        for i in scalars.indices {
            let c = scalars[i]
            let full: Unicode.Scalar?
            switch c {
            case ",": full = "，"
            case ";": full = "；"
            case ":": full = "："
            case "!": full = "！"
            case "?": full = "？"
            default: full = nil
            }
            if let full {
                let prev = neighbour(i, -1), next = neighbour(i, 1)
                // Keep digit groups and ratios (1,000  4:3:3) and URLs as they are.
                if let p = prev, let n = next, p.isASCII, n.isASCII { continue }
                if (prev.map(isCJK) ?? false) || (next.map(isCJK) ?? false) { scalars[i] = full; changed = true }
            } else if c == "(" {
                let convert = cjkBeside(i)
                stack.append((i, convert))
                if convert { scalars[i] = "（"; changed = true }
            } else if c == ")" {
                if let open = stack.popLast() {
                    if open.converted { scalars[i] = "）"; changed = true }
                } else if cjkBeside(i) {
                    scalars[i] = "）"
                    changed = true
                }
            }
        }
        guard changed else { return input }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    static func isCJK(_ s: Unicode.Scalar) -> Bool { isHan(s) || isCJKPunct(s) }

    static func isHan(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }

    static func isCJKPunct(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3000...0x303F, 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65,
             0x2018, 0x2019, 0x201C, 0x201D, 0x2014, 0x2026, 0x00B7, 0x2014...0x2015:
            return true
        default: return false
        }
    }

    static let halfWidthPunctuation: Set<UInt8> = Set(",;:!?()".utf8)
    /// `halfWidthPunctuation.contains(b)`, without hashing every byte of every line.
    @inline(__always) static func isHalfWidthPunctuation(_ b: UInt8) -> Bool {
        switch b {
        case 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x28, 0x29: return true
        default: return false
        }
    }

    /// Whether `s` holds a space or an ideographic space (U+3000, bytes E3 80 80), over its UTF-8 bytes.
    static func hasSpace(_ s: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for b in s.utf8 {
            if b == 0x20 || (b == 0x80 && previous == (0xE3, 0x80)) { return true }
            previous = (previous.1, b)
        }
        return false
    }

    static func removeStraySpaces(_ input: String) -> String {
        guard hasSpace(input) else { return input }
        // Split at spaces and ideographic spaces over scalars (not Foundation's replace, then a split by characters).
        let tokens = input.unicodeScalars.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).map { String($0) }
        guard tokens.count > 1 else { return tokens.first ?? "" }
        // Letter-spaced runs (`考 核 制 度`): spaces with a single Han character on both sides link tokens into
        // chains; a chain of three or more also absorbs a longer neighbour (`业绩 考 核 制 度`), a chain of
        // two does not (`熊 辉 强子珊`, a padded two-character name, stays apart from the next name).
        let trailingHan = tokens.map { t in t.unicodeScalars.reversed().prefix { isHan($0) }.count }
        let leadingHan = tokens.map { t in t.unicodeScalars.prefix { isHan($0) }.count }
        let n = tokens.count
        var singleLink = [Bool](repeating: false, count: n)  // link between k-1 and k
        for k in 1..<n { singleLink[k] = trailingHan[k - 1] == 1 && leadingHan[k] == 1 }
        var chain = [Int](repeating: 1, count: n)
        var k = 0
        while k < n {
            var e = k
            while e + 1 < n && singleLink[e + 1] { e += 1 }
            for j in k...e { chain[j] = e - k + 1 }
            k = e + 1
        }
        var out = tokens[0]
        for k in 1..<n {
            let left = tokens[k - 1], right = tokens[k]
            let a = left.last!, b = right.first!
            var keep = true
            if isCJKPunct(a) || isCJKPunct(b) {
                keep = false
            } else if isHan(a) && isHan(b) {
                if singleLink[k] {
                    keep = false
                } else if trailingHan[k - 1] == 1 && chain[k - 1] >= 3 {
                    keep = false
                } else if leadingHan[k] == 1 && chain[k] >= 3 {
                    keep = false
                }
            } else if (isHan(a) && (isASCIIAlnum(b) || "%+＋".contains(b))) || ((isASCIIAlnum(a) || "%".contains(a)) && isHan(b)) {
                keep = false
            }
            out += keep ? " " + right : right
        }
        return out
    }

    /// Joins two pieces of one wrapped line: no space between CJK, one space between Latin words.
    static func join(_ a: String, _ b: String) -> String {
        var joined = a
        append(b, to: &joined)
        return joined
    }

    /// `join` in place: a paragraph gathered line by line grows in its own storage instead of being copied per line.
    static func append(_ b: String, to a: inout String) {
        if let x = a.last, let y = b.first, x.isASCII && x.isLetter && y.isASCII && y.isLetter { a += " " }
        a += b
    }

    /// Whether a line ends a sentence (so a paragraph may end there).
    static func endsSentence(_ s: String) -> Bool {
        var t = Substring(s)
        while let last = t.last, closing.contains(last) { t = t.dropLast() }
        guard let last = t.last else { return false }
        return sentenceEnds.contains(last)
    }

    static let closing: Set<Character> = Set("”’）)」』】")
    static let sentenceEnds: Set<Character> = Set("。！？；：…!?;:")

    /// Splits a list of units as printed (`自治区商务厅、市场监管局，南宁海关`) into its items.
    static func splitUnits(_ s: String) -> [String] {
        s.split(whereSeparator: { "，、；,;".contains($0) }).map { trim(String($0)) }.filter { !$0.isEmpty && $0 != "——" && $0 != "—" }
    }

    static func isDashOnly(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { "—-－–".contains($0) || $0 == " " }
    }
}
