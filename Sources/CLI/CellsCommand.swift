import ArgumentParser
import Core
import Domain
import Foundation
import Persistence
import Vapor

private func cellWorkflow(_ app: Application) -> CellWorkflow {
    app.appCore.cellWorkflow
}

/// Opens a table file for reading row by row: an xlsx sheet (read whole, within the table size limit)
/// or a CSV streamed from disk, so a province's households never sit in memory at once.
func openTable(path: String) throws(InputRejected) -> any RowSource {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw InputRejected([InputIssue(SourceLocation(file: path), "无法读取文件：找不到文件或没有权限")])
    }
    let magic = handle.readData(ofLength: 4)
    try? handle.close()
    if magic.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= TableFile.maximumBytes else {
            throw InputRejected([InputIssue(SourceLocation(file: path),
                                            DocumentReader.tooLarge(size) + "；大的文件请另存为 CSV（CSV 不限大小）")])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputRejected([InputIssue(SourceLocation(file: path), "无法读取文件")])
        }
        return TableRowSource(rows: try TableFile.rows(data: data, fileName: path), fileName: path)
    }
    if magic.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
        throw InputRejected([InputIssue(SourceLocation(file: path), "这是旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后再导入")])
    }
    return try CSVFileRowSource(path: path, fileName: path)
}

/// `healthcity cells …`: the register of places for healthy cells.
struct CellsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cells", abstract: "健康细胞登记册：导入、查看。", subcommands: [Import.self, List.self, Board.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "从 CSV 或 xlsx 导入登记册（type,name,region,subkind,eligible,status,certified_on[,code,contact]）。整个文件全部成功或全部不导入；已有的场所按类型、地区和编码（无编码时按名称）更新。")
        @ArgumentParser.Argument(help: "CSV（UTF-8 或 GBK，大小不限）或 xlsx 文件。") var file: String
        @ArgumentParser.Option(name: .long, help: "方案 id：地区只在该方案范围内查找，并可使用方案列出的其他细胞类型。省略时在全部地区中查找。") var plan: String?
        @ArgumentParser.Flag(name: .long, help: "不显示进度。") var quiet = false
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let source: any RowSource
            do { source = try openTable(path: file) } catch { throw reject(error.issues) }
            // An elapsed time, on the monotonic clock: not a reading of the date.
            let started = ContinuousClock.now
            let bar = ProgressLine(enabled: !quiet)
            do {
                let result = try await withDatabase(db.location) { app in
                    let flow = cellWorkflow(app)
                    var programme: CellWorkflow.Programme?
                    if let plan { programme = try await flow.programme(plan) }
                    return try await flow.importRegister(source, into: programme, actor: "命令行") { rows in
                        bar.show(rows: rows, fraction: source.fractionRead)
                    }
                }
                bar.finish()
                let elapsed = ContinuousClock.now - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                CLIOutput.current.out("已导入 \(result.rows) 行：新增 \(result.added)，更新 \(result.updated)，未变 \(result.unchanged)（\(String(format: "%.1f", seconds)) 秒）。")
            } catch let rejected as InputRejected {
                bar.finish()
                throw reject(rejected.issues)
            } catch let error as CellWorkflowError {
                bar.finish()
                throw reject([InputIssue(SourceLocation(file: file), error.description)])
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出方案范围内的场所。")
        @ArgumentParser.Argument(help: "方案 id。") var plan: String
        @ArgumentParser.Option(name: .long, help: "细胞类型（community、school…）。") var type: String?
        @ArgumentParser.Option(name: .long, help: "状态（none、applied、preliminary、onsite、certified、revoked）。") var status: String?
        @ArgumentParser.Option(name: .long, help: "最多列出多少行。") var limit = 100
        @ArgumentParser.Flag(name: .long, help: "以 JSON 输出。") var json = false
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let wantedStatus: CellStatus?
            if let status {
                guard let s = CellStatus(text: status) else { throw ValidationError("--status 应为 none、applied、preliminary、onsite、certified 或 revoked") }
                wantedStatus = s
            } else { wantedStatus = nil }
            let (places, total, names) = try await withDatabase(db.location) { app in
                let flow = cellWorkflow(app)
                let programme: CellWorkflow.Programme
                do { programme = try await flow.programme(plan) } catch let error as CellWorkflowError {
                    CLIOutput.current.err(error.description); throw ExitCode(1)
                }
                let query = CellQuery(cell: type.flatMap { CellKinds.type($0, extra: programme.extraTypes) } ?? type, status: wantedStatus,
                                      regionIDs: programme.regions.map(\.id), limit: max(1, limit))
                let found = try await flow.cells.places(query)
                let names = Dictionary(programme.regions.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
                return (found.places, found.total, names)
            }
            if json {
                try CLIOutput.current.json(places)
                return
            }
            for place in places {
                CLIOutput.current.out([place.cell, place.name, names[place.regionID] ?? "", place.status.chineseName,
                                       place.certifiedOn?.iso ?? "", place.eligible ? "纳入" : "不纳入"].joined(separator: "\t"))
            }
            CLIOutput.current.err("共 \(total) 个，列出 \(places.count) 个。")
        }
    }

    struct Board: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "一个地区及其下级地区的各类健康细胞覆盖情况（省、市看各县区）。")
        @ArgumentParser.Argument(help: "地区代码或名称。") var region: String
        @ArgumentParser.Option(name: .long, help: "向下列几级地区。") var depth = 2
        @ArgumentParser.Flag(name: .long, help: "以 JSON 输出。") var json = false
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let board = try await withDatabase(db.location) { app in
                let regions = app.appCore.regions
                let found = try await regions.find(region, underPlan: nil)
                guard found.count == 1 else {
                    CLIOutput.current.err(found.isEmpty ? "找不到地区「\(region)」" : "「\(region)」有 \(found.count) 个同名地区，请用代码")
                    throw ExitCode(1)
                }
                return try await cellWorkflow(app).regionBoard(found[0].id, depth: max(1, min(depth, 4)))
            }
            let kinds = board.kinds
            if json {
                struct Row: Encodable { var region: String; var code: String?; var level: String; var cells: [String: [String: Double?]] }
                let rows = ([board.root] + board.regions).map { r in
                    Row(region: r.name, code: r.code, level: r.level.rawValue, cells: Dictionary(uniqueKeysWithValues: kinds.map { kind in
                        let t = board.totals[r.id]?[kind] ?? (0, 0)
                        return (kind, ["eligible": Double(t.eligible), "certified": Double(t.certified), "percent": board.percent(r.id, kind)])
                    }))
                }
                try CLIOutput.current.json(rows)
                return
            }
            CLIOutput.current.out((["地区"] + kinds.map { CellKinds.name(of: $0) }).joined(separator: "\t"))
            for r in [board.root] + board.regions {
                let cells = kinds.map { kind -> String in
                    let t = board.totals[r.id]?[kind] ?? (0, 0)
                    return board.percent(r.id, kind).map { "\(t.certified)/\(t.eligible) \(NumberText.percent($0))" } ?? "—"
                }
                CLIOutput.current.out(([r.name] + cells).joined(separator: "\t"))
            }
        }
    }
}

