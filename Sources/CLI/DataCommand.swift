import ArgumentParser
import Core
import Domain
import Foundation
import Persistence
import Vapor
import Web

private func workflow(_ app: Application) -> IndicatorWorkflow {
    app.appCore.indicatorWorkflow
}

/// `healthcity data …`: indicator figures in and out.
struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "导入、导出指标数据。", subcommands: [Import.self, Export.self, Settings.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "从 CSV 或 xlsx 导入指标数据（region,indicator,period,value[,numerator,denominator]）。整个文件全部成功或全部不导入。")
        @ArgumentParser.Argument(help: "CSV（UTF-8 或 GBK）或 xlsx 文件。") var file: String
        @ArgumentParser.Option(name: .long, help: "方案 id；省略时按文件中的地区和指标找到唯一相符的方案。") var plan: String?
        @ArgumentParser.Option(name: .long, help: "导入后的状态：draft、submitted（默认）或 approved。") var state: String = "submitted"
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            guard let state = ReviewState(rawValue: state), state != .returned else {
                throw ValidationError("--state 只能是 draft、submitted 或 approved")
            }
            let url = URL(fileURLWithPath: file)
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue
            guard let size else { throw reject([InputIssue(SourceLocation(file: file), "无法读取文件：找不到文件或没有权限")]) }
            guard size <= TableFile.maximumBytes else {
                throw reject([InputIssue(SourceLocation(file: file), DocumentReader.tooLarge(size))])
            }
            guard let data = try? Data(contentsOf: url) else { throw reject([InputIssue(SourceLocation(file: file), "无法读取文件")]) }
            let rows: [TableRow]
            do { rows = try TableFile.rows(data: data, fileName: file) } catch { throw reject(error.issues) }
            do {
                let (planID, result) = try await withDatabase(db.location) { app in
                    let flow = workflow(app)
                    // The rows read above are checked and stored as they are: the file is not read twice.
                    let programme = try await choosePlan(flow, rows: rows)
                    let result = try await flow.importRows(rows, file: file, into: programme, state: state, actor: "命令行")
                    return (programme.plan.id, result)
                }
                CLIOutput.current.out("已导入到方案 \(planID)：新增 \(result.created) 条，更新 \(result.updated) 条，参考值 \(result.references) 条。")
                for warning in result.warnings { CLIOutput.current.err("提示：\(warning)") }
            } catch let rejected as InputRejected {
                throw reject(rejected.issues)
            } catch let error as IndicatorStoreError {
                throw reject([InputIssue(SourceLocation(file: file), error.description)])
            } catch let error as IndicatorWorkflowError {
                throw reject([InputIssue(SourceLocation(file: file), error.description)])
            }
        }

        /// The given programme, or the only one every row of the file fits (regions and indicators resolve).
        private func choosePlan(_ flow: IndicatorWorkflow, rows: [TableRow]) async throws -> IndicatorWorkflow.Programme {
            if let plan { return try await flow.programme(plan) }
            var fitting: [IndicatorWorkflow.Programme] = []
            var closest: (String, InputRejected)?
            for summary in try await flow.plans.summaries() {
                guard let programme = try? await flow.programme(summary.id) else { continue }
                do {
                    _ = try ObservationImport.prepare(rows: rows, file: file, context: try await flow.context(for: programme))
                    fitting.append(programme)
                } catch let rejected as InputRejected {
                    if closest == nil || rejected.issues.count < closest!.1.issues.count { closest = (summary.id, rejected) }
                }
            }
            if fitting.count == 1 { return fitting[0] }
            if fitting.count > 1 {
                let ids = fitting.map(\.plan.id).joined(separator: "、")
                throw InputRejected([InputIssue(SourceLocation(file: file), "文件与多个方案相符（\(ids)），请用 --plan 指定")])
            }
            guard let closest else {
                throw InputRejected([InputIssue(SourceLocation(file: file), "数据库中没有方案；请先运行 healthcity serve 或 healthcity plan load")])
            }
            CLIOutput.current.err("没有方案与整个文件相符；以下是与方案 \(closest.0) 对照的问题（可用 --plan 指定方案）：")
            throw closest.1
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "把方案的指标看板（判定、数据、指标表）导出为 xlsx。")
        @ArgumentParser.Argument(help: "方案 id。") var plan: String
        @ArgumentParser.Option(name: .long, help: "输出的 xlsx 文件。") var out: String
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let data = try await withDatabase(db.location) { app in
                let flow = workflow(app)
                let programme: IndicatorWorkflow.Programme
                do { programme = try await flow.programme(plan) } catch let error as IndicatorWorkflowError {
                    CLIOutput.current.err(error.description); throw ExitCode(1)
                }
                return try IndicatorBoardWorkbook.make(try await flow.judge(programme, years: .all)).data()
            }
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
            CLIOutput.current.out("已写入 \(out)")
        }
    }
}

