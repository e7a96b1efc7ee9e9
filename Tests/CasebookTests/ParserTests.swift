import CasebookCore
@testable import CasebookParse
import XCTest

/// Small texts in each layout and the parse they must give. Inputs read like the data.
final class ParserTests: XCTestCase {
    func parse(_ text: String, file: String = "t.txt", slug: String = "t", batch: String = "第一批", layout: Layout? = nil) -> ParsedDocument {
        let meta = DocumentMetadata(slug: slug, title: Fact("测试", .attributed), issuer: Fact("测试", .attributed), level: Fact("国家级", .attributed),
                                    batchNumber: Fact(1, .attributed), batchName: Fact(batch, .attributed), year: Fact(2024, .attributed), layout: layout)
        return Parser.parse(SourceDocument(file: file, text: text, metadata: meta))
    }

    func testCollectionWithWrappedTitleWrappedProvidersAndPageNumbers() {
        let text = """
         1.国际邮件、国际快件和跨境电商业务

        集约监管新模式

        中国（重庆）自由贸易试验区、中国（四川）自由

        贸易试验区提供

        一、主要做法

        （一）打通跨境电商出口退货通道，支持跨境电商出口

        产业链建设。

        针对跨境电商出口退货难等痛点堵点，支持企业将境外的出口

        电商退货商品退回综合保税区，效率提升了

        20

        2.4 倍、2.2 倍和 1.3 倍。在秦创原的辐射带动下，全省技术

        合同成交额增长。

        2.第二个案例

        (中国(上海)自由贸易试验区提供)

        正文,含半角标点(例如)。

        """
        let p = parse(text)
        XCTAssertEqual(p.layout, .collection)
        XCTAssertEqual(p.cases.map(\.title), ["国际邮件、国际快件和跨境电商业务集约监管新模式", "第二个案例"])
        XCTAssertEqual(p.cases[0].providers, ["中国（重庆）自由贸易试验区", "中国（四川）自由贸易试验区"])
        XCTAssertEqual(p.cases[0].sections.map(\.heading), ["一、主要做法"])
        XCTAssertEqual(p.cases[0].sections.map(\.line), [9], "a heading knows the line it is printed on")
        XCTAssertEqual(p.cases[0].sections[0].blocks, [
            .subheading("（一）打通跨境电商出口退货通道，支持跨境电商出口产业链建设。"),
            .paragraph("针对跨境电商出口退货难等痛点堵点，支持企业将境外的出口电商退货商品退回综合保税区，效率提升了2.4倍、2.2倍和1.3倍。在秦创原的辐射带动下，全省技术合同成交额增长。"),
        ])
        XCTAssertEqual(p.cases[0].source.lines, LineRange(1, 23))
        XCTAssertEqual(p.furniture.map(\.reason), [.pageNumber])
        XCTAssertEqual(p.cases[1].providers, ["中国（上海）自由贸易试验区"])
        XCTAssertEqual(p.cases[1].sections[0].blocks, [.paragraph("正文，含半角标点（例如）。")])
        XCTAssertEqual(p.cases.map(\.id), ["t-best-01", "t-best-02"])
    }

    func testCompilationChecksTitlesAgainstTheTableOfContents() {
        let text = """
        目 录

        第一部分 改革试点经验（2项）

        1.第一项

        2.第二项目录里的标题

        第一部分 改革试点经验（2项）

        （一）投资领域改革领域

        1.第一项
        （报送单位：南宁片区管委会；复制推广责任单位：自治区商务厅、市场监管局）
        导语。
        一、主要做法
        （一）做法一。具体内容很长很长。

        第二项正文里的
        标题
        （报送单位：南宁、钦州港片区管委会，复制推广责任单位：自治区商务厅）
        正文。

        """
        let p = parse(text)
        XCTAssertEqual(p.layout, .compilation)
        XCTAssertEqual(p.cases.map(\.title), ["第一项", "第二项正文里的标题"])
        XCTAssertEqual(p.cases[0].printedCategory, "投资领域改革领域")
        XCTAssertEqual(p.cases[0].submitters, ["南宁片区管委会"])
        XCTAssertEqual(p.cases[0].responsibleUnits, ["自治区商务厅", "市场监管局"])
        XCTAssertEqual(p.cases[0].sections.map(\.heading), [nil, "一、主要做法"])
        XCTAssertEqual(p.cases[1].number, 2)
        let ids = p.diagnostics.map(\.id)
        XCTAssertTrue(ids.contains("parse.title-unnumbered"))
        XCTAssertTrue(ids.contains("parse.toc-mismatch"), "\(p.diagnostics)")
        XCTAssertEqual(p.diagnostics.first { $0.id == "parse.toc-mismatch" }?.location?.line, 19)
        XCTAssertFalse(ids.contains("parse.unassigned-line"), "\(p.diagnostics)")
    }

