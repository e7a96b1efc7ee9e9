import CasebookBuild
import CasebookCore
@testable import CasebookRender
import Foundation
import XCTest

/// The search index: how text is read, how the index is written, that it holds every case, and that it scales.
/// What a query finds and in which order is tested in the browser, against the JavaScript readers run
/// (Tests/e2e/test_search.py); speed is measured by scripts/bench_search.py, never here.
final class SearchIndexTests: XCTestCase {
    // MARK: - Reading text

    func s(_ text: String) -> [String] { SearchText.segments(text).map(SearchText.string) }

    func testFoldsWidthAndCaseAndDropsSpaces() {
        XCTAssertEqual(s("１＋Ｎ"), ["1+n"])
        XCTAssertEqual(s("1+N"), ["1+n"])
        XCTAssertEqual(s("RCEP"), ["rcep"])
        XCTAssertEqual(s("关银一 KEY 通"), ["关银一key通"])
        XCTAssertEqual(s("关银一\u{3000}ＫＥＹ通"), ["关银一key通"])
        XCTAssertEqual(s("票 e真"), ["票e真"])
        XCTAssertEqual(s("ÀÉ"), ["àé"])
    }

    func testPunctuationAndLineEndsAreBoundaries() {
        XCTAssertEqual(s("“多测合一、一码通办”改革。"), ["多测合一", "一码通办", "改革"])
        XCTAssertEqual(s("第一段\n第二段"), ["第一段", "第二段"])
        XCTAssertEqual(s("(5G)，《RCEP》【A】"), ["5g", "rcep", "a"])
        XCTAssertEqual(s("50%、#1、A&B、a@b"), ["50%", "#1", "a&b", "a@b"])
        XCTAssertEqual(s("〇々"), ["〇々"])
        XCTAssertEqual(s("𠀋𠀋"), ["𠀋𠀋"], "characters beyond the BMP are one code point each")
    }

    func testQueryTermsAndPhrase() {
        func t(_ q: String) -> [String] { SearchText.terms(q).map(SearchText.string) }
        XCTAssertEqual(t("关银一 KEY 通"), ["关银一", "key", "通"])
        XCTAssertEqual(SearchText.phrase("关银一 KEY 通").map(SearchText.string), "关银一key通")
        XCTAssertNil(SearchText.phrase("关银一KEY通"))
        XCTAssertEqual(t("跨境　南宁 跨境"), ["跨境", "南宁"], "full-width space splits too; repeats are dropped")
        XCTAssertNil(SearchText.phrase("“跨境” 南宁"))
        XCTAssertEqual(t("  "), [])
    }

    func testGrams() {
        func g(_ term: String) -> [String] { SearchText.grams(Array(term.unicodeScalars.map(\.value))).map(SearchText.string) }
        XCTAssertEqual(g("税"), ["税"])
        XCTAssertEqual(g("5g"), ["5g"])
        XCTAssertEqual(g("一单制"), ["一单制"])
        XCTAssertEqual(g("多测合一"), ["多测合", "测合一"])
        let long = g("中国广西自由贸易试验区南宁片区管委会")  // 18 characters, 16 trigrams
        XCTAssertEqual(long.count, SearchText.maxGramsPerTerm)
        XCTAssertEqual(long.first, "中国广")
        XCTAssertEqual(long.last, "管委会")
        XCTAssertEqual(Set(long).count, long.count)
    }

    func testPackedKeysRoundTrip() {
        for key in [[0x4E00], [0x31, 0x2B], [0x20000, 0x10FFFF, 0x61], [0]] as [[UInt32]] {
            let k = key.count == 1 ? SearchText.pack(key[0]) : key.count == 2 ? SearchText.pack(key[0], key[1]) : SearchText.pack(key[0], key[1], key[2])
            XCTAssertEqual(SearchText.unpack(k), key)
        }
        XCTAssertNotEqual(SearchText.pack(1, 2), SearchText.pack(1, 2, 0))
    }

    // MARK: - Encoding

    func testNumbersRoundTrip() {
        let values: [UInt32] = [0, 1, 31, 32, 33, 1023, 1024, 65_535, 1 << 20, 123_456_789, UInt32.max]
        var bytes: [UInt8] = []
        for v in values { SearchEncoding.varint(v, into: &bytes) }
        XCTAssertEqual(SearchEncoding.decode(String(decoding: bytes, as: UTF8.self)), values)
        var one: [UInt8] = []
        SearchEncoding.varint(31, into: &one)
        XCTAssertEqual(one.count, 1, "small numbers take one character")
    }

