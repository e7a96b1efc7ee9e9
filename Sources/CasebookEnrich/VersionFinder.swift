import CasebookCore

/// Links the versions of one innovation: the same reform published at another level or in a later batch (a 片区's
/// result in a 自治区级 batch, then recognised in a 国家级 batch). Stricter than `RelatedFinder`, which links what is
/// merely similar; a false version link is worse than a missing one.
///
/// Two cases of different documents are versions when all of these hold:
/// - **same zone**: the same FTZs, and the same 片区 where both name one (a national text names the FTZ only), or a
///   unit they share;
/// - **later date**: their documents are of different years (the earlier one is the first version);
/// - **distinctive shared terms**: their titles share runs of at least `minTermLength` characters, one of them rare in
///   the corpus (in the titles and summaries of at most 5% of the cases, at least 3), and together the runs cover
///   at least half of the shorter title (`minCoverage`): the same name, not one shared word;
/// - **similar**: the cosine of `RelatedFinder` (title bigrams, summary) is at least `threshold`.
///
/// The threshold was chosen by reading the ranked candidates (printed by `EnrichTests.testVersionCandidates`).
public struct VersionFinder: Sendable {
    public struct Candidate: Sendable {
        public var a: String
        public var b: String
        public var score: Double
        /// Why the zones match (`广西 › 钦州港片区`), or nil when they do not.
        public var zone: String?
        /// Runs of at least `minTermLength` characters both titles share; `rare` are those few cases use.
        public var terms: [String]
        public var rare: [String]
        /// The share of the shorter title's letters and digits that the shared runs cover.
        public var coverage: Double
        /// The documents' years, earlier first, or nil when they are the same year.
        public var years: (Int, Int)?
        public var isVersion: Bool
        /// The evidence as shown on the case pages.
        public var evidence: String {
            var parts: [String] = []
            if let zone { parts.append("同一试验区：\(zone)") }
            if !terms.isEmpty {
                parts.append("标题共有“" + terms.joined(separator: "”“") + "”（占较短标题的 \(Int((coverage * 100).rounded()))%）")
            }
            if let (x, y) = years { parts.append("\(x)年先发布，\(y)年再发布") }
            parts.append("标题与摘要相似度 \(Int((score * 100).rounded()))%")
            return parts.joined(separator: "；")
        }
    }

    public var threshold: Double
    static let minTermLength = 3
    static let rareShare = 0.05
    static let rareMinCases = 3.0
    static let minCoverage = 0.5

    /// On the real texts the 集装箱“全生命周期” pair scores 0.35 (shared runs cover 67% of the shorter title); the
    /// next pairs in one zone and of different years score 0.12 and below and share one word (互市贸易: 33%;
    /// 西部陆海新通道: 32%): one field or one corridor, different reforms.
    public init(threshold: Double = 0.25) {
        self.threshold = threshold
    }

    /// Every cross-document pair `RelatedFinder` reports (similarity above its floor, news left out), with the
    /// evidence for and against being versions; best first.
    public func candidates(_ cases: [Case], documents: [String: DocumentMetadata],
                           pairs known: [SimilarPair]? = nil) -> [Candidate] {
        let byID = Dictionary(uniqueKeysWithValues: cases.map { ($0.id, $0) })
        let texts = cases.map { ByteText($0.title + "\n" + ($0.summary ?? "")) }
        // How many cases use a term, counted once per term (pairs share their terms).
        var counted: [String: Int] = [:]
        func df(_ term: String) -> Int {
            if let n = counted[term] { return n }
            let n = texts.reduce(0) { $0 + ($1.contains(term) ? 1 : 0) }
            counted[term] = n
            return n
        }
        let rareLimit = Int(max(Self.rareMinCases, Self.rareShare * Double(cases.count)))
        return (known ?? RelatedFinder().pairs(cases)).compactMap { p -> Candidate? in
            guard let x = byID[p.a], let y = byID[p.b], x.kind != .news, y.kind != .news else { return nil }
            let terms = Self.sharedRuns(x.title, y.title)
            let rare = terms.filter { df($0) <= rareLimit }
            let shorter = min(x.title.filter { $0.isLetter || $0.isNumber }.count, y.title.filter { $0.isLetter || $0.isNumber }.count)
            let coverage = shorter == 0 ? 0 : Double(terms.reduce(0) { $0 + $1.count }) / Double(shorter)
            var c = Candidate(a: p.a, b: p.b, score: p.score, zone: Self.sameZone(x, y), terms: terms, rare: rare, coverage: coverage,
                              years: nil, isVersion: false)
            if let yx = documents[x.source.file]?.year.value, let yy = documents[y.source.file]?.year.value, yx != yy {
                c.years = (min(yx, yy), max(yx, yy))
            }
            c.isVersion = c.zone != nil && c.years != nil && !rare.isEmpty && coverage >= Self.minCoverage && p.score >= threshold
            return c
        }
    }