    /// A known section name alone on its line is a heading, numbered or not; the order stays as printed and
    /// what departs from the usual pattern is reported at its line.
    func testUnnumberedSectionNamesAreHeadingsInPrintOrder() {
        let text = """
        1.免申即享
        （报送单位：南宁片区管委会；复制推广责任单位：自治区财政厅）
        导语。
        一、主要做法
        做法。
        二、实施成效
        成效很好，体现在
        创新点
        上。
        三、风险点和防控措施
        暂无显著风险。
        创新点
        具有全区首创性。
        下一步工作思路
        一是持续扩大。

        """
        let p = parse(text)
        XCTAssertEqual(p.cases[0].sections.map(\.heading), [nil, "一、主要做法", "二、实施成效", "三、风险点和防控措施", "创新点", "下一步工作思路"])
        XCTAssertEqual(p.cases[0].sections[2].blocks, [.paragraph("成效很好，体现在创新点上。")])
        XCTAssertEqual(p.cases[0].sections[4].blocks, [.paragraph("具有全区首创性。")])
        XCTAssertEqual(p.diagnostics.map { "\($0.location!.line) \($0.id)" }, [
            "12 parse.heading-order", "12 parse.heading-unnumbered", "14 parse.heading-unnumbered",
        ])
    }

    func testUnnumberedHeadingsAloneAreNoAnomaly() {
        let text = """
        1.标题
        （中国（上海）自由贸易试验区提供）
        主要做法
        做法。
        实践效果
        效果。

        """
        let p = parse(text)
        XCTAssertEqual(p.cases[0].sections.map(\.heading), ["主要做法", "实践效果"])
        XCTAssertEqual(p.diagnostics, [])
    }

    func testANumeralThatIsNotTheHeadingsPlaceIsReported() {
        let text = """
        1.标题
        （中国（上海）自由贸易试验区提供）
        一、主要做法
        做法。
        三、实践效果
        效果。

        """
        let p = parse(text)
        XCTAssertEqual(p.cases[0].sections.map(\.heading), ["一、主要做法", "三、实践效果"], "kept as printed")
        XCTAssertEqual(p.diagnostics.map { "\($0.location!.line) \($0.id)" }, ["5 parse.heading-number"])
    }

    func testTaskTableWithWrappedHeaderCellsAndGroups() {
        let text = """
        附件

        中国（广西）自由贸易试验区第七批
        工作任务分工表

        \t序号
        \t成果名称
        \t主要内容
        \t推广
        范围
        \t牵头改革
        部门
        \t复制推广
        责任单位

        \t一、改革试点经验（1项）

        \t1
        \t进口食用“药食同源”商品通关新模式
        \t形成39项商品目录，
        目录覆盖范围全国领先。
        \t全区
        \t自贸试验区南宁片区、钦州港片区管委会
        \t南宁海关

        \t二、最佳实践案例（1项）

        \t1
        \t气象数据服务“出海”新模式
        \t主要内容。
        \t——
        \t自治区气象局
        \t自治区气象局

        """
        let p = parse(text)
        XCTAssertEqual(p.layout, .taskTable)
        XCTAssertEqual(p.cases.map(\.id), ["t-pilot-01", "t-best-01"])
        XCTAssertEqual(p.cases[0].summary, "形成39项商品目录，目录覆盖范围全国领先。")
        XCTAssertEqual(p.cases[0].scope, "全区")
        XCTAssertEqual(p.cases[0].leadUnits, ["自贸试验区南宁片区", "钦州港片区管委会"])
        XCTAssertEqual(p.cases[1].scope, "——", "kept as printed")
        XCTAssertEqual(p.cases[0].source.lines, LineRange(18, 24))
        XCTAssertTrue(p.furniture.contains { $0.reason == .tableHeader && $0.text == "范围" })
    }

