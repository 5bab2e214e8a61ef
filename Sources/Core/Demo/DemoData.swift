import Domain
import Foundation
import Persistence

/// The demo's figures, register and survey, each through the same use case a person's upload takes: the indicator
/// import (whole table or nothing), the register import, assessments scored by the score-sheet engine, answers checked
/// by the survey intake.
struct DemoData {
    let demo: DemoProgramme
    let core: AppCore
    /// Township and village ids by name.
    let regions: [String: UUID]

    static let actor = "演示数据"
    var planID: String { DemoProgramme.planID }

    func instant(_ date: LocalDate) -> Date { min(date.noonInChina, core.now) }

    // MARK: Indicator figures

    /// Figures by indicator: the year before last, last year. Last year's figures of four indicators wait for the
    /// office's review and one (学生体质) was returned to the unit; the rest are approved.
    static let figures: [(code: String, earlier: Double, last: Double)] = [
        ("HC3", 96.5, 97.2), ("HC12", 1.9, 2.1), ("HC15", 2.6, 3.1), ("HC16", 46, 52),
        ("HC17", 31, 33.5), ("HC28", 7.6, 8.2), ("HC38", 19.5, 22.8), ("HC40", 35, 38),
    ]
    static let awaitingReview: Set<String> = ["HC3", "HC15", "HC17", "HC28"]
    static let returned = "HC16"

    func figures() async throws {
        let unitOf = Dictionary(uniqueKeysWithValues: DemoProgramme.indicators.map { ($0.code, $0.unit) })
        let last = demo.today.year - 1, earlier = demo.today.year - 2
        var settings = try await core.indicators.settings(planID: planID)
        settings.baselineYear = earlier
        settings.sourceUnits = unitOf
        try await core.indicators.saveSettings(settings, planID: planID, by: Self.actor)

        func table(_ rows: [(code: String, year: Int, value: Double)]) -> Data {
            var text = "region,indicator,period,value,numerator,denominator,note,source\n"
            for row in rows {
                text += "\(DemoProgramme.placeName),\(row.code),\(row.year),\(row.value),,,演示数据（虚构）,\(unitOf[row.code] ?? "")\n"
            }
            return Data(text.utf8)
        }
        let approved = Self.figures.map { ($0.code, earlier, $0.earlier) }
            + Self.figures.filter { !Self.awaitingReview.contains($0.code) && $0.code != Self.returned }.map { ($0.code, last, $0.last) }
        let submitted = Self.figures.filter { Self.awaitingReview.contains($0.code) || $0.code == Self.returned }.map { ($0.code, last, $0.last) }
        let flow = core.indicatorWorkflow
        _ = try await flow.importTable(data: table(approved), fileName: "演示数据-已审核.csv", planID: planID, state: .approved, actor: Self.actor)
        _ = try await flow.importTable(data: table(submitted), fileName: "演示数据-待审核.csv", planID: planID, state: .submitted, actor: Self.actor)
        let toReturn = try await core.indicators.observations(planID: planID, indicator: Self.returned, regionIDs: nil, state: .submitted)
        _ = try await core.indicators.transition(toReturn.map(\.id), planID: planID, to: .returned, action: .returned,
                                                 note: "（演示数据）优良率比上年高6个百分点，请附体质监测汇总表核实后重新提交。",
                                                 by: "王敏（创建办）")
    }

    // MARK: The register