    /// Sets `versions` (the case and its versions, in date order) and `versionEvidence` on every case.
    public func link(_ cases: [Case], documents: [String: DocumentMetadata],
                     pairs: [SimilarPair]? = nil) -> [Case] {
        var linked: [String: [String: String]] = [:]
        for c in candidates(cases, documents: documents, pairs: pairs) where c.isVersion {
            linked[c.a, default: [:]][c.b] = c.evidence
            linked[c.b, default: [:]][c.a] = c.evidence
        }
        let byID = Dictionary(uniqueKeysWithValues: cases.map { ($0.id, $0) })
        func date(_ id: String) -> (Int, Int, Int, String) {
            let c = byID[id]
            let m = c.flatMap { documents[$0.source.file] }
            let level = m.map { $0.level.value.contains("国家") ? 2 : 1 } ?? 0
            return (m?.year.value ?? 0, level, m?.batchNumber?.value ?? 0, id)
        }
        return cases.map { c in
            var c = c
            guard let evidence = linked[c.id] else { return c }
            // The versions of a version are versions too: one innovation, one path.
            var group: Set<String> = [c.id]
            var queue = [c.id]
            while let next = queue.popLast() {
                for v in linked[next]?.keys.sorted() ?? [] where !group.contains(v) { group.insert(v); queue.append(v) }
            }
            c.versions = group.sorted { date($0) < date($1) }
            c.versionEvidence = evidence
            return c
        }
    }

    /// The zones of two cases agree: the same FTZs; and the same 片区 where both name one, unless they share a unit.
    static func sameZone(_ x: Case, _ y: Case) -> String? {
        let fx = Set(x.zones.map(\.ftz)), fy = Set(y.zones.map(\.ftz))
        guard !fx.isEmpty, fx == fy else { return nil }
        let ax = Set(x.zones.compactMap(\.area)), ay = Set(y.zones.compactMap(\.area))
        let units = Set(x.providers + x.submitters + x.leadUnits).intersection(y.providers + y.submitters + y.leadUnits)
        let ftz = fx.sorted().joined(separator: "、")
        if !ax.isEmpty && !ay.isEmpty {
            let shared = ax.intersection(ay)
            if !shared.isEmpty { return ftz + " › " + shared.sorted().joined(separator: "、") }
            return units.isEmpty ? nil : ftz + "（共同单位：" + units.sorted().joined(separator: "、") + "）"
        }
        let area = (ax.isEmpty ? ay : ax).sorted().joined(separator: "、")
        return area.isEmpty ? ftz : ftz + " › " + area
    }

    /// The maximal runs of letters and digits (at least `minTermLength` long) that both titles contain.
    static func sharedRuns(_ a: String, _ b: String) -> [String] {
        let x = Array(a), yText = ByteText(b)
        var runs: [String] = []
        var i = 0
        while i < x.count {
            var best = 0
            var j = i + minTermLength
            while j <= x.count, x[i..<j].allSatisfy({ $0.isLetter || $0.isNumber }), yText.contains(String(x[i..<j])) {
                best = j - i
                j += 1
            }
            if best >= minTermLength {
                let run = String(x[i..<(i + best)])
                if !runs.contains(where: { $0.contains(run) }) { runs.append(run) }
                i += best
            } else {
                i += 1
            }
        }
        return runs
    }
}
