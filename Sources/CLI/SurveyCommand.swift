import ArgumentParser
import Core
import Domain
import Foundation
import Persistence
import Vapor

/// `healthcity survey …`: design-based estimates from survey records, and the programmes' surveys.
public struct SurveyCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "survey", abstract: "调查数据：加权估计、标准误与置信区间；方案中的调查：列表、导入答卷、结果。",
        subcommands: [Estimate.self, New.self, List.self, Import.self, Results.self, PPS.self, Kish.self])

    public init() {}

    /// `healthcity survey estimate FILE --weight COL [--stratum COL] [--psu COL] (--proportion COL | --mean COL)
    /// [--by COL] --json`: weighted proportions and means with Taylor-linearisation standard errors.
    ///
    /// With `--json` it prints `{ "estimates": [ { "variable", "domain", "estimate", "se", "ciLow", "ciHigh", "n",
    /// "deff" } ] }`: for each variable first the whole sample (`domain` null), then each value of `--by` in order.
    /// `deff` is null where the reference variance is zero (a constant variable) or the group has one record.
    public struct Estimate: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "按抽样设计估计加权比例与均值（泰勒线性化标准误、95% 置信区间、设计效应）。",
            discussion: """
            比例列只能是 0/1。方差按有放回抽取初级抽样单位（PSU）近似，自由度 = PSU 数 − 分层数。
            比例的置信区间默认用 logit 变换（--ci wald 改为 估计值 ± t·标准误），均值总是 估计值 ± t·标准误。
            设计效应 deff = 设计方差 ÷ 同样本量简单随机抽样（有放回）的方差。
            分组估计保留整个设计（不是截取子样本）。JSON 中整体估计的 domain 为 null。
            """)

        @ArgumentParser.Argument(help: "CSV（UTF-8 或 GBK）或 xlsx 文件，第一行为表头。") var file: String
        /// Taken like on every command; estimating from a file opens no database.
        @OptionGroup var db: DatabaseOption
        @ArgumentParser.Option(name: .long, help: "权重列。") var weight: String
        @ArgumentParser.Option(name: .long, help: "分层列。") var stratum: String?
        @ArgumentParser.Option(name: .long, help: "初级抽样单位（PSU）列。") var psu: String?
        @ArgumentParser.Option(name: .long, help: "总体 PSU 数列（有限总体校正，每个分层相同）；省略时不做校正。") var fpc: String?
        @ArgumentParser.Option(name: .long, help: "比例变量列（0/1），可重复。") var proportion: [String] = []
        @ArgumentParser.Option(name: .long, help: "均值变量列，可重复。") var mean: [String] = []
        @ArgumentParser.Option(name: .long, help: "分组列（城乡、性别、年龄组、乡镇等）。") var by: String?
        @ArgumentParser.Option(name: .long, help: "比例的置信区间：logit（默认）或 wald。") var ci: String = "logit"
        @ArgumentParser.Option(name: .long, help: "单 PSU 分层的处理：fail（默认，报错）、skip、certainty、centered 或 combine。")
        var singleton: String = "fail"
        @ArgumentParser.Option(name: .long, help: "与 --singleton combine 一起用：把分层 FROM 并入 TO，写作 FROM=TO，可重复。")
        var combine: [String] = []
        @ArgumentParser.Option(name: .long, help: "设计效应的参照：wr（有放回简单随机抽样，默认）或 wor（无放回）。")
        var deffReference: String = "wr"
        @ArgumentParser.Flag(name: .long, help: "输出 JSON。") var json = false

        public init() {}

        public func validate() throws {
            if proportion.isEmpty && mean.isEmpty { throw ValidationError("至少给出一个 --proportion 或 --mean") }
            if IntervalMethod(rawValue: ci) == nil { throw ValidationError("--ci 只能是 logit 或 wald") }
            if DesignEffectReference(rawValue: deffReference) == nil { throw ValidationError("--deff-reference 只能是 wr 或 wor") }
            _ = try singletonMethod()
        }

        func singletonMethod() throws -> SingletonMethod {
            if singleton == "combine" {
                var mapping: [String: String] = [:]
                for pair in combine {
                    let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                        throw ValidationError("--combine 应写作 FROM=TO：「\(pair)」")
                    }
                    mapping[parts[0]] = parts[1]
                }
                if mapping.isEmpty { throw ValidationError("--singleton combine 需要至少一个 --combine FROM=TO") }
                return .combine(mapping)
            }
            guard let method = SingletonMethod(name: singleton) else {
                throw ValidationError("--singleton 只能是 fail、skip、certainty、centered 或 combine")
            }
            if !combine.isEmpty { throw ValidationError("--combine 只能与 --singleton combine 一起用") }
            return method
        }

        public func run() throws {
            let columns = SurveyColumns(weight: weight, stratum: stratum, psu: psu, populationPSUs: fpc,
                                        proportions: proportion, means: mean, categories: by.map { [$0] } ?? [])
            let data: SurveyData
            do {
                data = try SurveyData.read(rows: try readRows(), file: file, columns: columns)
            } catch {
                throw fail(error.issues)
            }
            let estimates: [SurveyEstimate]
            do {
                let design = try data.design(singleton: try singletonMethod())
                let interval = IntervalMethod(rawValue: ci)!
                let reference = DesignEffectReference(rawValue: deffReference)!
                var all: [SurveyEstimate] = []
                let variables = proportion.map { (SurveyParameter.proportion, $0) } + mean.map { (SurveyParameter.mean, $0) }
                for (parameter, name) in variables {
                    let values = data.variables[name]!
                    all += try design.estimate(parameter, of: values, variable: name, interval: interval, deffReference: reference)
                    if let by {
                        all += try design.estimate(parameter, of: values, variable: name, domains: data.categories[by]!,
                                                   interval: interval, deffReference: reference)
                    }
                }
                estimates = all
            } catch let error as SurveyError {
                throw fail(data.locate(error, columns: columns))
            }
            if json {
                CLIOutput.current.out(SurveyCommand.json(estimates))
            } else {
                CLIOutput.current.out(table(estimates))
            }
        }

        /// An xlsx within the table size limit, or a CSV of any size read in blocks (a province's monitoring
        /// data runs to a million responses).
        private func readRows() throws(InputRejected) -> [TableRow] {
            let source = try openTable(path: file)
            var rows: [TableRow] = []
            while let row = try source.next() { rows.append(row) }
            return rows
        }

        /// Prints every issue as `file:line: column: message` on stderr and fails the command.
        private func fail(_ issues: [InputIssue]) -> ExitCode {
            for issue in issues { CLIOutput.current.err(issue.description) }
            CLIOutput.current.err("共 \(issues.count) 处问题，未作估计。")
            return ExitCode(1)
        }

        private func table(_ estimates: [SurveyEstimate]) -> String {
            func number(_ x: Double?, _ digits: Int = 4) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "—" }
            var lines = ["变量\t分组\t估计值\t标准误\t95% 置信区间\tn\tdeff"]
            for e in estimates {
                lines.append([e.variable, e.domain ?? "全部", number(e.estimate), number(e.standardError),
                              "\(number(e.ciLow)) – \(number(e.ciHigh))", String(e.n), number(e.deff, 2)]
                    .joined(separator: "\t"))
            }
            if let first = estimates.first {
                lines.append("自由度 \(first.degreesOfFreedom)；比例区间：\(ci)；设计效应参照：\(deffReference)")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// `{ "estimates": [ … ] }` with each object's keys in the interface's order (variable, domain, estimate, se,
    /// ciLow, ciHigh, n, deff); `domain` null for the whole sample, `deff` null when undefined.
    static func json(_ estimates: [SurveyEstimate]) -> String {
        func string(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        // Swift prints the shortest decimal that reads back as the same Double: valid JSON for finite values.
        func number(_ x: Double?) -> String { x.map { $0.isFinite ? "\($0)" : "null" } ?? "null" }
        let rows = estimates.map { e in
            let fields = [
                ("variable", string(e.variable)), ("domain", e.domain.map(string) ?? "null"),
                ("estimate", number(e.estimate)), ("se", number(e.standardError)), ("ciLow", number(e.ciLow)),
                ("ciHigh", number(e.ciHigh)), ("n", String(e.n)), ("deff", number(e.deff)),
            ]
            return "    {\n" + fields.map { "      \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n    }"
        }
        return "{\n  \"estimates\": [\n" + rows.joined(separator: ",\n") + "\n  ]\n}"
    }
}

/// A programme's survey as the commands need it: the survey, its questionnaire and the programme's townships.
private struct StoredSurvey {
    var survey: Survey
    var questionnaire: Questionnaire
    var townships: [Region]
    var regionNames: [UUID: String]

    static func load(_ id: String, questionnaires directory: String, app: Application) async throws -> StoredSurvey {
        guard let uuid = UUID(uuidString: id), let survey = try await app.appCore.surveys.survey(id: uuid) else {
            throw reject([InputIssue(SourceLocation(file: id), "没有这项调查（用 healthcity survey list PLAN 查看调查 id）")])
        }
        let library: QuestionnaireLibrary
        do { library = try QuestionnaireLibrary.load(directory: directory) } catch { throw reject(error.issues) }
        guard let questionnaire = library.questionnaire(id: survey.questionnaireID) else {
            throw reject([InputIssue(SourceLocation(file: directory), "目录中没有问卷「\(survey.questionnaireID)」")])
        }
        let programme = try await app.appCore.cellWorkflow.programme(survey.planID)
        let quota = Set(survey.quotas.map(\.regionID))
        return StoredSurvey(survey: survey, questionnaire: questionnaire, townships: programme.townships.filter { quota.contains($0.id) },
                            regionNames: Dictionary(programme.regions.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
    }
}

extension SurveyCommand {
    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "在方案中建立一项调查：问卷、年度和各乡镇样本（乡镇=计划人数[:人口数]）。",
            discussion: "例：healthcity survey new pianguan-2023 --name 2025年居民健康素养调查 --questionnaire health-literacy --year 2025 --quota 新关镇=150:6000 --quota 天峰坪镇=150:2000")
        @ArgumentParser.Argument(help: "方案 id。") var plan: String
        @ArgumentParser.Option(name: .long, help: "调查名称。") var name: String
        @ArgumentParser.Option(name: .long, help: "问卷 id（questionnaires/ 中的文件）。") var questionnaire: String
        @ArgumentParser.Option(name: .long, help: "调查年度。") var year: Int
        @ArgumentParser.Option(name: .long, help: "乡镇样本：乡镇=计划人数，或 乡镇=计划人数:人口数；可重复。") var quota: [String] = []
        @ArgumentParser.Option(name: .long, help: "抽样设计：township-strata（默认）、township-clusters 或 simple。") var layout = "township-strata"
        @ArgumentParser.Option(name: .long, help: "问卷目录。") var questionnaires = "questionnaires"
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let library: QuestionnaireLibrary
            do { library = try QuestionnaireLibrary.load(directory: questionnaires) } catch { throw reject(error.issues) }
            var issues: [InputIssue] = []
            if library.questionnaire(id: questionnaire) == nil {
                issues.append(InputIssue(SourceLocation(file: "--questionnaire"), "没有问卷「\(questionnaire)」；可用：\(library.questionnaires.map(\.id).joined(separator: "、"))"))
            }
            guard let layout = SurveyLayout(rawValue: layout) else { throw reject([InputIssue(SourceLocation(file: "--layout"), "抽样设计只能是 township-strata、township-clusters 或 simple")]) }
            if !(2000...2100).contains(year) { issues.append(InputIssue(SourceLocation(file: "--year"), "年度须在 2000–2100 之间")) }
            let id = try await withDatabase(db.location) { app -> UUID in
                let programme = try await app.appCore.cellWorkflow.programme(plan)
                let intake = SurveyIntake(survey: Survey(planID: plan, name: name, questionnaireID: questionnaire, year: year, createdBy: ""),
                                          questionnaire: library.questionnaires[0], townships: programme.townships)
                var quotas: [SurveyQuota] = []
                for (index, text) in quota.enumerated() {
                    let place = SourceLocation(file: "--quota", field: [.index(index)])
                    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                    let numbers = parts.count == 2 ? parts[1].split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) } : []
                    guard parts.count == 2, let township = intake.township(named: parts[0]), (1...2).contains(numbers.count),
                          let planned = numbers[0], planned >= 0, planned == planned.rounded(),
                          numbers.count == 1 || (numbers[1].map { $0 > 0 } ?? false) else {
                        issues.append(InputIssue(place, "应写作 乡镇=计划人数 或 乡镇=计划人数:人口数，乡镇须是方案中的乡镇：「\(text)」"))
                        continue
                    }
                    quotas.append(SurveyQuota(regionID: township.id, planned: Int(planned), population: numbers.count == 2 ? numbers[1] : nil))
                }
                if quotas.isEmpty { issues.append(InputIssue(SourceLocation(file: "--quota"), "至少给出一个乡镇的样本")) }
                if !issues.isEmpty { throw reject(issues) }
                let survey = Survey(planID: plan, name: name, questionnaireID: questionnaire, year: year, layout: layout, quotas: quotas,
                                    createdBy: "命令行")
                try await app.appCore.surveys.save(survey, by: SurveyActor(name: "命令行", id: nil))
                return survey.id
            }
            CLIOutput.current.out("已建立调查 \(id.uuidString.lowercased())")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出方案的调查：id、名称、问卷、年度、完成/计划人数。")
        @ArgumentParser.Argument(help: "方案 id。") var plan: String
        @ArgumentParser.Flag(name: .long, help: "输出 JSON。") var json = false
        @OptionGroup var db: DatabaseOption

        struct Row: Encodable { var id: String; var name: String; var questionnaire: String; var year: Int; var status: String; var planned: Int; var completed: Int }

        func run() async throws {
            let rows = try await withDatabase(db.location) { app in
                let store = app.appCore.surveys
                var rows: [Row] = []
                for s in try await store.surveys(planID: plan) {
                    let done = try await store.progress(surveyID: s.id).reduce(0) { $0 + $1.completed }
                    rows.append(Row(id: s.id.uuidString.lowercased(), name: s.name, questionnaire: s.questionnaireID, year: s.year, status: s.status.rawValue,
                                    planned: s.plannedTotal, completed: done))
                }
                return rows
            }
            if json { try CLIOutput.current.json(["surveys": rows]); return }
            if rows.isEmpty { CLIOutput.current.out("方案 \(plan) 还没有调查（在网页「调查」中新建）。") }
            for r in rows {
                CLIOutput.current.out("\(r.id)  \(r.name)  \(r.questionnaire)  \(r.year)  \(r.completed)/\(r.planned)")
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "把答卷文件（CSV 或 xlsx）导入一项调查：全部无误才导入，错误按行、列列出。",
            discussion: "列：问卷的各题 id（含 township 乡镇名称），可加 village（村/社区，作初级抽样单位）和 weight（权重）。")
        @ArgumentParser.Argument(help: "调查 id。") var survey: String
        @ArgumentParser.Argument(help: "答卷文件。") var file: String
        @ArgumentParser.Option(name: .long, help: "问卷目录。") var questionnaires = "questionnaires"
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let rows = try readTableRows(file)
            let outcome = try await withDatabase(db.location) { app in
                let stored = try await StoredSurvey.load(survey, questionnaires: questionnaires, app: app)
                let store = app.appCore.surveys
                let intake = SurveyIntake(survey: stored.survey, questionnaire: stored.questionnaire, townships: stored.townships)
                do {
                    let responses = try intake.read(rows: rows, file: file, existing: try await store.respondents(surveyID: stored.survey.id),
                                                    actor: "命令行")
                    return try await store.add(responses, to: stored.survey.id, by: SurveyActor(name: "命令行", id: nil))
                } catch let error as InputRejected {
                    throw reject(error.issues)
                } catch let error as SurveyStoreError {
                    throw reject([InputIssue(SourceLocation(file: file), error.description)])
                }
            }
            CLIOutput.current.out("已导入 \(outcome.added) 份答卷。")
        }
    }

    struct Results: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "调查结果：各指标的加权估计、标准误、95% 置信区间、样本数和设计效应，总体和分组。")
        @ArgumentParser.Argument(help: "调查 id。") var survey: String
        @ArgumentParser.Option(name: .long, help: "问卷目录。") var questionnaires = "questionnaires"
        @ArgumentParser.Flag(name: .long, help: "输出 JSON（与 GET /api/v1/plans/{id}/surveys/{sid}/results 相同）。") var json = false
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            let results = try await withDatabase(db.location) { app in
                let stored = try await StoredSurvey.load(survey, questionnaires: questionnaires, app: app)
                let responses = try await app.appCore.surveys.responses(surveyID: stored.survey.id)
                return SurveyResultsCalculator.compute(survey: stored.survey, questionnaire: stored.questionnaire, responses: responses,
                                                       townshipName: { stored.regionNames[$0] ?? $0.uuidString })
            }
            if json { try CLIOutput.current.json(results); return }
            CLIOutput.current.out("完成 \(results.completed) 份（计划 \(results.planned) 份）；\(results.weighting)")
            if let failure = results.failure { CLIOutput.current.err("无法估计：\(failure)"); throw ExitCode(1) }
            for row in results.rows {
                let scale = row.parameter == "proportion" ? 100.0 : 1.0
                let name = row.group == nil ? row.label : "  \(row.groupLabel ?? "")：\(row.domain ?? "")"
                CLIOutput.current.out(String(format: "%@  %.2f（95%% CI %.2f–%.2f）  se %.2f  n %d  deff %@", name, row.estimate * scale,
                                             row.ciLow * scale, row.ciHigh * scale, row.se * scale, row.n,
                                             row.deff.map { String(format: "%.2f", $0) } ?? "—"))
            }
        }
    }
}

