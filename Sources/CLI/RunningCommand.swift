import ArgumentParser
import Core
import Domain
import Foundation
import Persistence
import Vapor

/// `healthcity dossier export PLAN --output FILE`: the acceptance dossier as a zip.
struct DossierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier", abstract: "迎检资料：按综合评分表条目和方案任务整理佐证材料。", subcommands: [Export.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导出迎检资料 zip：索引.xlsx（每个条目和任务的佐证、缺少佐证的清单）、说明.txt 和按条目分文件夹的文件。",
            discussion: "任何一个文件读不出时不导出（已有的同名文件保留不变）。")
        @ArgumentParser.Argument(help: "方案 id。") var plan: String
        @ArgumentParser.Option(name: .long, help: "输出的 zip 文件。") var output: String
        @ArgumentParser.Option(name: .long, help: "评分表目录（含 cellType: county 的综合评分表）。") var standards = "standards"
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let library: ScoreSheetLibrary
            do { library = try ScoreSheetLibrary.load(directory: standards) } catch { throw reject(error.issues) }
            guard let sheet = DossierBuilder.comprehensiveSheet(in: library) else {
                throw reject([InputIssue(SourceLocation(file: standards), "目录中没有综合评分表（cellType: county）")])
            }
            let dossier = try await withDatabase(db.location) { app -> DossierPlan in
                guard let plan = try await app.appCore.plans.plan(id: plan) else {
                    throw reject([InputIssue(SourceLocation(file: self.plan), "没有这个方案")])
                }
                let regions = try await app.appCore.cellWorkflow.programme(plan.id).regions.map(\.id)
                let workflow = app.appCore.runningWorkflow(registerRegions: regions)
                let dossier = try await workflow.dossier(plan: plan, sheet: sheet)
                do { try await workflow.exportDossier(dossier, to: URL(fileURLWithPath: output)) } catch let error as DossierExportError {
                    throw reject([InputIssue(SourceLocation(file: output), error.description)])
                }
                return dossier
            }
            let gaps = dossier.gaps.count
            CLIOutput.current.out("已导出 \(output)：\(dossier.distinctFileCount) 个文件，\(dossier.scoreItems.count) 个评分条目、\(dossier.tasks.count) 项任务，缺少佐证 \(gaps) 处（见 索引.xlsx）。")
        }
    }
}

/// `healthcity reports PLAN [--month YYYY-MM] [--json]`: who has reported for a month.
struct ReportsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reports", abstract: "工作进展月报报送情况：按时、逾期、未报、退回。")
    @ArgumentParser.Argument(help: "方案 id。") var plan: String
    @ArgumentParser.Option(name: .long, help: "月份（YYYY-MM），省略为最近一个可报送的月份。") var month: String?
    @OptionGroup var db: DatabaseOption

    func run() async throws {
        let rollUp = try await withDatabase(db.location) { app -> MonthlyRollUp in
            guard let plan = try await app.appCore.plans.plan(id: plan), let schedule = ReportingSchedule(plan: plan) else {
                throw reject([InputIssue(SourceLocation(file: self.plan), "没有这个方案，或方案既没有实施阶段的日期也未设定实施期")])
            }
            let today = LocalDate.inChina(app.clock())
            var chosen = schedule.reportableMonths(on: today).last ?? schedule.months[0]
            if let month {
                guard let parsed = YearMonth(parsing: month), schedule.isInProgramme(parsed) else {
                    throw reject([InputIssue(SourceLocation(file: "--month"), "「\(month)」不是方案期间内的月份（YYYY-MM）")])
                }
                chosen = parsed
            }
            let reports = try await app.appCore.running.records(MonthlyReport.self, planID: plan.id).map(\.value)
            return MonthlyRollUp(month: chosen, units: MonthlyReportRules.reportingUnits(of: plan), reports: reports, schedule: schedule, today: today)
        }
        CLIOutput.current.out("\(rollUp.month.chineseName)（应于 \(rollUp.dueDate.chinese)前报送）：应报 \(rollUp.expected.count)，按时 \(rollUp.onTime.count)，逾期 \(rollUp.late.count)，未报 \(rollUp.missing.count)，退回 \(rollUp.returned.count)")
        for standing in rollUp.standings {
            CLIOutput.current.out("  \(standing.unit)  \(standing.status.chineseName)\(standing.submittedOn.map { "  \($0.iso)" } ?? "")")
        }
    }
}
