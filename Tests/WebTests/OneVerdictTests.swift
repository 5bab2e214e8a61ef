import CLI
import Domain
import Formats
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// One evaluation under every surface: for each seed programme, with figures for every judged indicator and a
/// register that names places in different years, the board, the dashboard, the API, the command line and the
/// workbook give the same verdict, value and reason for every target, region and year.
@Suite struct OneVerdictTests {
    /// A verdict as every surface can state it: by target and region where the surface says them, by the
    /// indicator and region name where it does not (the workbook).
    struct Said: Hashable, CustomStringConvertible {
        var year: Int
        var target: String
        var region: String
        var verdict: String
        var value: String
        var reason: String
        var description: String { "\(year) \(target) \(region): \(verdict) \(value) «\(reason)»" }
    }

    @Test(arguments: Fixtures.seedPlanIDs)
    func everySurfaceGivesTheSameVerdicts(id: String) async throws {
        try await withTestSite(.sqlite, plans: [id], onDisk: true) { site in
            let setup = try await Self.programmeWithFigures(id, site: site)
            let programme = setup.programme
            let admin = try await site.browser("admin")

            // The command line, on the same database.
            let cli = await Self.runCLI(["evaluate", id, "--json", "--database", setup.databaseArgument])
            #expect(!cli.failed, "\(cli.err)")
            let entries = try JSONDecoder().decode([EvaluationEntry].self, from: Data(cli.out.utf8))
            #expect(entries.isEmpty == programme.indicators.targets.isEmpty)
            let expected = Set(entries.map(Self.said))
            if setup.registerKinds > 0 {
                #expect(entries.contains { $0.source == .register }, "the register supplies a coverage or count indicator")
            }

            // The API.
            let api = try await site.get(SiteURL.apiEvaluation(id, year: nil).path, as: admin)
            #expect(api.status == .ok)
            let fromAPI = try JSONDecoder().decode([EvaluationEntry].self, from: Data(api.body.readableBytesView))
            #expect(Set(fromAPI.map(Self.said)) == expected)
            #expect(fromAPI.map(\.sourceNote) == entries.map(\.sourceNote))

            // The board, year by year.
            for year in programme.indicators.evaluationYears {
                let html = try await site.page(SiteURL.indicators(id, year: year).path, as: admin)
                let shown = Set(Self.rows(html, year: year))
                #expect(shown == expected.filter { $0.year == year }, "board \(year)")
            }

            // The dashboard: the year judged.
            let dashboard = try await site.page(SiteURL.dashboard(id).path, as: admin)
            let judged = programme.indicators.evaluationYears.lastFullYear(asOf: Clock.system.today.year)
            #expect(Set(Self.rows(dashboard, year: judged)) == expected.filter { $0.year == judged }, "dashboard")

            // The workbook, keyed by indicator and region name.
            let workbook = try await site.get(SiteURL.indicatorBoardXLSX(id).path, as: admin)
            let rows = try XLSXReader.rows(data: Data(workbook.body.readableBytesView), fileName: "board.xlsx")
            let header = try #require(rows.first?.cells)
            func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "\(name)") }
            let (year, code, region, target, value, verdict, reason) = (try column("年份"), try column("指标代码"),
                try column("地区"), try column("目标表达式"), try column("数值"), try column("判定"), try column("理由"))
            let inBook = rows.dropFirst().map { row in
                let cells = row.cells + Array(repeating: "", count: max(0, header.count - row.cells.count))
                return [cells[year], cells[code], cells[region], cells[target], cells[value], cells[verdict], cells[reason]]
            }
            let fromCLI = entries.map { e in
                [String(e.year), e.indicator, e.region, e.target, e.value.map { NumberText.format($0, decimals: 6) } ?? "",
                 e.verdict.chineseName, e.reason]
            }
            let normalised = inBook.map { row in
                var row = row
                row[4] = Double(row[4]).map { NumberText.format($0, decimals: 6) } ?? row[4]
                return row
            }
            #expect(normalised.sorted { $0.lexicographicallyPrecedes($1) } == fromCLI.sorted { $0.lexicographicallyPrecedes($1) })
        }
    }

    static func said(_ e: EvaluationEntry) -> Said {
        Said(year: e.year, target: e.targetID, region: e.regionID.uuidString, verdict: e.verdict.rawValue,
             value: e.formattedValue ?? "—", reason: e.reason)
    }

    /// The verdict rows of a board or dashboard page: each row names its target, region and verdict in its data
    /// attributes, its value and reason in the cells labelled so.
    static func rows(_ html: String, year: Int) -> [Said] {
        html.components(separatedBy: "<tr data-target=\"").dropFirst().map { row in
            let row = row.components(separatedBy: "</tr>")[0]
            func attribute(_ name: String) -> String {
                row.components(separatedBy: "\(name)=\"").dropFirst().first?.components(separatedBy: "\"").first ?? ""
            }
            func cell(_ label: String) -> String {
                let after = row.components(separatedBy: "data-label=\"\(label)\">").dropFirst().first ?? ""
                return unescape(after.components(separatedBy: "</td>").first ?? "")
            }
            return Said(year: year, target: unescape(row.components(separatedBy: "\"").first ?? ""),
                        region: attribute("data-region"), verdict: attribute("data-verdict"), value: cell("数值"),
                        reason: cell("理由"))
        }
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func runCLI(_ arguments: [String]) async -> (out: String, err: String, failed: Bool) {
        let output = CLIOutput(capture: true)
        var failed = false
        await CLIOutput.$current.withValue(output) {
            do { try await Healthcity.execute(arguments) } catch { failed = Healthcity.isFailure(error) }
        }
        return (output.standardOutput, output.standardError, failed)
    }
}

