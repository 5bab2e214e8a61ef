import Foundation

/// 工作进展月报汇总: the office's roll-up of one month's progress reports from the member units, as a Word document.
public struct MonthlySummaryDocument: Sendable, Equatable {
    /// Where a unit's report for the month stands.
    public enum Status: String, Sendable, CaseIterable {
        case onTime = "按时提交"
        case late = "逾期提交"
        case missing = "未提交"
        case returned = "退回修改"
    }

    /// One member unit's report for the month; the texts are as the liaison wrote them, a paragraph per line.
    public struct UnitReport: Sendable, Equatable {
        public var unitName: String
        public var status: Status
        /// When the report was (last) submitted; nil when it never was.
        public var submittedOn: LocalDate?
        public var workDone: String
        public var activities: String
        public var problems: String
        public var nextSteps: String

        public init(unitName: String, status: Status, submittedOn: LocalDate? = nil, workDone: String = "",
                    activities: String = "", problems: String = "", nextSteps: String = "") {
            self.unitName = unitName; self.status = status; self.submittedOn = submittedOn; self.workDone = workDone
            self.activities = activities; self.problems = problems; self.nextSteps = nextSteps
        }
    }

    /// How many units are in each state, for the summary paragraph.
    public struct Counts: Sendable, Equatable {
        public var expected: Int
        public var onTime: Int
        public var late: Int
        public var missing: Int
        public var returned: Int
    }

    /// As it reads in titles: "偏关县健康促进县建设".
    public var programmeName: String
    /// The issuer: "偏关县健康促进县建设工作领导小组办公室".
    public var officeName: String
    public var year: Int
    public var month: Int
    /// The day reports for the month were due.
    public var dueDate: LocalDate
    public var issuedOn: LocalDate
    /// Every member unit expected to report, in the programme's order.
    public var units: [UnitReport]

    public init(programmeName: String, officeName: String, year: Int, month: Int, dueDate: LocalDate,
                issuedOn: LocalDate, units: [UnitReport]) {
        self.programmeName = programmeName; self.officeName = officeName; self.year = year; self.month = month
        self.dueDate = dueDate; self.issuedOn = issuedOn; self.units = units
    }

    /// Counted from the units' states, so the summary can never disagree with the table.
    public var counts: Counts {
        func count(_ status: Status) -> Int { units.filter { $0.status == status }.count }
        return Counts(expected: units.count, onTime: count(.onTime), late: count(.late), missing: count(.missing),
                      returned: count(.returned))
    }

    public var title: String { "\(programmeName)工作进展月报汇总（\(year)年\(month)月）" }

    public var document: DOCXDocument {
        var blocks: [DOCXBlock] = [.title(title), .heading("一、报送情况", level: 1), .paragraph([DOCXRun(summary)])]
        blocks.append(.table(DOCXTable(
            header: ["序号", "单位", "报送情况", "报送日期"],
            rows: units.enumerated().map { index, unit in
                [String(index + 1), unit.unitName, unit.status.rawValue, unit.submittedOn?.chinese ?? "—"]
            },
            relativeColumnWidths: [1, 5, 2.4, 3])))
        blocks.append(.heading("二、各单位工作进展", level: 1))
        // A returned report is not accepted yet and a missing one has nothing: neither is summarised.
        let reported = units.filter { $0.status == .onTime || $0.status == .late }
        if reported.isEmpty {
            blocks.append(.paragraph(["本月暂无单位报送月报。"]))
        }
        for (index, unit) in reported.enumerated() {
            blocks.append(.heading("（\(OfficialDocumentText.chineseNumeral(index + 1))）\(unit.unitName)", level: 2))
            blocks += OfficialDocumentText.paragraphs(unit.workDone, lead: "本月完成工作：")
            blocks += OfficialDocumentText.paragraphs(unit.activities, lead: "开展活动：")
            blocks += OfficialDocumentText.paragraphs(unit.problems, lead: "存在问题：")
            blocks += OfficialDocumentText.paragraphs(unit.nextSteps, lead: "下月计划：")
        }
        let left = units.filter { $0.status == .returned || $0.status == .missing }
        if !left.isEmpty && !reported.isEmpty {
            blocks.append(.paragraph([DOCXRun("\(OfficialDocumentText.list(left.map(\.unitName)))的月报未报送或已退回修改，本汇总未列入其内容。")]))
        }
        blocks.append(.paragraph([]))
        blocks.append(.rightAligned([DOCXRun(officeName)]))
        blocks.append(.rightAligned([DOCXRun(issuedOn.chinese)]))
        return DOCXDocument(title: title, blocks: blocks, creator: officeName, created: issuedOn.noonInChina)
    }

    /// 应报、按时、逾期、未报 and 退回 in one sentence, naming the units that did not report or must revise.
    var summary: String {
        let counts = counts
        func names(_ status: Status) -> String {
            "（\(OfficialDocumentText.list(units.filter { $0.status == status }.map(\.unitName)))）"
        }
        var parts = ["按时报送\(counts.onTime)个", "逾期报送\(counts.late)个",
                     "未报送\(counts.missing)个" + (counts.missing > 0 ? names(.missing) : "")]
        if counts.returned > 0 { parts.append("退回修改\(counts.returned)个\(names(.returned))") }
        return "\(year)年\(month)月工作进展月报应于\(dueDate.chinese)前报送。应报送单位\(counts.expected)个，其中"
            + parts.joined(separator: "，") + "。"
    }

    public func docx() throws -> Data { try DOCXWriter.data(document) }
}
