import Domain
import Foundation
import Testing

/// Scoring a cell against a sheet: totals, veto items, section minimums, bonus, counted items,
/// incomplete assessments and rejected entries.
@Suite struct AssessmentScoringTests {
    /// 100 base points in three sections, a pass/fail veto, a scored veto, a counted item and 5 bonus.
    static let sheetText = """
    id: scoring-test
    title: 测试评分表
    cellType: school
    version: "2"
    template: true
    note: 测试用模板，不是官方文本
    totalPoints: 100
    bonusPoints: 5
    pass:
      minimumTotal: 80
      sectionMinimums: [{ section: "2", minimum: 30 }]
    sections:
      - id: "1"
        title: 组织管理
        points: 30
        items:
          - { id: "1.1", title: 领导小组, scoring: 有文件得10分, points: 10, methods: [查阅资料] }
          - { id: "1.2", title: 健康讲座, scoring: 每开展1次得2.5分，最高10分, points: 10, methods: [查阅资料], perCount: 2.5 }
          - { id: "1.3", title: 工作制度, scoring: 酌情给分, points: 10, methods: [查阅资料] }
      - id: "2"
        title: 健康环境
        points: 40
        subsections:
          - id: "2.1"
            title: 无烟环境
            items:
              - { id: "2.1.1", title: 全面无烟环境, scoring: 达标, points: 0, methods: [现场查看], kind: veto }
              - { id: "2.1.2", title: 控烟措施, scoring: 每项得2分, points: 10, methods: [现场查看], kind: veto }
          - id: "2.2"
            title: 设施
            items:
              - { id: "2.2.1", title: 健身设施, scoring: 酌情给分, points: 15, methods: [现场查看] }
              - { id: "2.2.2", title: 环境整洁, scoring: 酌情给分, points: 15, methods: [现场查看] }
      - id: "3"
        title: 健康教育
        points: 30
        items:
          - { id: "3.1", title: 宣传栏, scoring: 酌情给分, points: 15, methods: [现场查看] }
          - { id: "3.2", title: 知晓率, scoring: 酌情给分, points: 15, methods: [快速调查] }
      - id: "4"
        title: 加分项
        items:
          - { id: "4.1", title: 特色创新, scoring: 酌情加分, points: 5, methods: [听取汇报], kind: bonus }
    """

    let sheet: ScoreSheet

    init() throws {
        sheet = try ScoreSheetFile.parse(Self.sheetText, file: "scoring-test.yaml")
    }

    /// Full marks on every required item; bonus left empty.
    func full() -> [String: ItemEntry] {
        ["1.1": .points(10), "1.2": .count(4), "1.3": .points(10), "2.1.1": .passed(true),
         "2.1.2": .points(10), "2.2.1": .points(15), "2.2.2": .points(15), "3.1": .points(15), "3.2": .points(15)]
    }

    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    func rejected(_ entries: [String: ItemEntry], on sheet: ScoreSheet? = nil) -> [InputIssue] {
        do {
            _ = try AssessmentScoring.score(sheet ?? self.sheet, entries: entries)
            return []
        } catch {
            return error.issues
        }
    }

    // MARK: - Outcomes

    @Test func passWithExactSubtotals() throws {
        var entries = full()
        entries["1.1"] = .points(8)
        entries["1.2"] = .count(3, note: "3月、6月、9月各一次")
        entries["1.3"] = .points(d("9.5"))
        entries["2.2.1"] = .points(12)
        entries["2.2.2"] = .points(d("13.5"))
        entries["3.1"] = .points(12)
        entries["3.2"] = .points(10)
        let result = try AssessmentScoring.score(sheet, entries: entries)

        #expect(result.proposal == .pass)
        #expect(result.baseTotal == d("82.5"))
        #expect(result.baseMaximum == 100)
        #expect(result.bonusTotal == 0)
        #expect(result.bonusMaximum == 5)
        #expect(result.grandTotal == d("82.5"))
        #expect(result.reasons == ["总分 82.5 分，达到通过线 80 分", "一票否决项均达标", "各部分均达到最低分"])
        #expect(result.sections.map(\.awarded) == [25, d("35.5"), 22, 0])
        #expect(result.sections.map(\.maximum) == [30, 40, 30, 0])
        #expect(result.sections[1].subsections.map(\.awarded) == [10, d("25.5")])
        #expect(result.sections[1].minimum == 30)
        #expect(result.sections[3].bonusMaximum == 5)
        #expect(result.unscoredItemIDs.isEmpty)
        #expect(result.vetoFailures.isEmpty && result.sectionShortfalls.isEmpty)
        let lecture = try #require(result.items.first { $0.itemID == "1.2" })
        #expect(lecture.awarded == d("7.5"))
        #expect(lecture.count == 3)
        #expect(lecture.note == "3月、6月、9月各一次")
        #expect(result.items.first { $0.itemID == "2.1.1" }?.passed == true)
        #expect(result.items.first { $0.itemID == "4.1" }?.awarded == nil)
    }

