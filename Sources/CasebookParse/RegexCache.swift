import CasebookCore
import Foundation

/// Compiled regular expressions, each with a `RegexPrefilter`: what every match needs, checked over the UTF-8 bytes
/// before ICU is asked (most lines fail it; asking ICU means handing it the line as UTF-16). Each thread keeps its own
/// (the parser asks for an expression several times per line on every core: one shared dictionary behind a lock made
/// the threads wait for each other).
final class RegexCache: @unchecked Sendable {
    static let shared = RegexCache()

    struct Entry {
        let regex: NSRegularExpression
        let prefilter: RegexPrefilter
    }

    /// A pattern as a dictionary key, hashed by its length and its first and last 16 bytes folded into two numbers: a
    /// `String` key is hashed in normalised form, which for a pattern in Chinese is a Unicode normalisation at every
    /// look-up, and a byte at a time it was still a tenth of the parser's regular-expression time. (Equal keys are
    /// equal strings, so they hash alike; the patterns are a few dozen literals.)
    private struct Key: Hashable {
        let pattern: String
        static func == (a: Key, b: Key) -> Bool { a.pattern == b.pattern }
        func hash(into hasher: inout Hasher) {
            let utf8 = pattern.utf8
            var head: UInt64 = 0, tail: UInt64 = 0
            for b in utf8.prefix(16) { head = head &* 31 &+ UInt64(b) }
            for b in utf8.suffix(16) { tail = tail &* 31 &+ UInt64(b) }
            hasher.combine(utf8.count)
            hasher.combine(head)
            hasher.combine(tail)
        }
    }

    /// One thread's expressions.
    private final class Local {
        var cache: [Key: Entry?] = [:]
        /// The same, by where the pattern's bytes are: the parser's patterns are literals, whose bytes stay where they
        /// are, so a look-up is one integer hash and one comparison of equal strings (which compare by identity first).
        /// A pattern made at run time may share an address with another: the pattern kept beside it tells them apart.
        var byAddress: [Int: (pattern: String, entry: Entry?)] = [:]
    }

    private let key: pthread_key_t
    /// Every pattern asked for on any thread (for the tests that hold the prefilters to the expressions).
    private let asked = NSLock()
    private var askedPatterns = Set<String>()

    private init() {
        var k = pthread_key_t()
        let made = pthread_key_create(&k) { p in
            if let p = p as UnsafeMutableRawPointer? { Unmanaged<AnyObject>.fromOpaque(p).release() }
        }
        precondition(made == 0, "pthread_key_create failed")
        key = k
    }

    private var local: Local {
        if let p = pthread_getspecific(key) { return Unmanaged<Local>.fromOpaque(p).takeUnretainedValue() }
        let l = Local()
        pthread_setspecific(key, Unmanaged.passRetained(l).toOpaque())
        return l
    }

    func entry(_ pattern: String) -> Entry? {
        let local = self.local
        let address = pattern.utf8.withContiguousStorageIfAvailable { Int(bitPattern: $0.baseAddress) &+ $0.count << 48 }
        if let address, let hit = local.byAddress[address], hit.pattern == pattern { return hit.entry }
        let e = lookUp(pattern, local)
        if let address { local.byAddress[address] = (pattern, e) }
        return e
    }

    private func lookUp(_ pattern: String, _ local: Local) -> Entry? {
        let key = Key(pattern: pattern)
        if let e = local.cache[key] { return e }
        let e = (try? NSRegularExpression(pattern: pattern)).map { Entry(regex: $0, prefilter: RegexPrefilter(pattern)) }
        local.cache[key] = e
        asked.withLock { _ = askedPatterns.insert(pattern) }
        return e
    }

    /// Every pattern asked for so far, on any thread.
    var patterns: [String] { asked.withLock { askedPatterns.sorted() } }
}

/// What every match of a regular expression needs, read from its pattern: the first character when it is anchored
/// (`^第…`, `^[（(]…`) and the literal runs outside groups that are not optional (`部分`, `报送单位`). A line without
/// them cannot match, so the expression is not run on it. A pattern whose top level has an alternative (`|`) or an
/// inline option (`(?i)`) needs nothing here: every line is handed to the expression.
struct RegexPrefilter: Sendable, Equatable {
    /// The first character of a match at the start of the text (nil: any).
    var first: Set<Unicode.Scalar>?
    /// Character runs every match contains.
    var literals: [String] = []

    init(first: Set<Unicode.Scalar>? = nil, literals: [String] = []) {
        self.first = first
        self.literals = literals
    }

