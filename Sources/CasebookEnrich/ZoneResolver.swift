import CasebookCore
import Foundation

/// Finds the FTZs and 片区 a case belongs to, by the names the reference data knows them by, and by evidence.
///
/// Where it looks depends on what the case states: a provider line (national collections) names the FTZs, and
/// a 片区 is then taken from the provider line, else the title, else the place the body centres on (the only
/// 片区 it names, or those it names repeatedly; several named once, or in an enumeration `金桥、保税区等片区`,
/// leave the case at the FTZ level). Submitting or lead units name 片区 of the FTZ the document is about; a news
/// article names its place in its headline, else the body's most named place counts.
/// Lists with a shared suffix (`南宁、钦州港片区`, `自贸试验区南宁片区、钦州港片区、崇左片区管委会`) are expanded in units and titles.
public struct ZoneResolver: Sendable {
    public let zones: [FTZ]
    /// The names of each FTZ (by short name), worked out once.
    private let ftzNames: [String: [String]]

    public init(zones: [FTZ]) {
        self.zones = zones
        var names: [String: [String]] = [:]
        for z in zones { names[z.short] = Self.allNames(of: z) }
        ftzNames = names
    }

    /// Every name an FTZ goes by, longest first.
    func names(of z: FTZ) -> [String] { ftzNames[z.short] ?? Self.allNames(of: z) }

