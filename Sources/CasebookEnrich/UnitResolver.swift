import CasebookCore

/// Reads the units a case prints (报送单位, 牵头改革部门, 复制推广责任单位) as the units of `Content/data/units.yaml`.
///
/// A printed name is, in this order: a unit's name or one of its aliases; a predecessor's name (read as its
/// successor, with the source of the renaming); in a document about an FTZ whose context prefixes the data gives, the
/// name with a prefix (`商务厅` in a 广西 document → `自治区商务厅`). Anything else is unknown: it keeps its printed
/// name and gets a page of its own, and the enricher warns about it, so that no two names are merged by guesswork.
public struct UnitResolver: Sendable {
    public struct Reading: Hashable, Sendable {
        public var entry: UnitEntry?
        /// How the printed name was read, when it is not the unit's own name.
        public var note: String?
    }

    let directory: UnitDirectory
    let byName: [String: (UnitEntry, String?)]

    public init(directory: UnitDirectory) {
        self.directory = directory
        var byName: [String: (UnitEntry, String?)] = [:]
        // Own names first, then aliases, then predecessors: the first claim of a name holds (the loader rejects clashes).
        for u in directory.units where byName[u.name] == nil { byName[u.name] = (u, nil) }
        for u in directory.units { for a in u.aliases where byName[a] == nil { byName[a] = (u, "原文作“\(a)”") } }
        for u in directory.units {
            for p in u.predecessors where byName[p.name] == nil { byName[p.name] = (u, "原文作“\(p.name)”，该单位已更名为\(u.name)（\(p.note)）") }
        }
        self.byName = byName
    }

    /// The unit `printed` names in a document about the FTZs `context` (short names), or nil entry when unknown.
    public func read(_ printed: String, context: [String]) -> Reading {
        if let (u, note) = byName[printed] { return Reading(entry: u, note: note) }
        for ftz in context {
            for prefix in directory.contextPrefixes[ftz] ?? [] where !printed.hasPrefix(prefix) {
                if let (u, note) = byName[prefix + printed] {
                    return Reading(entry: u, note: "原文作“\(printed)”，在\(ftz)的文件中即“\(prefix + printed)”" + (note.map { "；" + $0 } ?? ""))
                }
            }
        }
        return Reading(entry: nil, note: nil)
    }

    /// Every unit of the case, resolved, with the printed names the data does not know.
    public func mentions(of c: Case, context: [String]) -> (mentions: [UnitMention], unknown: [String]) {
        var out: [UnitMention] = []
        var unknown: [String] = []
        for (role, names) in [(UnitRole.submitted, c.submitters), (.leads, c.leadUnits), (.replicates, c.responsibleUnits)] {
            for printed in names {
                let r = read(printed, context: context)
                if let u = r.entry {
                    out.append(UnitMention(name: u.name, printed: printed, role: role, code: u.code, known: true, reading: r.note))
                } else {
                    out.append(UnitMention(name: printed, printed: printed, role: role, code: UnitEntry.code(for: printed), known: false))
                    unknown.append(printed)
                }
            }
        }
        return (out, unknown)
    }
}
