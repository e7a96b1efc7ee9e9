import CasebookCore
@testable import CasebookEnrich
import XCTest

/// 片区 by evidence: the provider line and the title first, then how the body centres on a place.
final class ZoneEvidenceTests: XCTestCase {
    let resolver = ZoneResolver(zones: [
        FTZ(code: "shanghai", name: "中国（上海）自由贸易试验区", short: "上海", areas: ["保税区片区", "金桥开发片区", "张江高科技片区", "临港新片区"],
            aliases: ["上海自贸试验区"], areaAliases: ["临港新片区": ["临港片区", "临港"]]),
        FTZ(code: "guangxi", name: "中国（广西）自由贸易试验区", short: "广西", areas: ["南宁片区", "钦州港片区", "崇左片区"], aliases: ["广西自贸试验区"]),
        FTZ(code: "liaoning", name: "中国（辽宁）自由贸易试验区", short: "辽宁", areas: ["大连片区", "沈阳片区"], aliases: [], areaAliases: ["大连片区": ["大连自贸片区"]]),
    ])
    let meta = DocumentMetadata(slug: "t", title: Fact("自由贸易试验区第五批最佳实践案例", .attributed), issuer: Fact("测试", .attributed),
                                level: Fact("国家级", .attributed), batchNumber: Fact(5, .attributed), batchName: Fact("第五批", .attributed),
                                year: Fact(2024, .attributed), layout: nil)

    func zones(title: String, providers: [String] = [], kind: CaseKind = .bestPractice, body: [String]) -> [ZoneRef] {
        var c = Case(id: "t-best-01", title: title, kind: kind, number: 1, source: SourceRef(file: "t.txt", lines: LineRange(1, 2)))
        c.providers = providers
        c.sections = [Section(heading: nil, blocks: body.map { .paragraph($0) })]
        return resolver.resolve(c, document: meta)
    }

    func testAWholeFTZMentioningSeveral片区InPassingStaysAtTheFTZLevel() {
        let z = zones(title: "大企业开放创新中心计划", providers: ["中国（上海）自由贸易试验区"],
                      body: ["上海自贸试验区推出大企业开放创新中心计划。", "在区域分布上，张江集聚38家，金桥、保税区、世博等片区均有分布。"])
        XCTAssertEqual(z, [ZoneRef(ftz: "上海")])
    }

    func testTheOnly片区ANationalCaseNamesIsItsPlace() {
        let z = zones(title: "跨境电商退货新模式", providers: ["中国（上海）自由贸易试验区"], body: ["上海自贸试验区临港新片区着力解决退货难题。"])
        XCTAssertEqual(z, [ZoneRef(ftz: "上海", area: "临港新片区")])
    }

    func testThe片区TheBodyCentresOnWinsOverOneNamedOnce() {
        let z = zones(title: "数据跨境新机制", providers: ["中国（上海）自由贸易试验区"],
                      body: ["临港新片区建设数据跨境服务中心。", "临港新片区企业可一站办理，并与保税区片区开展合作。"])
        XCTAssertEqual(z, [ZoneRef(ftz: "上海", area: "临港新片区")])
    }

    func testTheTitleDecidesBeforeTheBody() {
        let z = zones(title: "保税区片区保税维修新模式", providers: ["中国（上海）自由贸易试验区"],
                      body: ["临港新片区也在试点。临港新片区将跟进。"])
        XCTAssertEqual(z, [ZoneRef(ftz: "上海", area: "保税区片区")])
    }

    func testANewsHeadlineNamingTheProvinceOutweighsAPlaceTheBodyMentionsOnce() {
        let z = zones(title: "广西钦州30万吨级油码头向海图强", kind: .news,
                      body: ["在中国（广西）自贸试验区钦州港片区成立三年间，油码头迅速完成竣工验收。", "其中，大连自贸片区投资自由化指数均挺进前五。"])
        XCTAssertEqual(z, [ZoneRef(ftz: "广西", area: "钦州港片区")])
    }
}