    init(_ pattern: String) {
        let p = Array(pattern.unicodeScalars)
        guard !Self.hasTopLevelAlternative(p), !pattern.contains("(?i"), !pattern.hasPrefix("(?") else { return }
        var i = 0
        let anchored = p.first == "^"
        if anchored { i = 1 }
        var run = "", runs: [String] = []
        var atStart = anchored
        func endRun() {
            if !run.isEmpty { runs.append(run) }
            run = ""
        }
        while i < p.count {
            // one item: a literal character, a class, a group, an escape or a metacharacter
            var literal: Unicode.Scalar?
            var set: Set<Unicode.Scalar>?
            /// A group's first character, when the group must begin with one of a set (`^([0-9]{1,3})…`: a digit).
            var groupFirst: Set<Unicode.Scalar>?
            switch p[i] {
            case "\\":
                i += 1
                if i < p.count, p[i] == "p" || p[i] == "P", i + 1 < p.count, p[i + 1] == "{" {
                    while i < p.count, p[i] != "}" { i += 1 }
                }
                i += 1
            case "[":
                set = Self.simpleClass(p, &i)
            case "(":
                let start = i
                Self.skipGroup(p, &i)
                if atStart { groupFirst = Self.groupFirst(Array(p[start..<i])) }
            case "$", ".":
                i += 1
            default:
                literal = p[i]
                i += 1
            }
            // its quantifier: how many times it must occur at least
            var least = 1, quantified = false
            if i < p.count {
                switch p[i] {
                case "?", "*": least = 0; quantified = true; i += 1
                case "+": quantified = true; i += 1
                case "{":
                    quantified = true
                    var digits = ""
                    i += 1
                    while i < p.count, p[i] != "}" { if p[i] == "," { digits += "," } else { digits.unicodeScalars.append(p[i]) }; i += 1 }
                    i += 1
                    least = Int(digits.split(separator: ",", omittingEmptySubsequences: false).first ?? "") ?? 0
                default: break
                }
                if quantified, i < p.count, p[i] == "?" || p[i] == "+" { i += 1 }  // lazy or possessive
            }
            if atStart, least >= 1 {
                if let literal { first = [literal] } else if let set { first = set } else if let groupFirst { first = groupFirst }
            }
            atStart = false
            if let literal, !quantified {
                run.unicodeScalars.append(literal)
            } else {
                endRun()
                if let literal, least >= 1 { runs.append(String(Character(literal))) }
            }
        }
        endRun()
        literals = runs
    }

    /// Whether `text` can match.
    func admits(_ text: String) -> Bool {
        if let first {
            guard let f = text.unicodeScalars.first, first.contains(f) else { return false }
        }
        if literals.isEmpty { return true }
        let hay = ByteText(text)
        return literals.allSatisfy { hay.contains($0) }
    }

    /// A class of plain characters and ranges (`[（(]`, `[0-9]`, `[一二三]`), read past its `]`; nil for a negated class
    /// or one with an escape that stands for many characters (`[\s]`).
    static func simpleClass(_ p: [Unicode.Scalar], _ i: inout Int) -> Set<Unicode.Scalar>? {
        i += 1
        var set = Set<Unicode.Scalar>(), simple = true
        if i < p.count, p[i] == "^" { simple = false; i += 1 }
        var members: [Unicode.Scalar] = []
        var first = true
        while i < p.count, p[i] != "]" || first {
            first = false
            var c = p[i]
            if c == "\\" {
                i += 1
                guard i < p.count else { break }
                c = p[i]
                if c.properties.isAlphabetic || c.properties.numericType != nil { simple = false }  // \s, \d, \p…
                if c == "p" || c == "P", i + 1 < p.count, p[i + 1] == "{" { while i < p.count, p[i] != "}" { i += 1 } }
            } else if c == "[" {
                simple = false  // a nested class or a POSIX one
            }
            members.append(c)
            i += 1
        }
        i += 1  // the `]`
        var k = 0
        while k < members.count {
            if k + 2 < members.count, members[k + 1] == "-" {
                let (a, b) = (members[k].value, members[k + 2].value)
                if a <= b, b - a < 0x400 {
                    for v in a...b { if let s = Unicode.Scalar(v) { set.insert(s) } }
                } else {
                    simple = false
                }
                k += 3
            } else {
                set.insert(members[k])
                k += 1
            }
        }
        return simple && !set.isEmpty ? set : nil
    }

    /// What a match of the group `group` (with its parentheses) must begin with: a capturing or `(?:` group without an
    /// alternative of its own, read as an anchored pattern; nil for any other (a look-around, a named group, `(a|b)`).
    static func groupFirst(_ group: [Unicode.Scalar]) -> Set<Unicode.Scalar>? {
        guard group.count > 2, group.last == ")" else { return nil }
        var inner = Array(group[1..<(group.count - 1)])
        if inner.starts(with: ["?", ":"]) { inner.removeFirst(2) } else if inner.first == "?" { return nil }
        guard !inner.isEmpty, !hasTopLevelAlternative(inner) else { return nil }
        var pattern = "^"
        pattern.unicodeScalars.append(contentsOf: inner)
        return RegexPrefilter(pattern).first
    }

    /// Past a group's closing parenthesis, minding escapes, classes and nested groups.
    static func skipGroup(_ p: [Unicode.Scalar], _ i: inout Int) {
        var depth = 0
        while i < p.count {
            switch p[i] {
            case "\\": i += 2; continue
            case "[": _ = simpleClass(p, &i); continue
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { i += 1; return }
            default: break
            }
            i += 1
        }
    }

    /// Whether a `|` stands outside every group and class.
    static func hasTopLevelAlternative(_ p: [Unicode.Scalar]) -> Bool {
        var i = 0
        while i < p.count {
            switch p[i] {
            case "\\": i += 2; continue
            case "[": _ = simpleClass(p, &i); continue
            case "(": skipGroup(p, &i); continue
            case "|": return true
            default: i += 1
            }
        }
        return false
    }
}