extension DataCommand {
    struct Settings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "查看或设置方案的基线年、评价截止年和与上年相比的提示幅度。")
        @ArgumentParser.Argument(help: "方案 id。") var plan: String
        @ArgumentParser.Option(name: .long, help: "基线年（建设之初）。") var baselineYear: Int?
        @ArgumentParser.Option(name: .long, help: "评价截止年。") var endYear: Int?
        @ArgumentParser.Option(name: .long, help: "与上年相比变化超过多少（%）时提示核实。") var jumpPercent: Double?
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            for year in [baselineYear, endYear].compactMap({ $0 }) where !(1900...2100).contains(year) {
                throw ValidationError("年份 \(year) 无效")
            }
            if let b = baselineYear, let e = endYear, e < b { throw ValidationError("评价截止年不能早于基线年") }
            if let jump = jumpPercent, !(jump > 0 && jump <= 1000) { throw ValidationError("--jump-percent 应在 0–1000 之间") }
            let programme = try await withDatabase(db.location) { app in
                let flow = workflow(app)
                guard try await flow.plans.plan(id: plan) != nil else {
                    CLIOutput.current.err("没有方案「\(plan)」"); throw ExitCode(1)
                }
                var settings = try await flow.store.settings(planID: plan)
                if let baselineYear { settings.baselineYear = baselineYear }
                if let endYear { settings.endYear = endYear }
                if let jumpPercent { settings.validation.jumpThreshold = jumpPercent / 100 }
                if baselineYear != nil || endYear != nil || jumpPercent != nil {
                    try await flow.store.saveSettings(settings, planID: plan, by: "命令行")
                }
                return try await flow.programme(plan).indicators
            }
            CLIOutput.current.out("基线年：\(programme.baselineYear.map(String.init) ?? "未设置")")
            CLIOutput.current.out("评价年份：\(programme.evaluationYears.lowerBound)–\(programme.evaluationYears.upperBound)")
            CLIOutput.current.out("可录入数据的年份：\(programme.dataYears.lowerBound)–\(programme.dataYears.upperBound)")
            CLIOutput.current.out("与上年相比的提示幅度：\(NumberText.format(programme.settings.validation.jumpThreshold * 100))%")
        }
    }
}

/// `healthcity evaluate PLAN_ID [--year YYYY] [--json]`: every target's verdict.
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "判定方案的每个指标目标（达标 / 未达标 / 缺数据），逐目标、地区和年份列出理由。")
    @ArgumentParser.Argument(help: "方案 id。") var plan: String
    @ArgumentParser.Option(name: .long, help: "只判定这一年。") var year: Int?
    @ArgumentParser.Flag(name: .long, help: "以 JSON 输出。") var json = false
    @OptionGroup var db: DatabaseOption

    func run() async throws {
        let entries: [EvaluationEntry]
        do {
            entries = try await withDatabase(db.location) { app in
                let flow = workflow(app)
                let programme = try await flow.programme(plan)
                if let year, !programme.indicators.evaluationYears.contains(year) {
                    let years = programme.indicators.evaluationYears
                    CLIOutput.current.err("\(year) 年不在方案 \(plan) 的评价年份（\(years.lowerBound)–\(years.upperBound)）内")
                    throw ExitCode(1)
                }
                return try await flow.evaluate(plan, year: year)
            }
        } catch let error as IndicatorWorkflowError {
            CLIOutput.current.err(error.description)
            throw ExitCode(1)
        }
        if json {
            try CLIOutput.current.json(entries)
            return
        }
        for entry in entries {
            CLIOutput.current.out([String(entry.year), entry.indicator, entry.region, entry.verdict.chineseName, entry.reason]
                .joined(separator: "\t"))
        }
    }
}
