import ArgumentParser
import Domain
import Foundation

/// `healthcity survey …`: design-based estimates from survey records.
public struct SurveyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "survey", abstract: "调查数据：加权估计、标准误与置信区间。", subcommands: [Estimate.self])

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

        @Argument(help: "CSV（UTF-8 或 GBK）或 xlsx 文件，第一行为表头。") var file: String
        @Option(name: .long, help: "权重列。") var weight: String
        @Option(name: .long, help: "分层列。") var stratum: String?
        @Option(name: .long, help: "初级抽样单位（PSU）列。") var psu: String?
        @Option(name: .long, help: "总体 PSU 数列（有限总体校正，每个分层相同）；省略时不做校正。") var fpc: String?
        @Option(name: .long, help: "比例变量列（0/1），可重复。") var proportion: [String] = []
        @Option(name: .long, help: "均值变量列，可重复。") var mean: [String] = []
        @Option(name: .long, help: "分组列（城乡、性别、年龄组、乡镇等）。") var by: String?
        @Option(name: .long, help: "比例的置信区间：logit（默认）或 wald。") var ci: String = "logit"
        @Option(name: .long, help: "单 PSU 分层的处理：fail（默认，报错）、skip、certainty、centered 或 combine。")
        var singleton: String = "fail"
        @Option(name: .long, help: "与 --singleton combine 一起用：把分层 FROM 并入 TO，写作 FROM=TO，可重复。")
        var combine: [String] = []
        @Option(name: .long, help: "设计效应的参照：wr（有放回简单随机抽样，默认）或 wor（无放回）。")
        var deffReference: String = "wr"
        @Flag(name: .long, help: "输出 JSON。") var json = false

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