    func testDigitsAreTheDocumentedAlphabets() {
        // varint computes its digits; decode (and search.js) read them from the two alphabets.
        for d in UInt32(0)..<32 {
            XCTAssertEqual(SearchEncoding.lastDigit(d), SearchEncoding.last[Int(d)], "last digit \(d)")
            XCTAssertEqual(SearchEncoding.moreDigit(d), SearchEncoding.more[Int(d)], "continuing digit \(d)")
        }
    }

    func testKeyTableNumbersKeysAsFirstSeenThroughGrowth() {
        // Unigram keys have 42 zero low bits: a table that hashed by low bits would put them all in one chain.
        var table = KeyTable(capacity: 4)
        let keys = (0..<5_000).map { SearchText.pack(UInt32(0x4E00 + $0 % 2_500), $0 < 2_500 ? nil : 0x4E00) }
        var expected: [UInt64: Int] = [:]
        for k in keys {
            let (id, inserted) = table.id(k)
            XCTAssertEqual(inserted, expected[k] == nil)
            if inserted { expected[k] = expected.count }
            XCTAssertEqual(id, expected[k])
        }
        XCTAssertEqual(table.count, 5_000)
        XCTAssertEqual(table.keys, keys)
        for (k, id) in expected { XCTAssertEqual(table.find(k), id) }
        XCTAssertNil(table.find(SearchText.pack(0x61)))
    }