    /// type, name, region path below the county, subkind, status.
    var places: [(type: String, name: String, region: String, subkind: String, status: CellStatus)] {
        var rows: [(String, String, String, String, CellStatus)] = []
        let communityStatus: [String: CellStatus] = [
            "城东社区": .certified, "东山村": .certified, "西河村": .certified, "南岭村": .certified,
            "城西社区": .onsite, "石桥村": .onsite, "柳湾村": .applied, "沙坝村": .applied, "茶园村": .applied,
        ]
        for township in DemoProgramme.townships {
            for village in township.villages {
                rows.append(("community", village, "\(township.name)/\(village)", township.name == "城关街道" ? "community" : "village",
                             communityStatus[village] ?? .none))
            }
            // Households: three named in most townships, the rest applied and waiting for the township's scoring.
            let surnames = ["张", "李", "王", "赵", "陈"]
            for (index, surname) in surnames.enumerated() {
                let village = township.villages[index % township.villages.count]
                let named = township.name == "北坪乡" ? index < 1 : index < 3
                rows.append(("family", "\(village)\(surname)家（演示）", "\(township.name)/\(village)", "", named ? .certified : .applied))
            }
        }
        rows += [
            ("school", "青山县第一小学（演示）", "城关街道", "primary", .certified), ("school", "青山县第二小学（演示）", "城关街道", "primary", .onsite),
            ("school", "青山县中学（演示）", "城关街道", "secondary", .certified), ("school", "东山镇中心小学（演示）", "东山镇", "primary", .applied),
            ("school", "西河镇中学（演示）", "西河镇", "secondary", .preliminary), ("school", "南岭乡小学（演示）", "南岭乡", "primary", .none),
            ("school", "城关幼儿园（演示）", "城关街道", "kindergarten", .none),
            ("hospital", "青山县人民医院（演示）", "城关街道", "general", .certified), ("hospital", "青山县中医院（演示）", "城关街道", "specialist", .onsite),
            ("hospital", "东山镇卫生院（演示）", "东山镇", "primary-care", .certified), ("hospital", "西河镇卫生院（演示）", "西河镇", "primary-care", .applied),
            ("agency", "县卫生健康局机关（演示）", "城关街道", "organ", .certified), ("agency", "县教育局机关（演示）", "城关街道", "organ", .certified),
            ("agency", "县财政局机关（演示）", "城关街道", "organ", .applied), ("agency", "县民政局机关（演示）", "城关街道", "organ", .none),
            ("enterprise", "青山建材有限公司（演示）", "西河镇", "medium", .certified),
            ("enterprise", "青山食品有限公司（演示）", "东山镇", "large", .applied),
            ("enterprise", "东山茶业合作社（演示）", "东山镇", "small", .none),
        ]
        return rows
    }

    /// The places scored and waiting for the office to name them (命名).
    static let scored = ["城西社区", "石桥村", "青山县第二小学（演示）", "青山县中医院（演示）"]

    func register() async throws {
        // Paths start at the township: every name is unique in the programme, and the county's name carries
        // full-width brackets the register's lookup folds.
        var text = "type,name,region,subkind,eligible,status,certified_on,code,contact\n"
        for (index, place) in places.enumerated() {
            let certified = place.status == .certified ? demo.day(-200 + index * 3).iso : ""
            text += "\(place.type),\(place.name),\(place.region),\(place.subkind),,\(place.status.rawValue),\(certified),,演示数据（虚构）\n"
        }
        let rows = try TableFile.rows(data: Data(text.utf8), fileName: "演示数据-健康细胞.csv")
        let flow = core.cellWorkflow
        let programme = try await flow.programme(planID)
        _ = try await flow.importRegister(TableRowSource(rows: rows, fileName: "演示数据-健康细胞.csv"), into: programme, actor: Self.actor)
        guard let library = core.environment.scoreSheets else { return }
        var assessments: [CellAssessment] = []
        for (index, name) in Self.scored.enumerated() {
            let found = try await core.cells.places(CellQuery(regionIDs: programme.regions.map(\.id), text: name, limit: 5)).places
            guard let place = found.first(where: { $0.name == name }), let sheet = library.sheets(cellType: place.cell).first else { continue }
            let entries = Self.fullMarks(sheet, short: index)
            let result = try AssessmentScoring.score(sheet, entries: entries, source: "演示数据")
            assessments.append(CellAssessment(
                placeID: place.id, sheetID: sheet.id, assessor: "赵丽（评审专家）", assessedOn: demo.day(-3 - index * 2),
                entriesJSON: Self.json(entries), resultJSON: Self.json(result),
                total: NSDecimalNumber(decimal: result.grandTotal).doubleValue,
                proposal: CellAssessment.Proposal(rawValue: result.proposal.rawValue) ?? .incomplete, reasons: result.reasons,
                note: "（演示数据）现场评审", createdAt: instant(demo.day(-3 - index * 2))))
        }
        if !assessments.isEmpty { try await core.cells.saveAssessments(assessments) }
    }