    func testNewsWithKickerAndBylines() {
        let text = """

        # 第一篇标题

        □ 熊 辉 强子珊

        第一段,有半角标点。

        第二段。

        乘自贸区东风

        ## 第二篇:标题

        本报讯 第二篇正文。

        (李希平 于海臻)

        """
        let p = parse(text)
        XCTAssertEqual(p.layout, .news)
        XCTAssertEqual(p.cases.map(\.title), ["第一篇标题", "第二篇：标题"])
        XCTAssertEqual(p.cases[0].authors, ["熊辉", "强子珊"])
        XCTAssertEqual(p.cases[1].kicker, "乘自贸区东风")
        XCTAssertEqual(p.cases[1].authors, ["李希平", "于海臻"])
        XCTAssertEqual(p.cases[0].sections[0].blocks, [.paragraph("第一段，有半角标点。"), .paragraph("第二段。")])
        XCTAssertEqual(p.cases[1].source.lines, LineRange(10, 16))
    }

    func testNewsWarnsWhereColumnsLookInterleaved() {
        let text = """
        # 标题

        第一段写到一半的时候被另一栏的文字打断了所以这一行没有以句号结束而是停在这里的某个

        另一栏的文字也只写了一半没有结束同样停在句子的中间位置并且长度也超过了四十个汉字的

        地方。

        """
        let p = parse(text)
        XCTAssertEqual(p.diagnostics.map(\.id), ["parse.interleaved-text"])
        XCTAssertEqual(p.diagnostics.first?.location?.line, 5)
    }

    /// The column layout printed the start of the 大连 article inside the 钦州 one: the paragraph stops
    /// mid-sentence, names 大连, and the 大连 article opens mid-sentence. It is reported and moved, and both
    /// articles say so.
    func testNewsParagraphDisplacedByTheColumnsIsMovedToItsArticle() {
        let text = """
        # 广西钦州30万吨级油码头向海图强

        本报讯 钦州30万吨级油码头是广西目前最大的原油码头，2021年通过竣工验收，当年投产运营。

        其中，大连自贸片区投资自由化指数、贸易便利化指数均挺进前五，大连片区把制度创新与本地特色紧密结合起来，持续地进行

        今后，钦州30万吨级油码头将继续为北部湾区域的炼化企业提供服务。

        ## 大连自贸片区 制度创新指数排名再提升

        差异化探索，取得了较显著的成效，在北方自贸试验区中表现出彩。

        挂牌五年来，大连片区制度创新成果丰硕。

        """
        let p = parse(text)
        XCTAssertEqual(p.diagnostics.map { "\($0.location!.line) \($0.id)" }, ["5 news.displaced-paragraph"])
        XCTAssertEqual(p.cases[0].sections[0].blocks, [
            .paragraph("本报讯 钦州30万吨级油码头是广西目前最大的原油码头，2021年通过竣工验收，当年投产运营。"),
            .paragraph("今后，钦州30万吨级油码头将继续为北部湾区域的炼化企业提供服务。"),
        ])
        XCTAssertEqual(p.cases[1].sections[0].blocks.first, .paragraph("其中，大连自贸片区投资自由化指数、贸易便利化指数均挺进前五，大连片区把制度创新与本地特色紧密结合起来，持续地进行差异化探索，取得了较显著的成效，在北方自贸试验区中表现出彩。"))
        XCTAssertEqual(p.cases[0].notices.count, 1)
        XCTAssertTrue(p.cases[0].notices[0].contains("第5行") && p.cases[0].notices[0].contains("《大连自贸片区 制度创新指数排名再提升》"), p.cases[0].notices[0])
        XCTAssertTrue(p.cases[1].notices[0].contains("第5行") && p.cases[1].notices[0].contains("《广西钦州30万吨级油码头向海图强》"), p.cases[1].notices[0])
        XCTAssertEqual(p.cases[0].source.lines, LineRange(1, 7), "the source range stays as printed: nothing is lost")
    }

