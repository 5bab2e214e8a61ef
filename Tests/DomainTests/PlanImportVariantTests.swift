@testable import Domain
@testable import Formats
import Foundation
import Testing
import TestSupport

/// The importer on inputs it was not fitted to: the seeds disguised as PDF/OCR output, other encodings
/// and .docx, and plans written in other phrasings, including ones where it must leave things out.
@Suite struct PlanImportVariantTests {
    /// What must not change when only the typography of a document changes.
    struct Essentials: Equatable, CustomStringConvertible {
        var phases: [String]
        var cells: [String]
        var leaders: [String]
        var deputies: [String]
        var memberUnits: [String]
        var office: String
        var tasks: [String]

        init(_ plan: Plan) {
            let fold = { (s: String) in PlanText.fold(s) }
            phases = plan.phases.map { "\(fold($0.name)) \($0.start) \($0.end)" }
            cells = plan.cellTargets.map { "\($0.cell) \($0.atLeastPercent ?? -1) \($0.atLeastCount ?? -1) \($0.per?.rawValue ?? "")" }
            leaders = plan.organisation.leadingGroup?.leader.map { fold(($0.name ?? "") + "|" + ($0.title ?? "")) } ?? []
            deputies = plan.organisation.leadingGroup?.deputies.map { fold(($0.name ?? "") + "|" + ($0.title ?? "")) } ?? []
            memberUnits = plan.organisation.memberUnits.map(fold)
            office = [plan.organisation.office?.name, plan.organisation.office?.unit, plan.organisation.office?.director]
                .map { fold($0 ?? "-") }.joined(separator: "|")
            tasks = plan.tasks.map { "\($0.number.map(fold) ?? "") → " + $0.responsible.map(fold).joined(separator: "、") }
        }

        var description: String { "phases \(phases)\ncells \(cells)\nleaders \(leaders) \(deputies)\nmembers \(memberUnits)\noffice \(office)\ntasks \(tasks)" }
    }

    static let seeds = ["000_e8ffa4d5413279a0.txt", "001_08065c791b191b91.txt", "002_e2ccffb754c283d5.txt",
                        "003_5a58676f7c40b71f.txt", "004_e3cc1c46042f0e3f.txt"]

    static func seedText(_ name: String) throws -> String {
        try String(contentsOf: Fixtures.seedsDirectory.appendingPathComponent(name), encoding: .utf8)
    }

    static func essentials(_ text: String) throws -> Essentials {
        Essentials(try PlanImporter.draft(from: .text(text)).plan)
    }