    /// Every item at full marks but `short` points off the first plain items that allow it, so the totals differ.
    static func fullMarks(_ sheet: ScoreSheet, short: Int) -> [String: ItemEntry] {
        var entries: [String: ItemEntry] = [:]
        var left = short
        for item in sheet.allItems where item.kind != .bonus {
            if item.isPassFail { entries[item.id] = .passed(true); continue }
            if let per = item.perCount, per > 0 {
                let needed = NSDecimalNumber(decimal: item.points / per).doubleValue.rounded(.up)
                entries[item.id] = .count(Int(needed)); continue
            }
            var points = item.points
            if left > 0, item.kind == .normal, points >= 2 { points -= 1; left -= 1 }
            entries[item.id] = .points(points)
        }
        return entries
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    // MARK: Survey

    /// The year's awareness survey, under way: three townships have answers, two have none yet.
    func survey() async throws {
        guard let questionnaire = core.environment.questionnaires?.questionnaire(id: "awareness") else { return }
        let programme = try await core.cellWorkflow.programme(planID)
        let quotas = programme.townships.enumerated().map { SurveyQuota(regionID: $1.id, planned: 40, population: Double(8000 + $0 * 1500)) }
        let survey = Survey(planID: planID, name: "（演示数据）\(demo.today.year)年健康县区建设知晓情况调查", questionnaireID: questionnaire.id,
                            year: demo.today.year, quotas: quotas, note: "演示数据：答卷为虚构", createdBy: "王敏（创建办）",
                            createdAt: instant(demo.day(-30)))
        let actor = SurveyActor(name: "王敏（创建办）", id: nil)
        try await core.surveys.save(survey, by: actor)
        let intake = SurveyIntake(survey: survey, questionnaire: questionnaire, townships: programme.townships)
        var random = DemoRandom(seed: 20_240_601)
        var responses: [SurveyResponse] = []
        var codes: Set<String> = []
        for township in programme.townships.filter({ ["城关街道", "东山镇", "西河镇"].contains($0.name) }) {
            let count = township.name == "城关街道" ? 32 : 18
            let villages = DemoProgramme.townships.first { $0.name == township.name }?.villages ?? []
            for n in 1...count {
                let code = "\(township.name.prefix(2))\(String(format: "%03d", n))"
                // Answers as the questionnaire's options; most residents know the programme.
                func pick(_ question: String, _ index: Int) -> String {
                    let options = questionnaire.question(id: question)?.options ?? []
                    return options.isEmpty ? "" : options[index % options.count]
                }
                let answers = [
                    "identity": pick("identity", [0, 0, 0, 1, 2][random.next(5)]), "sex": pick("sex", random.next(2)),
                    "age": String(18 + random.next(60)), "residence": pick("residence", township.name == "城关街道" ? 0 : 1),
                    "knows_programme": pick("knows_programme", random.next(10) < 7 ? 0 : 1),
                    "knows_targets": pick("knows_targets", random.next(3)), "seen_activities": pick("seen_activities", random.next(3)),
                    "satisfaction": pick("satisfaction", random.next(5)),
                ].filter { !$0.value.isEmpty }
                let response = try intake.check(respondent: code, regionID: township.id, village: villages[n % max(villages.count, 1)],
                                                answers: answers, submissionKey: nil, existing: codes, actor: "调查员（演示）",
                                                at: instant(demo.day(-20 + n % 15)))
                codes.insert(code)
                responses.append(response)
            }
        }
        _ = try await core.surveys.add(responses, to: survey.id, by: actor)
    }
}

/// A small fixed-seed generator (a linear congruential one): the demo is the same every time it is loaded on a day.
struct DemoRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A number in 0..<bound.
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}