extension SurveyCommand {
    /// `healthcity survey pps FRAME.csv --name COL --size COL --count N [--start R]`: systematic PPS selection of
    /// townships or villages, with each unit's inclusion probability (the stage's base weight is its inverse).
    struct PPS: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pps",
            abstract: "按规模大小成比例（PPS）系统抽取乡镇或村（社区），给出每个单位的入样概率。",
            discussion: """
            抽样框为 CSV 或 xlsx，每行一个单位，规模列为户数或人口数。规模大到期望入样次数不少于 1 的单位必然入样，
            其余单位按系统 PPS 抽取。随机起点 --start 为 [0, 1) 之间的数（抽样间距的比例）；省略时随机生成并打印，
            以便记录和复核。该阶段的基础权重 = 1 ÷ 入样概率。
            """)
        @ArgumentParser.Argument(help: "抽样框文件。") var file: String
        /// Taken like on every command; drawing from a file opens no database.
        @OptionGroup var db: DatabaseOption
        @ArgumentParser.Option(name: .long, help: "单位名称列。") var name: String
        @ArgumentParser.Option(name: .long, help: "规模列（户数或人口数）。") var size: String
        @ArgumentParser.Option(name: .long, help: "抽取的单位数。") var count: Int
        @ArgumentParser.Option(name: .long, help: "随机起点，[0, 1) 之间；省略时随机生成。") var start: Double?
        @ArgumentParser.Flag(name: .long, help: "输出 JSON。") var json = false

        struct Unit: Encodable { var name: String; var size: Double; var probability: Double; var selected: Bool; var certainty: Bool }
        struct Output: Encodable { var start: Double; var interval: Double; var units: [Unit] }

        func run() throws {
            if let start, !(0..<1).contains(start) { throw ValidationError("--start 须在 [0, 1) 之间") }
            let rows = try readTableRows(file)
            guard let header = rows.first else { throw reject([InputIssue(SourceLocation(file: file), "文件是空的")]) }
            let columns = header.cells.map { $0.trimmingCharacters(in: .whitespaces) }
            var issues: [InputIssue] = []
            let nameIndex = columns.firstIndex(of: name), sizeIndex = columns.firstIndex(of: size)
            if nameIndex == nil { issues.append(InputIssue(SourceLocation(file: file, line: header.line, field: [.key(name)]), "表头中没有「\(name)」")) }
            if sizeIndex == nil { issues.append(InputIssue(SourceLocation(file: file, line: header.line, field: [.key(size)]), "表头中没有「\(size)」")) }
            if !issues.isEmpty { throw reject(issues) }
            var names: [String] = [], sizes: [Double] = []
            for row in rows.dropFirst() {
                let text = row.cell(sizeIndex!).trimmingCharacters(in: .whitespaces)
                guard let value = TableFile.number(text), value.isFinite, value > 0 else {
                    issues.append(InputIssue(SourceLocation(file: file, line: row.line, column: sizeIndex! + 1, field: [.key(size)]),
                                             "规模须为正数：「\(text)」"))
                    continue
                }
                names.append(row.cell(nameIndex!).trimmingCharacters(in: .whitespaces))
                sizes.append(value)
            }
            if !issues.isEmpty { throw reject(issues) }
            let randomStart = start ?? Double.random(in: 0..<1)
            let selection: Sampling.PPSSelection
            do { selection = try Sampling.systematicPPS(sizes: sizes, count: count, randomStart: randomStart) } catch {
                throw reject([InputIssue(SourceLocation(file: file), error.description)])
            }
            let chosen = Set(selection.selected), certain = Set(selection.certainties)
            let units = names.indices.map { i in
                Unit(name: names[i], size: sizes[i], probability: selection.probabilities[i], selected: chosen.contains(i), certainty: certain.contains(i))
            }
            if json { try CLIOutput.current.json(Output(start: randomStart, interval: selection.interval, units: units)); return }
            CLIOutput.current.out(String(format: "随机起点 %.6f，抽样间距 %.4f；入选 %d 个单位：", randomStart, selection.interval, chosen.count))
            for unit in units where unit.selected {
                CLIOutput.current.out(String(format: "%@  规模 %@  入样概率 %.6f  基础权重 %.4f%@", unit.name, unit.size.shortestText,
                                             unit.probability, 1 / unit.probability, unit.certainty ? "（必然入样）" : ""))
            }
        }
    }

    /// `healthcity survey kish --questionnaire N --members 男45,女43,男17`: the member to interview in a household.
    struct Kish: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kish",
            abstract: "用 KISH 表在家庭中选出调查对象：按问卷编号确定表，成员按先男后女、年龄从大到小编号。")
        @ArgumentParser.Option(name: .long, help: "问卷编号（决定使用哪张 KISH 表）。") var questionnaire: Int
        @ArgumentParser.Option(name: .long, help: "家庭成员，逗号分隔的 性别年龄，如 男45,女43,男17。") var members: String
        @ArgumentParser.Option(name: .long, help: "合格年龄下限。") var minimumAge = 15
        @ArgumentParser.Option(name: .long, help: "合格年龄上限。") var maximumAge = 69
        /// Taken like on every command; opens no database.
        @OptionGroup var db: DatabaseOption

        func run() throws {
            guard questionnaire >= 1, minimumAge <= maximumAge else { throw ValidationError("问卷编号须从 1 起，年龄下限不大于上限") }
            var listed: [HouseholdMember] = []
            var issues: [InputIssue] = []
            for (index, raw) in members.split(separator: ",").enumerated() {
                let text = raw.trimmingCharacters(in: .whitespaces)
                let sex: HouseholdMember.Sex? = text.hasPrefix("男") ? .male : text.hasPrefix("女") ? .female : nil
                guard let sex, let age = Int(text.dropFirst()), (0...120).contains(age) else {
                    issues.append(InputIssue(SourceLocation(file: "--members", field: [.index(index)]), "应写作 性别年龄，如 男45：「\(text)」"))
                    continue
                }
                listed.append(HouseholdMember(id: String(index + 1), sex: sex, age: age))
            }
            if listed.isEmpty && issues.isEmpty { issues.append(InputIssue(SourceLocation(file: "--members"), "请列出家庭成员")) }
            if !issues.isEmpty { throw reject(issues) }
            let table = KishTable.forQuestionnaire(questionnaire)
            let ages = minimumAge...maximumAge
            let eligible = Domain.Kish.ordered(listed, eligibleAges: ages)
            let chosen: (member: HouseholdMember, number: Int)
            do { chosen = try Domain.Kish.select(from: listed, table: table, eligibleAges: ages) } catch {
                throw reject([InputIssue(SourceLocation(file: "--members"), error.description)])
            }
            CLIOutput.current.out("KISH 表 \(table.rawValue)；合格成员 \(eligible.count) 人（先男后女、年龄从大到小编号）：")
            for (number, member) in eligible.enumerated() {
                CLIOutput.current.out("  \(number + 1). \(member.sex == .male ? "男" : "女") \(member.age) 岁\(number + 1 == chosen.number ? "  ← 调查对象" : "")")
            }
            let probability = Domain.Kish.selectionProbability(number: chosen.number, eligible: eligible.count)
            CLIOutput.current.out(String(format: "户内入选概率 %.4f，户内权重 %.2f", probability, 1 / probability))
        }
    }
}

/// A CSV or xlsx file read whole (within the table size limit); unreadable files fail the command with the reason.
func readTableRows(_ path: String) throws -> [TableRow] {
    do {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputRejected([InputIssue(SourceLocation(file: path), "无法读取文件：找不到文件或没有权限")])
        }
        return try TableFile.rows(data: data, fileName: path)
    } catch let error as InputRejected {
        throw reject(error.issues)
    }
}
