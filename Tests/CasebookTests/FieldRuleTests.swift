import CasebookBuild
import CasebookCore
@testable import CasebookEnrich
import XCTest

/// The field rule on small cases: head noun, metaphors, learned terms, runner-up, reasons.
final class FieldRuleTests: XCTestCase {
    let fields = [
        Field(code: "finance", name: "金融开放创新", aliases: ["金融开放创新领域"], keywords: ["金融": 1, "保险": 1, "险资": 1, "融资": 1]),
        Field(code: "ecology", name: "生态环境", aliases: [], keywords: ["生态": 1, "绿色": 1, "新生态": -1, "生态圈": -1]),
        Field(code: "corridor", name: "通道门户开放创新", aliases: ["通道门户开放创新领域"], keywords: ["通道": 1, "陆海新通道": 1, "多式联运": 1, "一单制": 1]),
        Field(code: "government", name: "政府职能转变", aliases: ["政府职能转变领域"], keywords: ["审批": 1, "政务服务": 1]),
    ]

    func testAMetaphoricalUseIsNoEvidenceAndTheReasonSaysSo() {
        let a = CategoryAssigner(fields: fields, overrides: [:]).rule(title: "打造险资新生态", body: "引导保险资金参与，构建金融服务新生态和产业生态圈。")
        XCTAssertEqual(a.name, "金融开放创新")
        let eco = CategoryAssigner(fields: fields, overrides: [:]).scores(title: "打造险资新生态", body: "构建新生态和生态圈。").first { $0.field == "生态环境" }!
        XCTAssertEqual(eco.score, 0)
        XCTAssertEqual(eco.against, ["新生态", "生态圈"])
        XCTAssertEqual(CategoryAssigner(fields: fields, overrides: [:]).rule(title: "长江生态保护修复", body: "").name, "生态环境", "a literal use still counts")
    }

    func testTheTitlesHeadNounOutweighsItsModifiers() {
        XCTAssertEqual(CategoryAssigner.headNoun(of: "西部陆海新通道（广西）多式联运“一单制”综合金融服务平台"), "综合金融服务平台")
        XCTAssertEqual(CategoryAssigner.headNoun(of: "“产业+安置”综合征地安置新模式"), "综合征地安置")
        XCTAssertEqual(CategoryAssigner.headNoun(of: "企业登记业务“智能表单”新模式"), "智能表单")
        XCTAssertEqual(CategoryAssigner.headNoun(of: "政务服务跨省通办+金融服务深度融合改革"), "政务服务跨省通办+金融服务深度融合")
        let a = CategoryAssigner(fields: fields, overrides: [:])
            .rule(title: "多式联运“一单制”金融服务平台", body: "")
        XCTAssertEqual(a.name, "金融开放创新", "two modifiers (5 each) against the head noun (12): " + a.reason)
        XCTAssertEqual(a.secondary, "通道门户开放创新", "the runner-up is close and named")
        XCTAssertTrue(a.reason.contains("与“通道门户开放创新”"), a.reason)
    }

    func testTermsAreLearnedFromSeveralPrintedCasesOfOneFieldOnly() {
        func printed(_ title: String, _ label: String) -> Case {
            var c = Case(id: title, title: title, kind: .reformPilot, number: 1, source: SourceRef(file: "t.txt", lines: LineRange(1, 1)))
            c.printedCategory = label
            return c
        }
        let training = [printed("行业综合许可“一证准营”", "政府职能转变领域"), printed("跨行业综合许可改革", "政府职能转变领域"),
                        printed("住房公积金贷款许可", "金融开放创新领域"), printed("农险保单质押融资", "金融开放创新领域")]
        let a = CategoryAssigner(fields: fields, overrides: [:], training: training)
        XCTAssertEqual(a.learned["政府职能转变"]?.keys.sorted(), ["业综", "合许", "综合", "行业"], "许可 is also in a 金融 title, 一证 in one title only")
        let r = a.rule(title: "医疗综合监管", body: "")
        XCTAssertEqual(r.name, "政府职能转变")
        XCTAssertTrue(r.reason.contains("综合（习得）"), r.reason)
    }

    func testEditorOverrideStillWinsAndPrintedLabelsStillRule() {
        var c = Case(id: "t-pilot-01", title: "打造险资新生态", kind: .reformPilot, number: 1, source: SourceRef(file: "t.txt", lines: LineRange(1, 1)))
        XCTAssertEqual(CategoryAssigner(fields: fields, overrides: ["t-pilot-01": CategoryOverride(field: "生态环境", reason: "编辑认定")]).assign(c).source, .editor)
        c.printedCategory = "通道门户开放创新领域"
        let official = CategoryAssigner(fields: fields, overrides: [:]).assign(c)
        XCTAssertEqual(official.name, "通道门户开放创新")
        XCTAssertEqual(official.source, .official)
    }
}

extension FieldRuleTests {
    /// The automaton that counts every keyword in one pass agrees with counting each keyword on its own, on every
    /// case text of the real content.
    func testTheKeywordAutomatonCountsAsTheDirectSearchDoes() throws {
        let corpus = Pipeline.loadCorpus(content: Repo.content)
        let keywords = Array(Set(corpus.reference.fields.flatMap(\.keywords.keys))).sorted()
        XCTAssertGreaterThan(keywords.count, 50)
        let automaton = KeywordAutomaton(keywords.map { Array($0.utf8) })
        var compared = 0
        for c in corpus.cases {
            let text = c.title + "\n" + c.bodyText
            let counts = automaton.counts(Array(text.utf8))
            let direct = ByteText(text)
            for (i, k) in keywords.enumerated() {
                XCTAssertEqual(counts[i], direct.count(k), "\(k) in \(c.id)")
                compared += counts[i]
            }
        }
        XCTAssertGreaterThan(compared, 1_000, "keywords were found")
        // Overlapping occurrences of one keyword count as the direct search counts them: not overlapping.
        XCTAssertEqual(KeywordAutomaton([Array("通通".utf8)]).counts(Array("通通通".utf8)), [1])
    }
}