    func testStringsAreSafeJavaScript() {
        XCTAssertEqual(SearchEncoding.jsonText("\u{1}\t\r é"), #""\u0001\t\r é""#)
        XCTAssertEqual(SearchEncoding.jsonText("\u{2027}\u{202A}€"), "\"\u{2027}\u{202A}€\"", "other characters starting with E2 80 stay")
        XCTAssertEqual(SearchEncoding.jsonText("¨©\u{2028}"), "\"¨©\\u2028\"", "bytes A8 and A9 of other characters stay")
        XCTAssertEqual(SearchEncoding.jsonText("a\"b\\c\nd"), #""a\"b\\c\nd""#)
        XCTAssertEqual(SearchEncoding.jsonText("\u{2028}\u{2029}</script>"), #""\u2028\u2029\u003c/script>""#)
        XCTAssertEqual(SearchEncoding.jsonText("多测合一"), "\"多测合一\"")
        // Any mix of what must be escaped and what must not: valid JSON that reads back as the string, with no raw
        // control character, `<`, U+2028 or U+2029 left.
        var rng = SystemRandomNumberGenerator()
        let pieces = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "<", "</script>", "\u{2028}", "\u{2029}", "\u{2027}", "€", "¨", "©",
                      "多测合一", "a", " ", "\u{E2}", "é", "👍🏽", "\r\n"]
        for _ in 0..<500 {
            let s = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let json = SearchEncoding.jsonText(s)
            XCTAssertEqual(try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String, s, json)
            XCTAssertFalse(json.unicodeScalars.contains { $0.value < 0x20 || $0 == "<" || $0 == "\u{2028}" || $0 == "\u{2029}" }, json)
        }
    }

    // MARK: - The index of the real cases

    static let corpus: Corpus = Pipeline.loadCorpus(content: Repo.content)

    static func input(_ cases: [Case], documents: [SourceDocument]) -> SiteInput {
        SiteInput(cases: cases, documents: Dictionary(uniqueKeysWithValues: documents.map { ($0.file, $0.metadata) }),
                  documentOrder: documents.map(\.file), reference: corpus.reference, config: SiteConfig())
    }

    /// The files of the index of the real cases, by path.
    static let built: (documents: [SearchDocument], files: [String: Data]) = {
        let builder = SearchIndexBuilder(catalog: Catalog(input(corpus.cases, documents: corpus.documents)))
        let files = builder.files()
        return (builder.documents(), Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.bytes) }))
    }()

    /// The data a `casebookIndex(name, data);` file registers, parsed as JSON.
    func registered(_ path: String, in files: [String: Data]) throws -> (name: String, data: Any) {
        let text = String(decoding: try XCTUnwrap(files[path], "no \(path)"), as: UTF8.self)
        let prefix = "casebookIndex(\""
        XCTAssertTrue(text.hasPrefix(prefix) && text.hasSuffix(");\n"), path)
        let rest = text.dropFirst(prefix.count).dropLast(3)
        let quote = try XCTUnwrap(rest.firstIndex(of: "\""))
        let name = String(rest[..<quote])
        let json = rest[rest.index(quote, offsetBy: 2)...]
        return (name, try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]))
    }

    func meta(_ files: [String: Data]) throws -> [String: Any] {
        try XCTUnwrap(registered("search/meta.js", in: files).data as? [String: Any])
    }

    func shardPath(_ key: [UInt32], meta: [String: Any]) -> String {
        let shards = meta["shards"] as! Int, digits = meta["shardDigits"] as! Int
        return "search/k/" + SearchIndex.hex(Int(SearchText.hash(key)) & (shards - 1), digits: digits) + ".js"
    }

    /// Case number → (tf, in title) for a key, read back from its shard.
    func postings(_ key: String, files: [String: Data]) throws -> [Int: (tf: Int, title: Bool)] {
        let cps = key.unicodeScalars.map(\.value)
        let m = try meta(files)
        let shard = try XCTUnwrap(registered(shardPath(cps, meta: m), in: files).data as? [String: String])
        guard let list = shard[key] else { return [:] }
        let numbers = SearchEncoding.decode(list)
        var out: [Int: (Int, Bool)] = [:]
        var doc = -1
        for i in stride(from: 0, to: numbers.count, by: 2) {
            doc += Int(numbers[i]) + 1
            out[doc] = (Int(numbers[i + 1] >> 1) + 1, numbers[i + 1] & 1 == 1)
        }
        return out
    }

    func number(of id: String) throws -> Int { try XCTUnwrap(Self.built.documents.firstIndex { $0.id == id }) }

    func testFilesAreRelativeASCIIScriptsUnderSearch() throws {
        let files = Self.built.files
        XCTAssertFalse(files.keys.contains("search/docs.js"))
        for path in files.keys {
            XCTAssertTrue(path.hasPrefix("search/") && path.hasSuffix(".js") && path.allSatisfy(\.isASCII), path)
            let name = try registered(path, in: files).name
            XCTAssertEqual("search/\(name).js", path, "a file registers under its own name")
        }
        let m = try meta(files)
        let shards = m["shards"] as! Int
        XCTAssertEqual(shards & (shards - 1), 0, "a power of two")
        XCTAssertEqual(files.keys.filter { $0.hasPrefix("search/k/") }.count, shards)
        XCTAssertEqual(files.keys.filter { $0.hasPrefix("search/d/") }.count, Self.corpus.cases.count)
        XCTAssertEqual(m["docs"] as? Int, Self.corpus.cases.count)
        XCTAssertEqual(m["maxGrams"] as? Int, SearchText.maxGramsPerTerm)
    }

    func testDocumentTableHoldsWhatResultsShow() throws {
        let n = try number(of: "gx-b2-pilot-04")
        let doc = try XCTUnwrap(registered("search/d/\(n).js", in: Self.built.files).data as? [String: String])
        XCTAssertEqual(doc["id"], "gx-b2-pilot-04")
        XCTAssertEqual(doc["url"], "cases/gx-b2-pilot-04.html")
        XCTAssertEqual(doc["label"], "广西第二批 · 改革试点经验 第4项")
        XCTAssertTrue(doc["title"]!.contains("多测合一"))
        XCTAssertTrue(doc["text"]!.contains("多测合一"))
    }

    func testUnitsAndKickerAreSearchableText() throws {
        let c = try XCTUnwrap(Self.corpus.cases.first { !$0.submitters.isEmpty })
        XCTAssertTrue(SearchIndexBuilder.text(c).contains(c.submitters[0]))
        let news = try XCTUnwrap(Self.corpus.cases.first { $0.kicker != nil })
        XCTAssertTrue(SearchIndexBuilder.text(news).contains(news.kicker!))
    }

    /// A task table's column name (主要内容, not printed in the case's text) does not open its search text, and the
    /// units follow the body after a blank line, so that a snippet never runs from the body into them.
    func testSearchTextStartsWithTheCasesWordsAndKeepsUnitsApart() throws {
        let tasks = Self.corpus.cases.filter { $0.sections.contains { $0.heading != nil && $0.line == nil } }
        XCTAssertGreaterThan(tasks.count, 10)
        for c in tasks {
            let text = SearchIndexBuilder.text(c)
            XCTAssertFalse(text.hasPrefix("主要内容"), c.id)
            if let unit = c.leadUnits.first { XCTAssertTrue(text.contains("\n\n" + unit), c.id) }
        }
    }

    func testTheSummaryIsTakenOnce() {
        for c in Self.corpus.cases {
            guard let summary = c.summary else { continue }
            XCTAssertEqual(SearchIndexBuilder.text(c).components(separatedBy: summary).count - 1, 1, c.id)
        }
    }

    func testPostingsOfTheIssueQueries() throws {
        let files = Self.built.files
        let multi = try number(of: "gx-b2-pilot-04")
        XCTAssertEqual(try postings("多测合", files: files)[multi]?.title, true)
        XCTAssertEqual(try postings("测合一", files: files)[multi]?.title, true)

        // tf counts the key in title and text.
        let oneBill = try number(of: "gx-b2-pilot-17")
        let doc = Self.built.documents[oneBill]
        let expected = (doc.title + "\n" + doc.text).components(separatedBy: "一单制").count - 1
        XCTAssertEqual(try postings("一单制", files: files)[oneBill]?.tf, expected)

        // Spaced in the source, joined in the index; full width folded.
        XCTAssertNotNil(try postings("一ke", files: files)[try number(of: "gx-b2-best-05")])
        XCTAssertNotNil(try postings("票e真", files: files)[try number(of: "cn-b5-best-11")])
        XCTAssertNotNil(try postings("1+n", files: files)[try number(of: "gx-b7-pilot-02")])
        XCTAssertEqual(try postings("rce", files: files).count, 6)
        XCTAssertTrue(try postings("ＲＣ", files: files).isEmpty, "keys are folded")
        // Single characters are keys of their own.
        XCTAssertNotNil(try postings("盾", files: files)[try number(of: "gx-b2-best-05")])
    }

    /// Every 1-, 2- and 3-gram of a sample of cases is in the shard its hash names, with the case.
    func testIndexHoldsEveryGramOfEveryCase() throws {
        let files = Self.built.files
        let m = try meta(files)
        var shards: [String: [String: String]] = [:]
        for (n, doc) in Self.built.documents.enumerated() where n % 9 == 0 {
            var keys = Set<[UInt32]>()
            for seg in SearchText.segments(doc.title) + SearchText.segments(doc.text) {
                for i in seg.indices {
                    for len in 1...3 where i + len <= seg.count { keys.insert(Array(seg[i..<(i + len)])) }
                }
            }
            for key in keys {
                let path = shardPath(key, meta: m)
                if shards[path] == nil { shards[path] = try XCTUnwrap(registered(path, in: files).data as? [String: String]) }
                let list = try XCTUnwrap(shards[path]?[SearchText.string(key)], "\(SearchText.string(key)) missing from \(path)")
                var docNo = -1
                var found = false
                let numbers = SearchEncoding.decode(list)
                for i in stride(from: 0, to: numbers.count, by: 2) {
                    docNo += Int(numbers[i]) + 1
                    if docNo == n { found = true }
                }
                XCTAssertTrue(found, "\(SearchText.string(key)) does not list case \(doc.id)")
            }
        }
    }

    func testFacetColumns() throws {
        let m = try meta(Self.built.files)
        let columns = try XCTUnwrap(m["columns"] as? [String: String])
        let batches = try XCTUnwrap(m["batches"] as? [String])
        let kinds = try XCTUnwrap(m["kinds"] as? [String])
        let fields = try XCTUnwrap(m["fields"] as? [String])
        let zones = try XCTUnwrap(m["zones"] as? [[String]])
        let zoneSets = try XCTUnwrap(m["zoneSets"] as? [[Int]])
        // Publication order: 国家级 first, then 自治区级, then news (not a numbered level).
        XCTAssertEqual(batches, ["全国第四批", "全国第五批", "广西第二批", "广西第七批", "新闻报道（2022）"])
        let docs = Self.built.documents
        for (name, count) in columns.mapValues({ SearchEncoding.decode($0).count }) { XCTAssertEqual(count, docs.count, name) }
        let b = SearchEncoding.decode(columns["batch"]!), k = SearchEncoding.decode(columns["kind"]!)
        let f = SearchEncoding.decode(columns["field"]!), z = SearchEncoding.decode(columns["zones"]!)
        let length = SearchEncoding.decode(columns["length"]!), titleLength = SearchEncoding.decode(columns["titleLength"]!)
        for (n, doc) in docs.enumerated() {
            XCTAssertEqual(batches[Int(b[n])], doc.batch)
            XCTAssertEqual(kinds[Int(k[n])], doc.kind)
            XCTAssertEqual(fields[Int(f[n])], doc.field)
            let set = zoneSets[Int(z[n])].map { zones[$0] }
            XCTAssertEqual(Set(set.map { $0.joined(separator: "/") }), Set(doc.zones.map { $0.ftz + "/" + ($0.area ?? "") }))
            XCTAssertEqual(Int(titleLength[n]), SearchText.segments(doc.title).map(\.count).reduce(0, +))
            XCTAssertEqual(Int(length[n]), Int(titleLength[n]) + SearchText.segments(doc.text).map(\.count).reduce(0, +))
        }
    }

    /// `search/units.js`: each unit's cases, for the unit facet (loaded only when a reader filters by unit).
    func testUnitFacetHoldsEveryCasesUnits() throws {
        let units = try XCTUnwrap(registered("search/units.js", in: Self.built.files).data as? [String: Any])
        let names = try XCTUnwrap(units["names"] as? [String])
        let lists = try XCTUnwrap(units["cases"] as? [String])
        XCTAssertEqual(names.count, lists.count)
        XCTAssertGreaterThan(names.count, 50)
        var read: [Int: Set<String>] = [:]
        for (name, list) in zip(names, lists) {
            var doc = -1
            for gap in SearchEncoding.decode(list) { doc += Int(gap) + 1; read[doc, default: []].insert(name) }
        }
        let docs = Self.built.documents
        XCTAssertGreaterThan(docs.filter { !$0.units.isEmpty }.count, 50)
        for (n, doc) in docs.enumerated() { XCTAssertEqual(read[n] ?? [], Set(doc.units), doc.id) }
        XCTAssertTrue(names.contains("自治区商务厅") && !names.contains("商务厅"))
    }

    /// Forgiving search: traditional characters, abbreviations and full forms; the typed term always first.
    func testVariantsOfATerm() throws {
        let eq = SearchText.equivalents(Self.corpus.reference.searchEquivalents)
        XCTAssertGreaterThanOrEqual(eq.count, 2)
        func v(_ s: String) -> [String] { SearchText.variants(SearchText.terms(s)[0]).map(SearchText.string) }
        func g(_ s: String) -> [String]? { SearchText.group(of: SearchText.terms(s)[0], equivalents: eq).map { eq[$0].map(SearchText.string) } }
        XCTAssertEqual(v("跨境電商"), ["跨境電商", "跨境电商"])
        XCTAssertEqual(v("臺灣"), ["臺灣", "台湾"])
        XCTAssertEqual(v("跨境电商"), ["跨境电商"])
        XCTAssertEqual(g("自贸区"), ["自由贸易试验区", "自贸试验区", "自贸区"])
        XCTAssertEqual(g("自由貿易試驗區"), ["自由贸易试验区", "自贸试验区", "自贸区"])
        XCTAssertEqual(g("人行"), ["中国人民银行", "人民银行", "人行"])
        XCTAssertEqual(g("RCEP"), ["区域全面经济伙伴关系协定", "rcep"])
        // Precise names stay precise; simplified text is never read differently.
        XCTAssertNil(g("南宁海关"))
        XCTAssertNil(g("海关"))
        XCTAssertNil(g("广西自贸区"))
        XCTAssertEqual(v("著名"), ["著名"])
        // Every character of the real texts reads as itself.
        let chars = Set(Self.corpus.cases.flatMap { ($0.title + $0.bodyText).unicodeScalars.map(\.value) })
        XCTAssertEqual(chars.filter { SearchText.traditional[$0] != nil }.count, 0)
    }

    /// A name of a group inside a longer term (`广西自贸区`) is also searched in the other names of its group; names
    /// that are in no group stay as typed (`南宁海关` never becomes anything else, `海关` finds no `南宁海关` equivalent).
    func testANameInsideALongerTermIsAlsoSearchedInTheOtherNamesOfItsGroup() throws {
        let eq = SearchText.equivalents(Self.corpus.reference.searchEquivalents)
        func x(_ s: String) -> [String] { SearchText.expansions(of: SearchText.terms(s)[0], equivalents: eq).map(SearchText.string) }
        XCTAssertEqual(x("广西自贸区"), ["广西自由贸易试验区", "广西自贸试验区"])
        XCTAssertEqual(x("广西自由贸易试验区南宁片区"), ["广西自贸试验区南宁片区", "广西自贸区南宁片区"])
        // The longest name at each place: 中国人民银行, not 人民银行 inside it.
        XCTAssertEqual(x("中国人民银行南宁中心支行"), ["人民银行南宁中心支行", "人行南宁中心支行"])
        // Two names: every combination but the typed one, the first name changing slowest.
        XCTAssertEqual(x("自贸区人行"), ["自由贸易试验区中国人民银行", "自由贸易试验区人民银行", "自由贸易试验区人行", "自贸试验区中国人民银行",
                                     "自贸试验区人民银行", "自贸试验区人行", "自贸区中国人民银行", "自贸区人民银行"])
        XCTAssertEqual(x("rcep协定"), ["区域全面经济伙伴关系协定协定"])
        // A name alone finds its group by the group's key; a term with no name, or a name in no group, stays as typed.
        XCTAssertEqual(x("自贸区"), [])
        XCTAssertEqual(x("人民银行"), [])
        XCTAssertEqual(x("南宁海关"), [])
        XCTAssertEqual(x("海关"), [])
        XCTAssertEqual(x("多测合一"), [])
        XCTAssertEqual(SearchText.expansions(of: SearchText.terms("广西自贸区")[0], equivalents: []), [])
        // Over the real texts: 广西自贸区 is printed once, its full forms in more cases; the expanded forms find those.
        let docs = Self.built.documents
        func holding(_ forms: [String]) -> Set<String> {
            Set(docs.filter { d in forms.contains { (d.title + d.text).contains($0) } }.map(\.id))
        }
        let literal = holding(["广西自贸区"]), found = holding(["广西自贸区"] + x("广西自贸区"))
        XCTAssertTrue(literal.isSubset(of: found))
        XCTAssertGreaterThan(found.count, literal.count)
        XCTAssertFalse(holding(["广西自贸试验区"]).isEmpty)
    }

    /// A group's key holds every case that holds any of its names.
    func testGroupKeysHoldTheCasesOfEveryName() throws {
        let eq = SearchText.equivalents(Self.corpus.reference.searchEquivalents)
        let g = try XCTUnwrap(eq.firstIndex { $0.contains(SearchText.terms("自贸区")[0]) })
        let posted = try postings(SearchText.string([SearchText.groupKey(g)]), files: Self.built.files)
        let docs = Self.built.documents
        let expected = docs.indices.filter { n in
            eq[g].contains { name in SearchText.occurrences(of: [name], in: SearchText.segments(docs[n].title) + SearchText.segments(docs[n].text)) > 0 }
        }
        XCTAssertGreaterThan(expected.count, 20)
        XCTAssertEqual(Set(posted.keys), Set(expected))
    }

    func testTraditionalCharacterFilesAndEquivalentsAreInTheIndex() throws {
        let m = try meta(Self.built.files)
        let blocks = try XCTUnwrap(m["tsBlocks"] as? [String])
        XCTAssertGreaterThan(blocks.count, 20)
        let block = SearchText.tsBlock(("電" as Unicode.Scalar).value)
        XCTAssertTrue(blocks.contains(block))
        let pairs = try XCTUnwrap(registered("search/t/\(block).js", in: Self.built.files).data as? String)
        XCTAssertTrue(pairs.contains("電电"))
        XCTAssertEqual(pairs.unicodeScalars.count % 2, 0)
        let eq = try XCTUnwrap(m["equivalents"] as? [[String]])
        XCTAssertTrue(eq.contains(["自由贸易试验区", "自贸试验区", "自贸区"]))
    }

    func testTwoBuildsAreByteIdentical() {
        let again = SearchIndexBuilder(catalog: Catalog(Self.input(Self.corpus.cases, documents: Self.corpus.documents))).files()
        XCTAssertEqual(again.count, Self.built.files.count)
        for f in again { XCTAssertEqual(f.bytes, Self.built.files[f.path], f.path) }
        XCTAssertEqual(again.map(\.path), again.map(\.path).sorted())
    }

    /// The postings are merged by several threads, each over its share of the keys: the files do not depend on how
    /// many there are.
    func testTheIndexDoesNotDependOnHowManyThreadsMergeIt() {
        let builder = SearchIndexBuilder(catalog: Catalog(Self.input(Self.corpus.cases, documents: Self.corpus.documents)))
        let index = SearchIndex(documents: builder.documents(), order: builder.order(), equivalents: Self.corpus.reference.searchEquivalents)
        let one = index.build(partitions: 1)
        XCTAssertGreaterThan(one.keys, 1_000)
        for n in [2, 3, 8] {
            let other = index.build(partitions: n)
            XCTAssertEqual(other.keys, one.keys)
            XCTAssertEqual(other.files.map(\.path), one.files.map(\.path))
            XCTAssertEqual(other.files.filter { f in one.files.first { $0.path == f.path }?.bytes != f.bytes }.map(\.path), [], "\(n) partitions")
        }
    }
}