    /// A seeded generator, so a failure can be replayed.
    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33 ^ state
        }
    }

    /// Full-width punctuation to half-width and back, as different offices type it.
    static func swapPunctuationWidth(_ text: String) -> String {
        let pairs: [Character: Character] = ["（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "(": "（", ")": "）", ":": "：", ",": "，", ";": "；"]
        return String(text.map { pairs[$0] ?? $0 })
    }

    /// PDF/OCR damage: single spaces dropped between characters of words.
    static func insertStraySpaces(_ text: String, seed: UInt64) -> String {
        var random = SeededRandom(state: seed)
        var out = ""
        var previous: Character?
        for c in text {
            if let p = previous, PlanText.isHan(p), PlanText.isHan(c), Int.random(in: 0..<9, using: &random) == 0 { out.append(" ") }
            out.append(c)
            previous = c
        }
        return out
    }

    /// Hard line breaks every `width` characters, blank lines kept, as text copied out of a PDF.
    static func rewrap(_ text: String, width: Int) -> String {
        text.components(separatedBy: "\n").map { line -> String in
            var pieces: [String] = []
            var rest = Substring(line)
            while rest.count > width { pieces.append(String(rest.prefix(width))); rest = rest.dropFirst(width) }
            pieces.append(String(rest))
            return pieces.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    @Test(arguments: seeds)
    func typographyDoesNotChangeTheResult(seed: String) throws {
        let text = try Self.seedText(seed)
        let original = try Self.essentials(text)
        #expect(!original.tasks.isEmpty)
        Self.expectSame(try Self.essentials(Self.swapPunctuationWidth(text)), original, "full/half-width punctuation")
        Self.expectSame(try Self.essentials(Self.insertStraySpaces(text, seed: 42)), original, "stray spaces")
        Self.expectSame(try Self.essentials(Self.rewrap(text, width: 38)), original, "line breaks inside sentences")
        Self.expectSame(try Self.essentials(text.replacingOccurrences(of: "\n", with: "\r\n")), original, "CRLF")
    }

    /// Field by field, so a failure names what changed.
    static func expectSame(_ got: Essentials, _ expected: Essentials, _ variant: String) {
        #expect(got.phases == expected.phases, "\(variant)")
        #expect(got.cells == expected.cells, "\(variant)")
        #expect(got.leaders == expected.leaders, "\(variant)")
        #expect(got.deputies == expected.deputies, "\(variant)")
        #expect(got.memberUnits == expected.memberUnits, "\(variant)")
        #expect(got.office == expected.office, "\(variant)")
        #expect(got.tasks == expected.tasks, "\(variant)")
    }

    @Test(arguments: seeds)
    func gb18030AndDocxGiveTheSameDraft(seed: String) throws {
        let text = try Self.seedText(seed)
        let original = try Self.essentials(text)
        let gbBytes = try #require(text.data(using: TextDecoding.gb18030))
        let gb = try DocumentReader.read(data: gbBytes, fileName: "plan.txt")
        #expect(gb.encoding == "GB18030")
        #expect(Essentials(try PlanImporter.draft(from: gb).plan) == original)
        let docx = try DocumentReader.read(data: try DocxFixture.make(paragraphs: text.components(separatedBy: "\n")), fileName: "plan.docx")
        let draft = try PlanImporter.draft(from: docx)
        #expect(Essentials(draft.plan) == original)
        #expect(draft.describe(SourceSpan(first: 3, last: 3)) == "第3段")
    }

    // MARK: Plans in other phrasings

    static let otherCounty = """
    青河县人民政府
    青政发〔2024〕7号
    关于印发《青河县创建健康县工作实施方案》的通知

    各乡（镇）人民政府，县直各部门：
    现将《青河县创建健康县工作实施方案》印发给你们，请认真组织实施。

    青河县人民政府
    2024年2月18日

    青河县创建健康县工作实施方案

    一、工作目标
    到2025年，全县健康村、健康家庭、健康促进学校的比例分别达到30%、25%、60%，每个乡镇评选不少于20户健康家庭，创建5个健康食堂。居民健康素养水平每年提高不低于1.5个百分点；孕产妇死亡率≤9.8/10万。全县重大慢性病过早死亡率显著降低。

    二、工作步骤
    （一）准备阶段（2024年1月—3月）
    成立组织，制定方案。
    （二）实施阶段（2024年4月至12月中旬）
    全面推进各项任务。
    （三）验收阶段（12月下旬—次年2月）
    迎接省级评估。
    （四）巩固提升阶段
    持续巩固创建成果。

    三、重点任务
    1、完善健康政策。建立健康影响评价制度，梳理与健康相关的公共政策。（牵头单位：县卫健局；配合单位：县司法局、县发改局）
    2、建设健康环境。推进垃圾分类和污水处理，
    改善城乡人居环境。（县住建局牵头，县城管局、县生态环境分局配合）
    3、开展健康教育。每月开展健康讲座。
    责任单位：县卫生健康局、县教育局
    4、加强组织保障。定期召开联席会议，研究解决重大问题。

    四、组织领导
    成立青河县创建健康县工作领导小组，组长由县长担任。成员单位为：县委办、县政府办、县卫健局、县教育局、县财政局、县住建局。领导小组下设办公室，办公室设在县卫健局，办公室主任由县卫健局局长兼任。

    附件：1.青河县健康县评分表
    2.青河县健康家庭评选办法
    """

    @Test func anotherCountyInOtherPhrasings() throws {
        let draft = try PlanImporter.draft(from: .text(Self.otherCounty, fileName: "qinghe.txt"))
        let plan = draft.plan
        #expect(plan.title == "青河县创建健康县工作实施方案")
        #expect(plan.place.name == "青河县" && plan.place.level == .county)
        #expect(plan.programme == .healthyCounty)
        #expect(plan.document.number == "青政发〔2024〕7号")
        #expect(plan.document.issuer == "青河县人民政府")
        #expect(plan.document.date == LocalDate(year: 2024, month: 2, day: 18))

        #expect(plan.phases.map(\.name) == ["准备阶段", "实施阶段", "验收阶段"])
        #expect(plan.phases.map { "\($0.start)…\($0.end)" } == [
            "2024-01-01…2024-03-31", "2024-04-01…2024-12-20", "2024-12-21…2025-02-28"])
        // The fourth phase states no date: reported, not invented.
        #expect(draft.notes.contains { $0.kind == .phaseWithoutDate && $0.message.contains("巩固提升阶段") })

        #expect(plan.cellTargets == [
            CellTarget(cell: "village", atLeastPercent: 30), CellTarget(cell: "family", atLeastPercent: 25),
            CellTarget(cell: "school", atLeastPercent: 60), CellTarget(cell: "family", atLeastCount: 20, per: .township),
            CellTarget(cell: "canteen", atLeastCount: 5, label: "健康食堂"),
        ])
        // In a goals list the wording is what follows the indicator's name; the expression is read from it.
        let hc38 = plan.indicators.first { $0.code == "HC38" }
        #expect(hc38?.text == "每年提高不低于1.5个百分点" && hc38?.target == "delta(year) >= 1.5pp")
        let hc32 = plan.indicators.first { $0.code == "HC32" }
        #expect(hc32?.text == "≤9.8/10万" && hc32?.target == "<= 9.8 per 100000")
        // 显著降低 states no measurable target: left out.
        #expect(!plan.indicators.contains { $0.code == "HC35" })

        #expect(plan.tasks.map(\.number) == ["1", "2", "3", "4"])
        #expect(plan.tasks[0].responsible == ["县卫健局", "县司法局", "县发改局"])
        #expect(plan.tasks[0].lead == "县卫健局")
        #expect(plan.tasks[0].participants == ["县司法局", "县发改局"])
        #expect(plan.tasks[1].responsible == ["县住建局", "县城管局", "县生态环境分局"])
        #expect(plan.tasks[1].lead == "县住建局")
        #expect(plan.tasks[1].text.contains("推进垃圾分类和污水处理，改善城乡人居环境"))
        #expect(plan.tasks[2].responsible == ["县卫生健康局", "县教育局"])
        #expect(plan.tasks[3].responsible.isEmpty)
        #expect(draft.notes.contains { $0.kind == .taskWithoutUnit && $0.message.contains("加强组织保障") })

        let group = try #require(plan.organisation.leadingGroup)
        #expect(group.name == "青河县创建健康县工作领导小组")
        #expect(group.leader == [Person(name: nil, title: "县长")])
        #expect(plan.organisation.memberUnits == ["县委办", "县政府办", "县卫健局", "县教育局", "县财政局", "县住建局"])
        #expect(plan.organisation.office == Office(name: "领导小组办公室", unit: "县卫健局", director: "县卫健局局长"))
        #expect(plan.annexes.map(\.title) == ["青河县健康县评分表", "青河县健康家庭评选办法"])
        // 县卫健局 and 县卫生健康局 are one unit.
        #expect(plan.units.first { $0.name == "县卫健局" }?.aliases == ["县卫生健康局"])
        #expect(PlanValidator.problems(in: plan).isEmpty)
        // Every item says where it came from.
        #expect(draft.source(of: FieldPath(["tasks"]).index(1)) == SourceSpan(first: 28, last: 29))
        #expect(draft.source(of: FieldPath(["phases"]).index(0)) != nil)
    }

    /// A fragment with the usual section names but nothing to extract: nothing is invented.
    @Test func leavesOutWhatTheTextDoesNotSay() throws {
        let text = """
        健康城镇建设工作方案
        一、指导思想
        以人民健康为中心，培育一批健康单位，社区拥有健身广场的比例不断提高。
        二、主要任务
        （一）普及健康知识。广泛开展健康教育，100%的社区拥有健身广场。
        （二）优化健康服务。提升基层服务能力，居民健康素养水平明显提高。
        三、实施步骤
        第一阶段：启动部署
        第二阶段：全面实施
        """
        let draft = try PlanImporter.draft(from: .text(text))
        let plan = draft.plan
        #expect(plan.document.number == nil && plan.document.date == nil && plan.document.issuer == nil)
        #expect(plan.place.name.isEmpty)
        #expect(plan.cellTargets.isEmpty)
        #expect(plan.indicators.isEmpty)
        #expect(plan.phases.isEmpty)
        #expect(plan.organisation.leadingGroup == nil)
        #expect(plan.tasks.count == 2)
        #expect(plan.tasks.allSatisfy { $0.responsible.isEmpty })
        let kinds = draft.notes.map(\.kind)
        #expect(kinds.filter { $0 == .phaseWithoutDate }.count == 2)
        #expect(kinds.filter { $0 == .taskWithoutUnit }.count == 2)
        #expect(draft.notes.contains { $0.message.contains("地区") })
        #expect(draft.notes.contains { $0.message.contains("领导小组") })
    }

    @Test func textThatIsNotAPlanIsRefused() {
        let news = String(repeating: "今天天气晴朗，气温适宜，市民纷纷外出散步。", count: 20)
        #expect(throws: PlanImportError.self) { try PlanImporter.draft(from: .text(news)) }
        #expect(throws: PlanImportError.self) { try PlanImporter.draft(from: .text("hello world\n1. foo\n2. bar")) }
    }

    @Test func dateRangesInEveryForm() {
        func range(_ text: String, hint: Int? = nil) -> String? {
            DateRanges.range(in: text, yearHint: hint).map { "\($0.start)…\($0.end)" }
        }
        #expect(range("(2024年3月)") == "2024-03-01…2024-03-31")
        #expect(range("（2022年10月—2022年12月）") == "2022-10-01…2022-12-31")
        #expect(range("2023年4月1日—2023年4月底") == "2023-04-01…2023-04-30")
        #expect(range("2023年11月1日-2023年12月15日") == "2023-11-01…2023-12-15")
        #expect(range("2023年1月-5月") == "2023-01-01…2023-05-31")
        #expect(range("2023年12月至2024年3月") == "2023-12-01…2024-03-31")
        #expect(range("11月—次年2月", hint: 2023) == "2023-11-01…2024-02-29")
        #expect(range("2024年5月上旬～6月中旬") == "2024-05-01…2024-06-20")
        #expect(range("2024年2月") == "2024-02-01…2024-02-29")
        #expect(range("2025年") == "2025-01-01…2025-12-31")
        #expect(range("3月—6月") == nil)   // no year anywhere: not guessed
        #expect(range("3月—6月", hint: 2024) == "2024-03-01…2024-06-30")
        #expect(range("２０２４年３月") == "2024-03-01…2024-03-31")
        #expect(range("启动部署") == nil)
    }

    @Test func responsibilityClausesInEveryPhrasing() {
        func units(_ text: String) -> [String] { ResponsibilityParser.find(in: text)?.responsible ?? [] }
        #expect(units("做好工作。（责任单位：市卫健委、市教育局）") == ["市卫健委", "市教育局"])
        #expect(units("做好工作。(责任部门:县卫体局,领导小组各成员单位)") == ["县卫体局", "领导小组各成员单位"])
        #expect(units("做好工作。（牵头单位：区卫健委；配合单位：区财政局，区人社局）") == ["区卫健委", "区财政局", "区人社局"])
        #expect(units("做好工作。（区住建局牵头，区城管局、区水务局配合）") == ["区住建局", "区城管局", "区水务局"])
        #expect(units("做好工作。（健康服务专业工作组为主，其他各专业工作组协同）") == ["健康服务专业工作组", "其他各专业工作组"])
        #expect(units("优化健康服务。健康服务专业工作组负责。") == ["健康服务专业工作组"])
        #expect(units("做好工作。（责任部门:各乡<镇>人民政府、各有关单位）") == ["各乡<镇>人民政府", "各有关单位"])
        #expect(units("做好工作。（责任单位：各镇街人民政府（办事处）、区民政局等）") == ["各镇街人民政府（办事处）", "区民政局"])
        #expect(units("做好工作。\n牵头单位：市卫健委\n配合单位：市教育局、市体育局") == ["市卫健委", "市教育局", "市体育局"])
        let split = ResponsibilityParser.find(in: "做好工作。（牵头单位：区卫健委；配合单位：区财政局）")
        #expect(split?.lead == "区卫健委" && split?.participants == ["区财政局"])
        // Words that only look like a clause name nobody.
        #expect(units("各乡镇负责本辖区的创建工作，要积极调动村（社区）的积极性。") == [])
        #expect(units("建立健全长效机制（长期坚持）") == [])
    }

    @Test func unitSpellingsShareAKey() {
        #expect(UnitNames.matchKey("市卫健委") == UnitNames.matchKey("市卫生健康委员会"))
        #expect(UnitNames.matchKey("卫健委") == UnitNames.matchKey("市卫生健康委员会"))
        #expect(UnitNames.matchKey("区卫健局") == UnitNames.matchKey("区卫生健康局"))
        #expect(UnitNames.matchKey("市市监局") == UnitNames.matchKey("市市场监管局"))
        #expect(UnitNames.matchKey("赣州市医保局龙南分局") == UnitNames.matchKey("赣州市医疗保障局龙南分局"))
        #expect(UnitNames.matchKey("市卫健委") != UnitNames.matchKey("市教育局"))
        #expect(UnitNames.matchKey("市城管局") != UnitNames.matchKey("市住建局"))
    }
}
