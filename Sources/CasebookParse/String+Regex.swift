import Foundation

extension String {
    func matches(_ pattern: String) -> Bool {
        guard let e = RegexCache.shared.entry(pattern), e.prefilter.admits(self) else { return false }
        return e.regex.firstMatch(in: self, range: NSRange(location: 0, length: (self as NSString).length)) != nil
    }

    /// Capture groups of the first match of an anchored regular expression, or nil.
    func captures(_ pattern: String) -> [String]? {
        guard let e = RegexCache.shared.entry(pattern), e.prefilter.admits(self) else { return nil }
        let ns = self as NSString
        guard let m = e.regex.firstMatch(in: self, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return (1..<m.numberOfRanges).map { i in
            let r = m.range(at: i)
            return r.location == NSNotFound ? "" : ns.substring(with: r)
        }
    }
}

extension String {
    /// The first capture group of every match, in order.
    func allCaptures(_ pattern: String) -> [String] {
        guard let e = RegexCache.shared.entry(pattern), e.prefilter.admits(self) else { return [] }
        let ns = self as NSString
        return e.regex.matches(in: self, range: NSRange(location: 0, length: ns.length)).compactMap { m in
            let r = m.range(at: 1)
            return r.location == NSNotFound ? nil : ns.substring(with: r)
        }
    }
}
