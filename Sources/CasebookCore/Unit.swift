/// What a unit does for a case, as the text says it: 报送单位, 牵头改革部门, 复制推广责任单位.
public enum UnitRole: String, Hashable, Sendable, Codable, CaseIterable {
    case submitted
    case leads
    case replicates

    /// The column or line label the texts print.
    public var label: String {
        switch self {
        case .submitted: return "报送单位"
        case .leads: return "牵头改革部门"
        case .replicates: return "复制推广责任单位"
        }
    }
}

/// A unit named by a case: the name as printed, the unit it is resolved to, and how.
public struct UnitMention: Hashable, Sendable, Codable {
    /// The unit's name in the reference data (`自治区商务厅`), or the printed name when the data does not know it.
    public var name: String
    /// The name as the text prints it (`商务厅`).
    public var printed: String
    public var role: UnitRole
    /// The unit page's code (`units/<code>.html`).
    public var code: String
    /// The reference data knows the unit; false for a name that has its own page and a warning.
    public var known: Bool
    /// How the printed name was read, in Chinese, when it is not the unit's name (`原名；…`); nil when it is.
    public var reading: String?

    public init(name: String, printed: String, role: UnitRole, code: String, known: Bool, reading: String? = nil) {
        self.name = name
        self.printed = printed
        self.role = role
        self.code = code
        self.known = known
        self.reading = reading
    }
}

/// A unit as `Content/data/units.yaml` describes it.
public struct UnitEntry: Hashable, Sendable {
    public struct Predecessor: Hashable, Sendable {
        public var name: String
        /// Where the renaming is documented.
        public var note: String
        public init(name: String, note: String) {
            self.name = name
            self.note = note
        }
    }

    public var code: String
    public var name: String
    /// Other names the unit is printed as, anywhere (`自贸试验区南宁片区管委会` for `南宁片区管委会`).
    public var aliases: [String]
    /// Names the unit had before it was renamed or reorganised, each with its source.
    public var predecessors: [Predecessor]
    /// What the editor knows about the unit (shown on its page).
    public var note: String?

    public init(code: String, name: String, aliases: [String] = [], predecessors: [Predecessor] = [], note: String? = nil) {
        self.code = code
        self.name = name
        self.aliases = aliases
        self.predecessors = predecessors
        self.note = note
    }

    /// A unit's code when the data gives none, and an unknown name's: `u` and the 8 hex digits of FNV-1a (32 bits)
    /// over the name's UTF-8 bytes. ASCII, stable from build to build.
    public static func code(for name: String) -> String {
        var h: UInt32 = 0x811C_9DC5
        for b in name.utf8 { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        let hex = String(h, radix: 16)
        return "u" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}

/// Every unit the reference data knows, and how a document's context reads short names.
public struct UnitDirectory: Hashable, Sendable {
    public var units: [UnitEntry]
    /// FTZ short name → prefixes that a short name printed in that FTZ's documents leaves out
    /// (`广西` → `自治区`: `商务厅` in a 广西 document is `自治区商务厅`).
    public var contextPrefixes: [String: [String]]

    public init(units: [UnitEntry] = [], contextPrefixes: [String: [String]] = [:]) {
        self.units = units
        self.contextPrefixes = contextPrefixes
    }
}