extension OneVerdictTests {
    struct Setup {
        var programme: IndicatorWorkflow.Programme
        /// The `--database` argument that reaches the site's database.
        var databaseArgument: String
        /// How many cell kinds the register holds places of.
        var registerKinds: Int
    }

    /// The programme with two townships, a register naming places of all its cell kinds but one in different
    /// years (one named and later revoked), and submitted figures for every judged indicator and data year.
    static func programmeWithFigures(_ id: String, site: TestSite) async throws -> Setup {
        let db = site.app.db
        let plans = FluentPlanStore(database: db), regions = FluentRegionStore(database: db)
        let plan = try #require(try await plans.plan(id: id))
        if ![.town, .township].contains(plan.place.level), try await regions.regions(underPlan: id).count == 1 {
            let code = plan.place.code ?? ""
            let csv = "code,name,level,parent\n\(code.isEmpty ? "" : code + "100"),甲镇,town,\(plan.place.name)\n"
                + "\(code.isEmpty ? "" : code + "101"),乙乡,township,\(plan.place.name)\n"
            _ = try await regions.importRegions(try RegionCSV.parse(csv, file: "r.csv"), file: "r.csv", under: id)
        }
        let cells = FluentCellStore(database: db)
        let workflow = IndicatorWorkflow(plans: plans, regions: regions, store: FluentIndicatorStore(database: db),
                                         today: Clock.system.today, cells: cells)
        let programme = try await workflow.programme(id)
        let years = programme.indicators.evaluationYears
        let places = programme.townships.isEmpty ? [programme.place] : programme.townships

        // The register: every kind but the last is held; named in the first year, in the last, and one named then
        // revoked, beside one still applying.
        let kinds = unique(plan.cellTargets.map(\.cell))
        let held = kinds.count > 1 ? Array(kinds.dropLast()) : kinds
        var n = 0
        for kind in held {
            for region in places {
                func add(_ status: CellStatus, on day: LocalDate?) async throws -> CellPlace {
                    n += 1
                    return try await cells.add(CellPlace(cell: kind, name: "\(kind)\(n)", code: "C\(n)", regionID: region.id,
                                                         eligible: true, status: status, certifiedOn: day), actor: "测试")
                }
                _ = try await add(.certified, on: LocalDate(year: years.lowerBound, month: 3, day: 1))
                _ = try await add(.certified, on: LocalDate(year: years.upperBound, month: 5, day: 1))
                let revoked = try await add(.certified, on: LocalDate(year: years.lowerBound, month: 4, day: 1))
                _ = try await cells.transition(revoked.id, to: .revoked, on: LocalDate(year: years.lowerBound + 1, month: 6, day: 1),
                                               reason: "复审未通过", actor: "测试")
                _ = try await add(.applied, on: nil)
            }
        }

        // Figures for every judged indicator (those the register counts too: they must not be used), each year.
        var csv = "region,indicator,period,value\n"
        let judged = unique(programme.indicators.targets.map(\.indicator))
        for (i, code) in judged.enumerated() {
            guard let indicator = programme.indicators.indicator(code: code) else { continue }
            for year in programme.indicators.dataYears {
                let step = Double(year - programme.indicators.dataYears.lowerBound)
                let value: Double = switch indicator.kind {
                case .yesNo: year % 2 == 0 ? 1 : 0
                case .count: 8 + step + Double(i % 5)
                default: indicator.unit == "%" ? 20 + step * 2 + Double(i % 7) * 3 : 10 + step + Double(i % 4)
                }
                for region in [programme.place] + programme.townships {
                    csv += "\(region.code ?? region.name),\(code),\(year),\(NumberText.format(value))\n"
                }
                if programme.indicators.targets.contains(where: { $0.indicator == code && $0.expression.description.contains("ref(") }) {
                    csv += "全省,\(code),\(year),\(NumberText.format(value * 0.9))\n"
                }
            }
        }
        if !judged.isEmpty {
            _ = try await workflow.importTable(data: Data(csv.utf8), fileName: "figures.csv", planID: id, state: .submitted,
                                               actor: "测试")
        }
        let argument: String = switch site.location {
        case .sqliteFile(let path): path
        case .postgres(let url): url
        default: ""
        }
        return Setup(programme: programme, databaseArgument: argument, registerKinds: held.count)
    }

    /// In first-seen order, each once.
    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