/// The scaling claim: at 10,000 cases a query loads at most 300 kB of index.
/// Set SEARCH_SCALE_OUT=<folder> to keep the synthetic index (scripts/bench_search.py --scale times queries on it).
final class SearchScaleTests: XCTestCase {
    static let cases = 10_000
    static let budget = 300_000
    /// Index plus the texts of a first page of results: the texts are the cases' own words, not index, and the
    /// bound takes the ten largest candidates (a real first page shows the ten best ranked).
    static let firstPageBudget = 350_000
    static let queries = ["多测合一", "一单制", "票e真", "关银一KEY通", "关银一 KEY 通", "RCEP", "5G", "片区管委", "1＋N", "跨境 南宁",
                          "企业", "的", "自由贸易试验区", "中国广西自由贸易试验区南宁片区管委会", "海关 企业 通关 便利",
                          "自贸区", "跨境電商", "人行 自贸区", "中国人民银行广西壮族自治区分行"]

    func testTenThousandCasesLoadAtMost300kBPerQuery() throws {
        let (input, _) = SyntheticCorpus.make(cases: Self.cases, from: SearchIndexTests.corpus)
        let builder = SearchIndexBuilder(catalog: Catalog(input))
        let equivalentGroups = SearchIndexTests.corpus.reference.searchEquivalents
        let equivalents = SearchText.equivalents(equivalentGroups)
        let built = SearchIndex(documents: builder.documents(), order: builder.order(), equivalents: equivalentGroups).build()
        let files = Dictionary(uniqueKeysWithValues: built.files.map { ($0.path, $0.bytes.count) })
        let metaBytes = try XCTUnwrap(files["search/meta.js"])
        let unitBytes = try XCTUnwrap(files["search/units.js"])
        let shardSizes = files.filter { $0.key.hasPrefix("search/k/") }.map(\.value)
        let docSizes = (0..<Self.cases).map { files["search/d/\($0).js"]! }
        let digits = String(built.shards - 1, radix: 16).count

        var report = ["| query | shards | index bytes (meta + shards) | + the 10 largest candidate texts | candidate cases |",
                      "|---|---:|---:|---:|---:|"]
        var worst = 0
        for q in Self.queries {
            // Every form of every term (traditional characters, equivalents), and the traditional-character files.
            let terms = SearchText.terms(q)
            var keys = terms.flatMap(SearchText.variants).flatMap(SearchText.grams)
            keys += terms.compactMap { SearchText.group(of: $0, equivalents: equivalents) }.map { [SearchText.groupKey($0)] }
            if let p = SearchText.phrase(q) { keys += SearchText.grams(p) }
            var paths = Set(keys.map { "search/k/" + SearchIndex.hex(Int(SearchText.hash($0)) & (built.shards - 1), digits: digits) + ".js" })
            for cp in SearchText.terms(q).joined() where files["search/t/\(SearchText.tsBlock(cp)).js"] != nil {
                paths.insert("search/t/\(SearchText.tsBlock(cp)).js")
            }
            let index = metaBytes + paths.map { files[$0]! }.reduce(0, +)
            let hits = candidates(q, built: built, equivalents: equivalents)
            let texts = hits.map { docSizes[$0] }.sorted(by: >).prefix(10).reduce(0, +)
            worst = max(worst, index)
            // A query filtered by unit also loads the unit facet.
            XCTAssertLessThanOrEqual(index + unitBytes, Self.budget, "\(q) with a unit filter loads \(index + unitBytes) bytes of index")
            report.append("| \(q) | \(paths.count) | \(index) | \(index + texts) | \(hits.count) |")
            XCTAssertLessThanOrEqual(index, Self.budget, "\(q) loads \(index) bytes of index")
            XCTAssertLessThanOrEqual(index + texts, Self.firstPageBudget, "\(q) loads \(index + texts) bytes with its first page of results")
        }
        let shardTotal = shardSizes.reduce(0, +), textTotal = docSizes.reduce(0, +)
        report.append("")
        report.append("\(Self.cases) cases: \(built.keys) keys, \(built.postings) postings in \(built.shards) shards of \(shardTotal / built.shards) B "
            + "on average (largest \(shardSizes.max()!) B), \(shardTotal / 1_000_000) MB in all; meta.js \(metaBytes) B; units.js \(unitBytes) B; case texts "
            + "\(textTotal / Self.cases) B on average (largest \(docSizes.max()!) B), \(textTotal / 1_000_000) MB in all. "
            + "Most index bytes any query loads: \(worst) B.")
        print(report.joined(separator: "\n"))

        if let out = ProcessInfo.processInfo.environment["SEARCH_SCALE_OUT"] {
            for f in built.files {
                let url = URL(fileURLWithPath: out).appendingPathComponent(f.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try f.bytes.write(to: url)
            }
            try report.joined(separator: "\n").write(toFile: out + "/scale-report.md", atomically: true, encoding: .utf8)
        }
    }

    /// Cases holding every key of every term (an upper bound of the results; only to size the first page).
    func candidates(_ q: String, built: SearchIndex.Built, equivalents: [[[UInt32]]]) -> [Int] {
        let byPath = Dictionary(uniqueKeysWithValues: built.files.map { ($0.path, $0.bytes) })
        let digits = String(built.shards - 1, radix: 16).count
        func docs(_ key: [UInt32]) -> Set<Int> {
            let path = "search/k/" + SearchIndex.hex(Int(SearchText.hash(key)) & (built.shards - 1), digits: digits) + ".js"
            let text = String(decoding: byPath[path]!, as: UTF8.self)
            var docs = Set<Int>()
            if let r = text.range(of: SearchEncoding.jsonText(SearchText.string(key)) + ":\"") {
                let list = text[r.upperBound...].prefix { $0 != "\"" }
                let numbers = SearchEncoding.decode(String(list))
                var doc = -1
                for i in stride(from: 0, to: numbers.count, by: 2) { doc += Int(numbers[i]) + 1; docs.insert(doc) }
            }
            return docs
        }
        var result: Set<Int>?
        for term in SearchText.terms(q) {
            // A term's cases: those holding every key of any of its forms.
            var found = Set<Int>()
            let typed = SearchText.variants(term)
            for form in typed + typed.flatMap({ SearchText.expansions(of: $0, equivalents: equivalents) }) {
                var inForm: Set<Int>?
                for key in SearchText.grams(form) { inForm = inForm.map { $0.intersection(docs(key)) } ?? docs(key) }
                found.formUnion(inForm ?? [])
            }
            if let g = SearchText.group(of: term, equivalents: equivalents) { found.formUnion(docs([SearchText.groupKey(g)])) }
            result = result.map { $0.intersection(found) } ?? found
        }
        return Array(result ?? [])
    }
}

/// Deterministic synthetic cases built from the real ones: sentences drawn from every case, a few characters changed and
/// names made up, so that common n-grams are as common as in the real texts and rare ones keep appearing.
enum SyntheticCorpus {
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static func make(cases count: Int, from corpus: Corpus, batches: Int = 80) -> (SiteInput, [Case]) {
        var rng = Random(state: 2024)
        let real = corpus.cases
        let sentences = real.flatMap { c in c.bodyText.split(whereSeparator: { $0 == "。" || $0 == "\n" }).map { String($0) + "。" } }
        let titles = real.map(\.title)
        let chars = Array(real.map(\.bodyText).joined().unicodeScalars.filter { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
        func mutate(_ s: String, rate: Int) -> String {
            var out = String.UnicodeScalarView()
            for u in s.unicodeScalars {
                out.append(u.value >= 0x4E00 && u.value <= 0x9FFF && rng.below(1000) < rate ? chars[rng.below(chars.count)] : u)
            }
            return String(out)
        }
        func name() -> String { String(String.UnicodeScalarView((0..<(2 + rng.below(3))).map { _ in chars[rng.below(chars.count)] })) }

        var documents: [SourceDocument] = []
        for b in 0..<batches {
            let base = corpus.documents[b % corpus.documents.count]
            var meta = base.metadata
            meta.slug = "syn-b\(b)"
            meta.batchNumber = Fact(b + 1, .stated)
            meta.batchName = Fact("第\(b + 1)批", .stated)
            documents.append(SourceDocument(file: "syn_\(b).txt", text: "", metadata: meta))
        }
        var cases: [Case] = []
        for i in 0..<count {
            let base = real[rng.below(real.count)]
            let target = real[rng.below(real.count)].bodyText.count
            var c = Case(id: "syn-\(i)", title: mutate(titles[rng.below(titles.count)], rate: 150) + (rng.below(4) == 0 ? name() : ""),
                         kind: base.kind, number: i / batches + 1,
                         source: SourceRef(file: "syn_\(i % batches).txt", lines: base.source.lines))
            var paragraphs: [String] = []
            var length = 0
            while length < target {
                var p = ""
                for _ in 0..<(1 + rng.below(4)) { p += mutate(sentences[rng.below(sentences.count)], rate: 20) }
                p = name() + p
                length += p.count
                paragraphs.append(p)
            }
            c.summary = paragraphs.first
            c.sections = [Section(heading: nil, blocks: paragraphs.dropFirst().map { .paragraph($0) })]
            c.submitters = base.submitters
            // Units as many as 20 provinces' worth of batches would name: the real ones, made distinct per group of batches.
            c.units = base.units.map { u in
                var u = u
                u.name += "·\(i % batches % 20)"
                return u
            }
            c.zones = base.zones
            c.category = base.category
            cases.append(c)
        }
        return (SearchIndexTests.input(cases, documents: documents), cases)
    }
}