    static func allNames(of z: FTZ) -> [String] {
        var n = [z.name, "中国（\(z.short)）自贸试验区", "\(z.short)自由贸易试验区", "\(z.short)自贸试验区", "\(z.short)自贸区"] + z.aliases
        n = Array(Set(n))
        return n.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// Compiled once; `NSRegularExpression` is immutable and may be shared by threads.
    static let sharedSuffix = try? NSRegularExpression(pattern: #"((?:[\p{Han}]{2,8}、)+)([\p{Han}]{2,8})片区"#)
    static let enumerationRegex = try? NSRegularExpression(pattern: enumeration)

    /// Every name a 片区 goes by.
    func names(ofArea area: String, in z: FTZ) -> [String] {
        var n = [area] + (z.areaAliases[area] ?? [])
        // 大连片区 is also written 大连自贸片区.
        if area.hasSuffix("片区") { n.append(String(area.dropLast(2)) + "自贸片区") }
        return n
    }

    /// `南宁、钦州港片区` → `南宁片区、钦州港片区`.
    public static func expandSharedSuffix(_ text: String) -> String {
        // Most texts hold no `、…片区` list at all.
        guard text.contains("片区"), text.contains("、"), let re = sharedSuffix else { return text }
        let ns = text as NSString
        var out = ""
        var last = 0
        for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            let list = ns.substring(with: m.range(at: 1)).split(separator: "、").map(String.init)
            let tail = ns.substring(with: m.range(at: 2))
            out += (list.map { $0.hasSuffix("片区") ? $0 : $0 + "片区" } + [tail + "片区"]).joined(separator: "、")
            last = m.range.location + m.range.length
        }
        out += ns.substring(from: last)
        return out
    }

    func ftzs(namedIn text: String) -> [FTZ] {
        let t = ByteText(text)
        return zones.filter { z in names(of: z).contains { t.contains($0) } }
    }

    func areas(of z: FTZ, namedIn text: String) -> [String] {
        let t = ByteText(text)
        return z.areas.filter { a in names(ofArea: a, in: z).contains { t.contains($0) } }
    }

    /// A 片区 name of two characters or more before 片区 (`南宁片区`) names a place; a shorter one would match inside other words.
    static let ownNameMinLength = 4

    /// 片区 whose own name (not a short alias) is unique to one FTZ, found without an FTZ named.
    func uniquelyNamedAreas(in text: String) -> [ZoneRef] {
        let text = ByteText(text)
        var found: [ZoneRef] = []
        for z in zones {
            for a in z.areas where a.count >= Self.ownNameMinLength {
                let owners = zones.filter { $0.areas.contains(a) }.count
                if owners == 1, names(ofArea: a, in: z).filter({ $0.hasSuffix("片区") }).contains(where: { text.contains($0) }) {
                    found.append(ZoneRef(ftz: z.short, area: a))
                }
            }
        }
        return found
    }

    /// An enumeration of several 片区 with a shared suffix (`金桥、保税区、世博等片区`): places named in passing.
    static let enumeration = #"(?:[\p{Han}]{2,8}、)+[\p{Han}]{2,8}片区"#

    /// How many times the text names each 片区 of `z` outside enumerations of several 片区 (by the name it is
    /// named most often by), for the 片区 it names at all.
    /// Whether `text` can hold an enumeration: a 、 at most 8 characters (of at most 4 bytes) before a 片区. The regex,
    /// run over the whole text through UTF-16, is skipped for the texts that cannot (most).
    static func mayEnumerate(_ text: String) -> Bool {
        let area = Array("片区".utf8), comma = Array("、".utf8)
        var text = text
        return text.withUTF8 { b in
            guard b.count >= area.count + comma.count else { return false }
            for i in 0...(b.count - area.count) where b[i] == area[0] && b[i + 1] == area[1] && b[i + 2] == area[2]
                && b[i + 3] == area[3] && b[i + 4] == area[4] && b[i + 5] == area[5] {
                var j = max(0, i - 8 * 4 - comma.count)
                while j + comma.count <= i {
                    if b[j] == comma[0] && b[j + 1] == comma[1] && b[j + 2] == comma[2] { return true }
                    j += 1
                }
            }
            return false
        }
    }

    func mentions(of z: FTZ, in text: String) -> [(area: String, count: Int)] {
        var stripped = text
        if Self.mayEnumerate(text), let re = Self.enumerationRegex {
            stripped = re.stringByReplacingMatches(in: text, range: NSRange(location: 0, length: (text as NSString).length), withTemplate: "、")
        }
        let t = ByteText(stripped)
        return z.areas.map { a in (a, names(ofArea: a, in: z).map { t.count($0) }.max() ?? 0) }.filter { $0.count > 0 }
    }

    /// The 片区 of `z` a text centres on: the only one it names, else those it names at least
    /// `centreMinMentions` times; none when it names several only in passing (the case stays at the FTZ level).
    func centres(of z: FTZ, in text: String) -> [String] {
        let named = mentions(of: z, in: text)
        if named.count == 1 { return [named[0].area] }
        return named.filter { $0.count >= Self.centreMinMentions }.map(\.area)
    }

    /// A 片区 named twice or more is what a passage is about, not an example in passing.
    static let centreMinMentions = 2

    /// Evidence in order: the provider line, then the title, then how the body centres on a place. The first
    /// that names a 片区 of `z` decides.
    func areas(of z: FTZ, providers: String, title: String, body: String) -> [String] {
        let stated = areas(of: z, namedIn: providers)
        if !stated.isEmpty { return stated }
        let titled = areas(of: z, namedIn: ZoneResolver.expandSharedSuffix(title))
        if !titled.isEmpty { return titled }
        return centres(of: z, in: body)
    }

    public func resolve(_ c: Case, document: DocumentMetadata) -> [ZoneRef] {
        var refs: Set<ZoneRef> = []
        let body = c.bodyText
        if !c.providers.isEmpty {
            let providers = c.providers.joined(separator: "、")
            for z in ftzs(namedIn: providers) {
                refs.insert(ZoneRef(ftz: z.short))
                for a in areas(of: z, providers: providers, title: c.title, body: body) { refs.insert(ZoneRef(ftz: z.short, area: a)) }
            }
        } else if c.kind == .news {
            // A headline names its place, by the FTZ's name, a 片区's own name or (on a page about FTZs) the province's
            // short name; a headline that names none leaves it to the places the body centres on.
            let headline = ZoneResolver.expandSharedSuffix(c.title)
            var found = ftzs(namedIn: headline).map { ZoneRef(ftz: $0.short) } + uniquelyNamedAreas(in: headline)
            if found.isEmpty { found = zones.filter { headline.contains($0.short) }.map { ZoneRef(ftz: $0.short) } }
            if found.isEmpty { found = centredPlaces(in: c.title + "\n" + body) }
            for r in found {
                refs.insert(ZoneRef(ftz: r.ftz))
                if let a = r.area { refs.insert(ZoneRef(ftz: r.ftz, area: a)) }
                if r.area == nil, let z = zones.first(where: { $0.short == r.ftz }) {
                    for a in centres(of: z, in: c.title + "\n" + body) { refs.insert(ZoneRef(ftz: z.short, area: a)) }
                }
            }
        } else {
            // A provincial document: its title names the FTZ; units name the 片区, else the case's title.
            let home = ftzs(namedIn: document.title.value)
            let units = ZoneResolver.expandSharedSuffix((c.submitters + c.leadUnits).joined(separator: "、"))
            for z in home {
                refs.insert(ZoneRef(ftz: z.short))
                var found = areas(of: z, namedIn: units)
                if found.isEmpty { found = areas(of: z, namedIn: ZoneResolver.expandSharedSuffix(c.title)) }
                for a in found { refs.insert(ZoneRef(ftz: z.short, area: a)) }
            }
        }
        // Keep a bare FTZ entry only where none of its 片区 is named.
        let withAreas = Set(refs.filter { $0.area != nil }.map(\.ftz))
        return refs.filter { $0.area != nil || !withAreas.contains($0.ftz) }.sorted()
    }

    /// The places a text without a named home is about: each FTZ or 片区 it names, counted; those named most.
    func centredPlaces(in text: String) -> [ZoneRef] {
        let t = ByteText(text)
        var counts: [ZoneRef: Int] = [:]
        for z in zones {
            let own = names(of: z).map { t.count($0) }.max() ?? 0
            if own > 0 { counts[ZoneRef(ftz: z.short), default: 0] += own }
        }
        for r in uniquelyNamedAreas(in: text) {
            let z = zones.first { $0.short == r.ftz }!
            counts[r, default: 0] += names(ofArea: r.area!, in: z).map { t.count($0) }.max() ?? 0
        }
        guard let top = counts.values.max() else { return [] }
        return counts.filter { $0.value == top }.map(\.key).sorted()
    }
}