    @Test func failOnTotal() throws {
        var entries = full()
        entries["1.2"] = .count(3)        // 7.5
        entries["2.2.2"] = .points(9)
        entries["3.2"] = .points(0)
        let result = try AssessmentScoring.score(sheet, entries: entries)
        #expect(result.grandTotal == d("76.5"))
        #expect(result.proposal == .fail)
        #expect(result.reasons == ["总分 76.5 分，低于通过线 80 分"])
        #expect(result.vetoFailures.isEmpty)
    }

    @Test func failOnPassFailVetoDespiteFullMarks() throws {
        var entries = full()
        entries["2.1.1"] = .passed(false, note: "门诊楼楼梯间发现烟头")
        let result = try AssessmentScoring.score(sheet, entries: entries)
        #expect(result.grandTotal == 100)
        #expect(result.proposal == .fail)
        #expect(result.vetoFailures == [VetoFailure(itemID: "2.1.1", reason: "一票否决项「全面无烟环境」未达标")])
        #expect(result.reasons == ["一票否决项「全面无烟环境」未达标"])
    }

    @Test func scoredVetoNeedsFullPointsWithoutAShareRule() throws {
        var entries = full()
        entries["2.1.2"] = .points(9)
        let result = try AssessmentScoring.score(sheet, entries: entries)
        #expect(result.grandTotal == 99)
        #expect(result.proposal == .fail)
        #expect(result.reasons == ["一票否决项「控烟措施」得 9 分，未得满分 10 分"])
        #expect(result.items.first { $0.itemID == "2.1.2" }?.passed == false)
    }

    @Test func vetoShareRule() throws {
        var shared = sheet
        shared.pass.vetoItemMinimumShare = d("0.75")

        var entries = full()
        entries["2.1.2"] = .points(d("7.5"))
        let atLine = try AssessmentScoring.score(shared, entries: entries)
        #expect(atLine.proposal == .pass)
        #expect(atLine.grandTotal == d("97.5"))

        entries["2.1.2"] = .points(7)
        let below = try AssessmentScoring.score(shared, entries: entries)
        #expect(below.proposal == .fail)
        #expect(below.vetoFailures.map(\.itemID) == ["2.1.2"])
        #expect(below.reasons == ["一票否决项「控烟措施」得 7 分，未达到该项 10 分的 75%（7.5 分）"])
    }

