import Foundation

/// 通报: the circular an office issues after a supervision visit (督导检查), with the problems found and what each
/// responsible unit must rectify by when, as a Word document.
public struct CircularDocument: Sendable, Equatable {
    public struct Inspection: Sendable, Equatable {
        public var date: LocalDate
        public var inspectors: [String]
        /// The townships, villages and units visited.
        public var inspected: [String]
        /// The overall findings, a paragraph per line.
        public var findings: String

        public init(date: LocalDate, inspectors: [String], inspected: [String], findings: String) {
            self.date = date; self.inspectors = inspectors; self.inspected = inspected; self.findings = findings
        }
    }

    /// Where a problem's rectification (整改) stands.
    public enum ProblemStatus: String, Sendable, CaseIterable {
        case open = "整改中"
        case awaitingRecheck = "已整改待复查"
        case closed = "已销号"
    }

    /// One entry of the problem list (问题清单).
    public struct Problem: Sendable, Equatable {
        /// As numbered on the problem list.
        public var number: Int
        public var responsibleUnit: String
        public var description: String
        public var deadline: LocalDate
        public var status: ProblemStatus

        public init(number: Int, responsibleUnit: String, description: String, deadline: LocalDate,
                    status: ProblemStatus = .open) {
            self.number = number; self.responsibleUnit = responsibleUnit; self.description = description
            self.deadline = deadline; self.status = status
        }
    }

    /// As it reads in titles: "偏关县健康促进县建设".
    public var programmeName: String
    public var inspection: Inspection
    public var problems: [Problem]
    public var issuingOffice: String
    public var issuedOn: LocalDate

    public init(programmeName: String, inspection: Inspection, problems: [Problem], issuingOffice: String,
                issuedOn: LocalDate) {
        self.programmeName = programmeName; self.inspection = inspection; self.problems = problems
        self.issuingOffice = issuingOffice; self.issuedOn = issuedOn
    }

    public var title: String { "关于\(programmeName)督导检查情况的通报" }

    /// Still open on the day of issue and past its deadline: escalated (提级督办).
    func isOverdue(_ problem: Problem) -> Bool { problem.status == .open && problem.deadline < issuedOn }

    /// The status column: an overdue open problem says so rather than 整改中.
    func statusText(_ problem: Problem) -> String { isOverdue(problem) ? "逾期未整改" : problem.status.rawValue }

    public var document: DOCXDocument {
        var blocks: [DOCXBlock] = [.title(title), .heading("一、基本情况", level: 1)]
        let list = OfficialDocumentText.list
        let inspectors = inspection.inspectors.isEmpty ? "" : "，由\(list(inspection.inspectors))组成检查组"
        let inspected = inspection.inspected.isEmpty ? "" : "，对\(list(inspection.inspected))"
        blocks.append(.paragraph([DOCXRun(
            "\(inspection.date.chinese)，\(issuingOffice)组织开展\(programmeName)督导检查\(inspectors)\(inspected)进行了实地检查。"
        )]))
        blocks += OfficialDocumentText.paragraphs(inspection.findings, whenEmpty: nil)

        blocks.append(.heading("二、存在问题", level: 1))
        if problems.isEmpty {
            blocks.append(.paragraph(["本次检查未发现需要整改的问题。"]))
        } else {
            let units = Self.inOrderOfFirstAppearance(problems.map(\.responsibleUnit))
            blocks.append(.paragraph([DOCXRun("本次检查共发现问题\(problems.count)个，涉及\(units.count)个单位，具体如下：")]))
            blocks.append(.table(DOCXTable(
                header: ["序号", "责任单位", "问题描述", "整改时限", "整改状态"],
                rows: problems.map { [String($0.number), $0.responsibleUnit, $0.description, $0.deadline.chinese, statusText($0)] },
                relativeColumnWidths: [1.4, 3, 6, 3.4, 3.2])))
        }

        blocks.append(.heading("三、整改要求", level: 1))
        blocks += requirements
        blocks.append(.paragraph([]))
        blocks.append(.rightAligned([DOCXRun(issuingOffice)]))
        blocks.append(.rightAligned([DOCXRun(issuedOn.chinese)]))
        return DOCXDocument(title: title, blocks: blocks, creator: issuingOffice, created: issuedOn.noonInChina)
    }

    /// A line per unit with open problems and their deadlines, the overdue ones named, then the escalation rule.
    private var requirements: [DOCXBlock] {
        let open = problems.filter { $0.status == .open }
        guard !open.isEmpty else {
            return [.paragraph(["本次检查发现的问题均已整改，请各单位巩固整改成效，防止问题反弹。"])]
        }
        var blocks: [DOCXBlock] = [.paragraph([DOCXRun(
            "各责任单位要对照问题清单逐项整改，在整改时限前完成整改，并将整改情况及佐证材料报送\(issuingOffice)，经复查合格后销号。具体时限如下：")])]
        for unit in Self.inOrderOfFirstAppearance(open.map(\.responsibleUnit)) {
            let byDeadline = Dictionary(grouping: open.filter { $0.responsibleUnit == unit }, by: \.deadline)
            let deadlines = byDeadline.keys.sorted().map { deadline in
                let numbers = byDeadline[deadline, default: []].map { "第\($0.number)项" }
                return "\(OfficialDocumentText.list(numbers))问题于\(deadline.chinese)前完成整改"
            }
            blocks.append(.paragraph([DOCXRun("\(unit)：", bold: true), DOCXRun(deadlines.joined(separator: "；") + "。")]))
        }
        let overdue = open.filter(isOverdue)
        if !overdue.isEmpty {
            let named = overdue.map { "\($0.responsibleUnit)第\($0.number)项" }
            blocks.append(.paragraph([DOCXRun("截至\(issuedOn.chinese)，\(OfficialDocumentText.list(named))问题已超过整改时限，现提级督办。")]))
        }
        blocks.append(.paragraph([DOCXRun(
            "逾期未完成整改的问题，一律提级督办并予以通报，结果纳入成员单位年度目标责任考核。")]))
        return blocks
    }

    private static func inOrderOfFirstAppearance(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }

    public func docx() throws -> Data { try DOCXWriter.data(document) }
}
