import CasebookCore
import Foundation

/// Finds the FTZs and 片区 a case belongs to, by the names the reference data knows them by.
///
/// Where it looks depends on what the case states: a provider line (national collections) names the FTZs,
/// and their 片区 are then found anywhere in the case; submitting or lead units name 片区 of the FTZ the
/// document is about; a news article names zones in its headline, else in its text.
/// Lists with a shared suffix (`南宁、钦州港片区`, `自贸试验区南宁片区、钦州港片区、崇左片区管委会`) are expanded first.
public struct ZoneResolver: Sendable {
    public let zones: [FTZ]

    public init(zones: [FTZ]) { self.zones = zones }

    /// Every name an FTZ goes by, longest first.
    func names(of z: FTZ) -> [String] {
        var n = [z.name, "中国（\(z.short)）自贸试验区", "\(z.short)自由贸易试验区", "\(z.short)自贸试验区", "\(z.short)自贸区"] + z.aliases
        n = Array(Set(n))
        return n.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// Every name a 片区 goes by.
    func names(ofArea area: String, in z: FTZ) -> [String] {
        var n = [area] + (z.areaAliases[area] ?? [])
        // 大连片区 is also written 大连自贸片区.
        if area.hasSuffix("片区") { n.append(String(area.dropLast(2)) + "自贸片区") }
        return n
    }

    /// `南宁、钦州港片区` → `南宁片区、钦州港片区`.
    public static func expandSharedSuffix(_ text: String) -> String {
        guard let re = try? NSRegularExpression(pattern: #"((?:[\p{Han}]{2,8}、)+)([\p{Han}]{2,8})片区"#) else { return text }
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

    /// 片区 whose own name (not a short alias) is unique to one FTZ, found without an FTZ named.
    func uniquelyNamedAreas(in text: String) -> [ZoneRef] {
        let text = ByteText(text)
        var found: [ZoneRef] = []
        for z in zones {
            for a in z.areas where a.count >= 4 {
                let owners = zones.filter { $0.areas.contains(a) }.count
                if owners == 1, names(ofArea: a, in: z).filter({ $0.hasSuffix("片区") }).contains(where: { text.contains($0) }) {
                    found.append(ZoneRef(ftz: z.short, area: a))
                }
            }
        }
        return found
    }

    public func resolve(_ c: Case, document: DocumentMetadata) -> [ZoneRef] {
        var refs: Set<ZoneRef> = []
        let body = ZoneResolver.expandSharedSuffix(c.title + "\n" + c.bodyText)
        if !c.providers.isEmpty {
            for z in ftzs(namedIn: c.providers.joined(separator: "、")) {
                refs.insert(ZoneRef(ftz: z.short))
                for a in areas(of: z, namedIn: body) { refs.insert(ZoneRef(ftz: z.short, area: a)) }
            }
        } else if c.kind == .news {
            let headline = ZoneResolver.expandSharedSuffix(c.title)
            var found = ftzs(namedIn: headline).map { ZoneRef(ftz: $0.short) } + uniquelyNamedAreas(in: headline)
            if found.isEmpty { found = ftzs(namedIn: body).map { ZoneRef(ftz: $0.short) } + uniquelyNamedAreas(in: body) }
            for r in found {
                refs.insert(ZoneRef(ftz: r.ftz))
                if let a = r.area { refs.insert(ZoneRef(ftz: r.ftz, area: a)) }
                if let z = zones.first(where: { $0.short == r.ftz }) {
                    for a in areas(of: z, namedIn: body) { refs.insert(ZoneRef(ftz: z.short, area: a)) }
                }
            }
        } else {
            // A provincial document: its title names the FTZ; units name the 片区.
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
}