    /// Two paragraphs could continue the same article: reported, but nothing is moved.
    func testAmbiguousDisplacedParagraphsAreReportedAndKeptInPlace() {
        let text = """
        # 广西钦州油码头向海图强

        其中，大连自贸片区投资自由化指数、贸易便利化指数均挺进前五，大连片区把制度创新与本地特色结合，持续地进行

        另外，大连片区的营商环境指数、金融改革创新指数也在各自贸试验区排名中位居前列，该片区仍在不断地推进

        ## 大连自贸片区 制度创新指数排名再提升

        差异化探索，取得了较显著的成效。

        """
        let p = parse(text)
        XCTAssertEqual(p.diagnostics.filter { $0.id == "news.displaced-paragraph" }.map { $0.location!.line }, [3, 5])
        XCTAssertEqual(p.cases[1].sections[0].blocks, [.paragraph("差异化探索，取得了较显著的成效。")])
        XCTAssertEqual(p.cases.flatMap(\.notices), [])
    }

    /// An article whose lead names its own place opens a sentence of its own: nothing moves.
    func testAParagraphNamingALaterArticlesPlaceIsNotMovedWhenThatArticleOpensProperly() {
        let text = """
        # 广西钦州油码头向海图强

        其中，大连自贸片区投资自由化指数、贸易便利化指数均挺进前五，大连片区把制度创新与本地特色结合，持续地进行

        ## 大连自贸片区 制度创新指数排名再提升

        本报讯 大连自贸片区取得了较显著的成效。

        """
        let p = parse(text)
        XCTAssertFalse(p.diagnostics.contains { $0.id == "news.displaced-paragraph" })
        XCTAssertEqual(p.cases[1].sections[0].blocks, [.paragraph("本报讯 大连自贸片区取得了较显著的成效。")])
    }

    func testUnknownLayoutIsAnErrorNotACrash() {
        let p = parse("只有一句话。\n")
        XCTAssertEqual(p.cases, [])
        XCTAssertEqual(p.diagnostics.first?.id, "parse.unknown-layout")
        XCTAssertEqual(p.diagnostics.first?.severity, .error)
        XCTAssertEqual(parse("").diagnostics.first?.id, "parse.unknown-layout")
    }

    func testTextRepair() {
        XCTAssertEqual(Text.repair("2019年4月,中国(上海)自由贸易试验区"), "2019年4月，中国（上海）自由贸易试验区")
        XCTAssertEqual(Text.repair("“关银一 KEY 通”"), "“关银一KEY通”")
        XCTAssertEqual(Text.repair("业绩 考 核 制 度,实 现 收 入"), "业绩考核制度，实现收入")
        XCTAssertEqual(Text.repair("推动两岸征信信息互通 优化信贷服务"), "推动两岸征信信息互通 优化信贷服务", "a deliberate space between phrases stays")
        XCTAssertEqual(Text.repair("熊 辉 强子珊"), "熊辉 强子珊")
        XCTAssertEqual(Text.repair("比例为4:3:3,共1,000家"), "比例为4:3:3，共1,000家", "ratios and digit groups keep half-width")
        XCTAssertEqual(Text.repair("(CAFTA)等"), "(CAFTA)等", "parentheses around Latin text stay half-width")
        XCTAssertEqual(Text.repair("发展的顶层设计 。"), "发展的顶层设计。")
        XCTAssertEqual(Text.width("中文ab"), 6)
    }
}
