@testable import Domain
import Foundation
import Testing

/// The monthly summary (工作进展月报汇总) and the circular (通报) as Word documents.
@Suite struct RunningDocumentTests {
    static func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    static let summary = MonthlySummaryDocument(
        programmeName: "偏关县健康促进县建设", officeName: "偏关县健康促进县建设工作领导小组办公室",
        year: 2025, month: 3, dueDate: date("2025-03-30"), issuedOn: date("2025-04-03"),
        units: [
            .init(unitName: "县卫健局", status: .onTime, submittedOn: date("2025-03-28"),
                  workDone: "召开健康促进县建设推进会\n\n　完成全县健康素养监测培训", activities: "健康讲座2场，受益群众300人",
                  problems: "", nextSteps: "开展世界卫生日宣传活动"),
            .init(unitName: "县教育局", status: .missing),
            .init(unitName: "县民政局", status: .returned, submittedOn: date("2025-03-29"), workDone: "不应出现的内容"),
            .init(unitName: "县市场监管局", status: .late, submittedOn: date("2025-04-01"),
                  workDone: "食品安全检查<20家>", activities: "无", problems: "人员不足", nextSteps: "继续检查"),
            .init(unitName: "县文旅局", status: .missing),
        ])

    @Test func theMonthlySummaryCountsAndNamesTheUnits() throws {
        #expect(Self.summary.counts == .init(expected: 5, onTime: 1, late: 1, missing: 2, returned: 1))
        #expect(Self.summary.title == "偏关县健康促进县建设工作进展月报汇总（2025年3月）")
        #expect(Self.summary.summary == "2025年3月工作进展月报应于2025年3月30日前报送。应报送单位5个，其中按时报送1个，逾期报送1个，"
                + "未报送2个（县教育局、县文旅局），退回修改1个（县民政局）。")
    }

    @Test func theMonthlySummaryReadsInOrder() throws {
        let docx = try OpenedDOCX(try Self.summary.docx())
        let body = try docx.body()
        #expect(body == Self.summary.document.expectedXMLBody)
        #expect(body.first == .paragraph(style: "Title", text: "偏关县健康促进县建设工作进展月报汇总（2025年3月）"))
        #expect(body.contains(.table([
            ["序号", "单位", "报送情况", "报送日期"],
            ["1", "县卫健局", "按时提交", "2025年3月28日"],
            ["2", "县教育局", "未提交", "—"],
            ["3", "县民政局", "退回修改", "2025年3月29日"],
            ["4", "县市场监管局", "逾期提交", "2025年4月1日"],
            ["5", "县文旅局", "未提交", "—"],
        ])))
        let texts = BodyItem.texts(body)
        expectInOrder([
            "一、报送情况", "应报送单位5个", "序号", "县文旅局",
            "二、各单位工作进展",
            "（一）县卫健局", "本月完成工作：召开健康促进县建设推进会", "完成全县健康素养监测培训", "开展活动：健康讲座2场",
            "存在问题：无。", "下月计划：开展世界卫生日宣传活动",
            "（二）县市场监管局", "本月完成工作：食品安全检查<20家>", "存在问题：人员不足",
            "县教育局、县民政局、县文旅局的月报未报送或已退回修改，本汇总未列入其内容。",
            "偏关县健康促进县建设工作领导小组办公室", "2025年4月3日",
        ], in: texts)
        // The full-width indent the liaison typed is not kept; a returned report's content is not summarised.
        #expect(texts.contains("完成全县健康素养监测培训"))
        #expect(!texts.contains { $0.contains("不应出现的内容") })
        #expect(body.suffix(2) == [.paragraph(style: "Signature", text: "偏关县健康促进县建设工作领导小组办公室"),
                                   .paragraph(style: "Signature", text: "2025年4月3日")])
        #expect(try docx.text("docProps/core.xml").contains("<dc:creator>偏关县健康促进县建设工作领导小组办公室</dc:creator>"))
    }

    @Test func aMonthWithoutReportsSaysSo() throws {
        var nobody = Self.summary
        nobody.units = nobody.units.map { MonthlySummaryDocument.UnitReport(unitName: $0.unitName, status: .missing) }
        let texts = BodyItem.texts(try OpenedDOCX(try nobody.docx()).body())
        expectInOrder(["应报送单位5个，其中按时报送0个，逾期报送0个，未报送5个（县卫健局、县教育局、县民政局、县市场监管局、县文旅局）。",
                       "二、各单位工作进展", "本月暂无单位报送月报。"], in: texts)
        #expect(!texts.contains { $0.contains("本汇总未列入") })
    }

    static let circular = CircularDocument(
        programmeName: "偏关县健康促进县建设",
        inspection: .init(date: date("2025-03-20"), inspectors: ["张三", "李四"],
                          inspected: ["新关镇", "县教育局", "县市场监管局"],
                          findings: "各单位总体按实施方案推进。\n部分单位台账资料不全。"),
        problems: [
            .init(number: 1, responsibleUnit: "县教育局", description: "学校健康教育课时不足", deadline: date("2025-04-30")),
            .init(number: 2, responsibleUnit: "县市场监管局", description: "餐饮单位“减盐”宣传未落实", deadline: date("2025-03-31")),
            .init(number: 3, responsibleUnit: "县教育局", description: "健康副校长未配备", deadline: date("2025-05-31")),
            .init(number: 4, responsibleUnit: "新关镇", description: "健康步道标识缺失", deadline: date("2025-04-30"),
                  status: .closed),
            .init(number: 5, responsibleUnit: "县教育局", description: "控烟标识不全", deadline: date("2025-04-30"),
                  status: .awaitingRecheck),
            .init(number: 6, responsibleUnit: "县教育局", description: "健康教育阵地未更新", deadline: date("2025-04-30")),
        ],
        issuingOffice: "偏关县健康促进县建设工作领导小组办公室", issuedOn: date("2025-04-02"))

    @Test func theCircularReadsInOrder() throws {
        let body = try OpenedDOCX(try Self.circular.docx()).body()
        #expect(body == Self.circular.document.expectedXMLBody)
        #expect(body.first == .paragraph(style: "Title", text: "关于偏关县健康促进县建设督导检查情况的通报"))
        #expect(body.contains(.table([
            ["序号", "责任单位", "问题描述", "整改时限", "整改状态"],
            ["1", "县教育局", "学校健康教育课时不足", "2025年4月30日", "整改中"],
            ["2", "县市场监管局", "餐饮单位“减盐”宣传未落实", "2025年3月31日", "逾期未整改"],
            ["3", "县教育局", "健康副校长未配备", "2025年5月31日", "整改中"],
            ["4", "新关镇", "健康步道标识缺失", "2025年4月30日", "已销号"],
            ["5", "县教育局", "控烟标识不全", "2025年4月30日", "已整改待复查"],
            ["6", "县教育局", "健康教育阵地未更新", "2025年4月30日", "整改中"],
        ])))
        let texts = BodyItem.texts(body)
        expectInOrder([
            "一、基本情况",
            "2025年3月20日，偏关县健康促进县建设工作领导小组办公室组织开展偏关县健康促进县建设督导检查，由张三、李四组成检查组，"
                + "对新关镇、县教育局、县市场监管局进行了实地检查。",
            "各单位总体按实施方案推进。", "部分单位台账资料不全。",
            "二、存在问题", "本次检查共发现问题6个，涉及3个单位，具体如下：", "序号",
            "三、整改要求", "各责任单位要对照问题清单逐项整改",
            "县教育局：第1项、第6项问题于2025年4月30日前完成整改；第3项问题于2025年5月31日前完成整改。",
            "县市场监管局：第2项问题于2025年3月31日前完成整改。",
            "截至2025年4月2日，县市场监管局第2项问题已超过整改时限，现提级督办。",
            "逾期未完成整改的问题，一律提级督办并予以通报",
            "偏关县健康促进县建设工作领导小组办公室", "2025年4月2日",
        ], in: texts)
        // Closed and rectified problems ask nothing more of their units.
        #expect(!texts.contains { $0.hasPrefix("新关镇：") })
        #expect(body.last == .paragraph(style: "Signature", text: "2025年4月2日"))
    }

    @Test func aCircularWithNothingOpen() throws {
        var clean = Self.circular
        clean.problems = []
        let texts = BodyItem.texts(try OpenedDOCX(try clean.docx()).body())
        expectInOrder(["二、存在问题", "本次检查未发现需要整改的问题。", "三、整改要求", "本次检查发现的问题均已整改"], in: texts)
        clean.problems = Self.circular.problems.map { var closed = $0; closed.status = .closed; return closed }
        let closedTexts = BodyItem.texts(try OpenedDOCX(try clean.docx()).body())
        #expect(closedTexts.contains { $0.hasPrefix("本次检查发现的问题均已整改") })
        #expect(!closedTexts.contains { $0.contains("提级督办") || $0.contains("逾期未整改") })
    }

    @Test func chineseNumerals() {
        let numbers = [1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 115, 999, 1000, 0]
        #expect(numbers.map(OfficialDocumentText.chineseNumeral) == [
            "一", "九", "十", "十一", "十九", "二十", "二十一", "九十九", "一百", "一百零一", "一百一十", "一百一十五",
            "九百九十九", "1000", "0",
        ])
    }

    @Test(.enabled(if: RealDOCXReader.shouldRun, "python-docx is not installed"))
    func pythonDocxReadsBothDocuments() throws {
        for (document, data) in [(Self.summary.document, try Self.summary.docx()),
                                 (Self.circular.document, try Self.circular.docx())] {
            guard let view = try RealDOCXReader.read(data) else { return }
            #expect(view.items == document.expectedReaderBody)
            #expect(view.core.title == document.title)
            #expect(view.body.first?.alignment == "CENTER" && view.body.suffix(2).allSatisfy { $0.alignment == "RIGHT" })
        }
    }
}