    @Test func sectionMinimum() throws {
        var entries = full()
        entries["2.2.1"] = .points(5)
        entries["2.2.2"] = .points(10)
        let result = try AssessmentScoring.score(sheet, entries: entries)
        #expect(result.grandTotal == 85)
        #expect(result.proposal == .fail)
        #expect(result.sectionShortfalls == [SectionShortfall(
            sectionID: "2", awarded: 25, minimum: 30, reason: "「健康环境」得 25 分，低于该部分最低分 30 分")])
        #expect(result.reasons == ["「健康环境」得 25 分，低于该部分最低分 30 分"])
    }

    @Test func bonusAddsOnTopOfTheBase() throws {
        var entries = full()
        entries["3.1"] = .points(8)
        entries["3.2"] = .points(5)
        entries["1.3"] = .points(5)          // base 78
        entries["4.1"] = .points(4)
        let result = try AssessmentScoring.score(sheet, entries: entries)
        #expect(result.baseTotal == 78)
        #expect(result.bonusTotal == 4)
        #expect(result.grandTotal == 82)
        #expect(result.sections[3].bonusAwarded == 4)
        #expect(result.sections[3].awarded == 0)
        #expect(result.proposal == .pass)
        #expect(result.reasons.first == "总分 82 分（含加分 4 分），达到通过线 80 分")

        entries["4.1"] = nil
        let without = try AssessmentScoring.score(sheet, entries: entries)
        #expect(without.proposal == .fail)
        #expect(without.reasons == ["总分 78 分，低于通过线 80 分"])
    }

    @Test func countedRuleIsCappedAtThePoints() throws {
        func lecture(_ entry: ItemEntry) throws -> Decimal? {
            var entries = full()
            entries["1.2"] = entry
            return try AssessmentScoring.score(sheet, entries: entries).items.first { $0.itemID == "1.2" }?.awarded
        }
        #expect(try lecture(.count(0)) == 0)
        #expect(try lecture(.count(1)) == d("2.5"))
        #expect(try lecture(.count(3)) == d("7.5"))
        #expect(try lecture(.count(4)) == 10)
        #expect(try lecture(.count(12)) == 10)
        // The assessor may also give the points of a counted item directly.
        #expect(try lecture(.points(6)) == 6)
    }

    @Test func enteredPointsKeepTwoDecimals() throws {
        var entries = full()
        entries["1.3"] = .points(Decimal(0.1 + 0.2))   // binary noise from a Double
        entries["1.1"] = .points(d("2.345"))
        let result = try AssessmentScoring.score(sheet, entries: entries)
        #expect(result.items.first { $0.itemID == "1.3" }?.awarded == d("0.3"))
        #expect(result.items.first { $0.itemID == "1.1" }?.awarded == d("2.35"))
        #expect(result.grandTotal == d("82.65"))
        #expect(result.reasons == ["总分 82.65 分，达到通过线 80 分", "一票否决项均达标", "各部分均达到最低分"])
    }

    @Test func incompleteUntilEveryRequiredItemIsScored() throws {
        var entries = full()
        entries["3.1"] = nil
        entries["3.2"] = ItemEntry(note: "问卷尚未回收")
        let result = try AssessmentScoring.score(sheet, entries: entries)
        #expect(result.proposal == .incomplete)
        #expect(result.unscoredItemIDs == ["3.1", "3.2"])
        #expect(result.grandTotal == 70)
        #expect(result.sections[2].unscoredCount == 2)
        #expect(result.reasons == ["尚有 2 项未评分：「宣传栏」「知晓率」"])
        #expect(result.items.first { $0.itemID == "3.2" }?.note == "问卷尚未回收")
        #expect(result.items.first { $0.itemID == "3.2" }?.awarded == nil)

        // An unscored veto item keeps the assessment open, it is not a failure.
        entries = full()
        entries["2.1.1"] = nil
        let openVeto = try AssessmentScoring.score(sheet, entries: entries)
        #expect(openVeto.proposal == .incomplete)
        #expect(openVeto.unscoredItemIDs == ["2.1.1"])
        #expect(openVeto.vetoFailures.isEmpty)
    }

    @Test func incompleteButAlreadyCertainToFail() throws {
        var entries = full()
        entries["3.2"] = nil
        entries["2.1.1"] = .passed(false)
        let veto = try AssessmentScoring.score(sheet, entries: entries)
        #expect(veto.proposal == .fail)
        #expect(veto.reasons == ["一票否决项「全面无烟环境」未达标", "尚有 1 项未评分：「知晓率」"])

        let low: [String: ItemEntry] = ["1.1": .points(2), "1.2": .count(1), "1.3": .points(2), "2.1.1": .passed(true),
                                        "2.1.2": .points(10), "2.2.1": .points(5), "2.2.2": .points(5)]
        let result = try AssessmentScoring.score(sheet, entries: low)
        #expect(result.proposal == .fail)
        #expect(result.grandTotal == d("26.5"))
        #expect(result.reasons == [
            "「健康环境」得 20 分，低于该部分最低分 30 分",
            "已得 26.5 分，其余指标全部满分也只有 61.5 分，低于通过线 80 分",
            "尚有 2 项未评分：「宣传栏」「知晓率」",
        ])
    }

    @Test func openSectionIsNotAShortfallWhileItCanStillReachItsMinimum() throws {
        var entries = full()
        entries["2.2.1"] = nil
        entries["2.2.2"] = .points(5)       // 15 so far, 15 open: can still reach 30
        let result = try AssessmentScoring.score(sheet, entries: entries)
        #expect(result.proposal == .incomplete)
        #expect(result.sectionShortfalls.isEmpty)

        entries["2.2.2"] = .points(4)       // 14 + 15 open < 30
        let certain = try AssessmentScoring.score(sheet, entries: entries)
        #expect(certain.proposal == .fail)
        #expect(certain.sectionShortfalls.first?.reason == "「健康环境」已得 14 分，其余指标全部满分也只有 29 分，低于该部分最低分 30 分")
    }

    // MARK: - Rejected entries

    @Test func everyInputErrorNamesTheItem() {
        let cases: [(String, ItemEntry, String)] = [
            ("1.1", .points(11), "「领导小组」（1.1）的得分 11 分超过本项分值 10 分"),
            ("1.3", .points(-1), "「工作制度」（1.3）的得分不能为负数"),
            ("1.2", .count(-2), "「健康讲座」（1.2）的次数不能为负数"),
            ("2.2.1", .count(3), "「健身设施」（2.2.1）不按次计分，请填写得分，不能填写次数"),
            ("3.1", .passed(true), "「宣传栏」（3.1）按分值评分，请填写得分，不能只填是否达标"),
            ("2.1.1", .points(0), "「全面无烟环境」（2.1.1）是达标/不达标项，请填写是否达标，不填分数或次数"),
            ("3.2", ItemEntry(points: 5, count: 2), "「知晓率」（3.2）只能填写得分、次数、是否达标中的一种"),
            ("9.9", .points(1), "评分表「测试评分表」中没有编号为「9.9」的指标"),
        ]
        for (id, entry, message) in cases {
            var entries = full()
            entries[id] = entry
            let found = rejected(entries)
            #expect(found.count == 1, "\(id)")
            #expect(found.first?.location.field?.description == id)
            #expect(found.first?.location.file == "评分录入")
            #expect(found.first?.message == message)
        }
    }

    @Test func allBadEntriesAreReportedTogetherInSheetOrder() {
        var entries = full()
        entries["9.9"] = .points(1)
        entries["3.1"] = .passed(true)
        entries["1.1"] = .points(11)
        entries["0"] = .points(1)
        let found = rejected(entries)
        #expect(found.map(\.location.field?.description) == ["1.1", "3.1", "0", "9.9"])
    }

    // MARK: - Storage

    @Test func resultAndEntriesSurviveJSON() throws {
        var entries = full()
        entries["1.2"] = .count(3, note: "讲座记录齐全")
        entries["4.1"] = .points(d("2.5"))
        let result = try AssessmentScoring.score(sheet, entries: entries)
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        #expect(try decoder.decode(ScoringResult.self, from: encoder.encode(result)) == result)
        #expect(try decoder.decode([String: ItemEntry].self, from: encoder.encode(entries)) == entries)
        let json = try #require(String(data: encoder.encode(ItemEntry.points(d("7.5"))), encoding: .utf8))
        #expect(json == #"{"points":7.5}"#)
    }

    @Test func shippedSheetScoresFullMarks() throws {
        let standards = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("standards").path
        let library = try ScoreSheetLibrary.load(directory: standards)
        for sheet in library.sheets {
            var entries: [String: ItemEntry] = [:]
            for item in sheet.allItems {
                entries[item.id] = item.isPassFail ? .passed(true) : .points(item.points)
            }
            let result = try AssessmentScoring.score(sheet, entries: entries)
            #expect(result.proposal == .pass, "\(sheet.id)")
            #expect(result.baseTotal == sheet.totalPoints, "\(sheet.id)")
            #expect(result.bonusTotal == sheet.bonusPoints, "\(sheet.id)")
        }
    }
}