/// `healthcity coverage PLAN_ID`: each cell target at the programme's place and in each township.
struct CoverageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage", abstract: "按健康细胞登记册计算方案的每个细胞目标：应创建数、已命名数、覆盖率、目标、差距、是否达标。")
    @ArgumentParser.Argument(help: "方案 id。") var plan: String
    @ArgumentParser.Flag(name: .long, help: "以 JSON 输出（每个目标和地区一项：cell, region, eligible, certified, percent, target, gap, met）。") var json = false
    @OptionGroup var db: DatabaseOption

    func run() async throws {
        let entries: [CoverageEntry]
        do {
            entries = try await withDatabase(db.location) { app in
                let flow = cellWorkflow(app)
                return try await flow.coverage(try await flow.programme(plan))
            }
        } catch let error as CellWorkflowError {
            CLIOutput.current.err(error.description)
            throw ExitCode(1)
        }
        if json {
            try CLIOutput.current.json(entries)
            return
        }
        for e in entries {
            CLIOutput.current.out([e.label, e.region, "\(e.certified)/\(e.eligible)", e.percent.map(NumberText.percent) ?? "—",
                                   e.target, e.verdict.chineseName, e.gapText].joined(separator: "\t"))
        }
    }
}

/// A progress line on a terminal's stderr, rewritten in place; silent when stderr is not a terminal.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled && isatty(STDERR_FILENO) == 1 }

    func show(rows: Int, fraction: Double) {
        guard enabled else { return }
        let width = 30
        let filled = Int((fraction * Double(width)).rounded())
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: max(0, width - filled))
        lock.withLock {
            shown = true
            FileHandle.standardError.write(Data("\r\(bar) \(Int(fraction * 100))%  已读 \(rows) 行".utf8))
        }
    }

    func finish() {
        lock.withLock {
            if shown { FileHandle.standardError.write(Data("\n".utf8)); shown = false }
        }
    }
}
