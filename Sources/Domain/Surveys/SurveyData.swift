import Foundation

/// Which columns of a survey table play which part, by their header names.
public struct SurveyColumns: Sendable, Equatable {
    public var weight: String
    public var stratum: String?
    public var psu: String?
    /// Population number of PSUs in the record's stratum (finite population correction); the same on every record
    /// of a stratum.
    public var populationPSUs: String?
    /// 0/1 variables estimated as proportions.
    public var proportions: [String]
    /// Numeric variables estimated as means.
    public var means: [String]
    /// Text columns kept as they are: subgroups (urban/rural, sex, age group, township), weighting cells.
    public var categories: [String]

    public init(weight: String, stratum: String? = nil, psu: String? = nil, populationPSUs: String? = nil,
                proportions: [String] = [], means: [String] = [], categories: [String] = []) {
        self.weight = weight; self.stratum = stratum; self.psu = psu; self.populationPSUs = populationPSUs
        self.proportions = proportions; self.means = means; self.categories = categories
    }
}

/// Survey records read from a table and checked: every value the design and the estimates need is present
/// and valid, or nothing is returned.
public struct SurveyData: Sendable {
    public var file: String
    /// The file line of each record.
    public var lines: [Int]
    public var weights: [Double]
    public var strata: [String]?
    public var psus: [String]?
    public var populationPSUs: [String: Double]?
    /// Values of the proportion and mean columns, by column name.
    public var variables: [String: [Double]]
    /// Values of the category columns, by column name.
    public var categories: [String: [String]]

    public var count: Int { weights.count }

    /// Reads `rows` (the header first, as `TableFile.rows` returns them). Every problem is collected — a missing
    /// column, a missing, non-numeric or negative weight, a proportion that is not 0 or 1, a PSU in two strata,
    /// an empty stratum, PSU or group — each with its line and column, and reported together.
    public static func read(rows: [TableRow], file: String, columns: SurveyColumns) throws(InputRejected) -> SurveyData {
        var issues: [InputIssue] = []
        func issue(_ line: Int?, _ column: String?, _ message: String) {
            issues.append(InputIssue(SourceLocation(file: file, line: line, field: column.map { FieldPath([.key($0)]) }), message))
        }
        guard let header = rows.first else { throw InputRejected([InputIssue(SourceLocation(file: file), "文件中没有表头和数据")]) }
        let names = header.cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        func position(_ name: String) -> Int? {
            names.firstIndex(of: name) ?? names.firstIndex { $0.lowercased() == name.lowercased() }
        }
        var wanted: [String] = [columns.weight]
        wanted += [columns.stratum, columns.psu, columns.populationPSUs].compactMap { $0 }
        wanted += columns.proportions + columns.means + columns.categories
        var found: [String: Int] = [:]
        for name in wanted where found[name] == nil {
            if let index = position(name) { found[name] = index } else { issue(header.line, name, "找不到这一列（表头中没有「\(name)」）") }
        }
        for name in columns.proportions where columns.means.contains(name) {
            issue(header.line, name, "同一列不能既作比例又作均值")
        }
        if !issues.isEmpty { throw InputRejected(dedupe(issues)) }
        let records = Array(rows.dropFirst())
        guard !records.isEmpty else {
            throw InputRejected([InputIssue(SourceLocation(file: file, line: header.line), "只有表头，没有调查记录")])
        }

        var data = SurveyData(file: file, lines: records.map(\.line), weights: [], strata: columns.stratum.map { _ in [] },
                              psus: columns.psu.map { _ in [] }, populationPSUs: nil, variables: [:], categories: [:])
        var firstPSU: [String: (stratum: String, line: Int)] = [:]
        var reportedConflicts = Set<[String]>()
        var population: [String: (value: Double, line: Int)] = [:]
        for row in records {
            let weightText = row.cell(found[columns.weight])
            if weightText.isEmpty {
                issue(row.line, columns.weight, "缺少权重")
                data.weights.append(0)
            } else if let w = TableFile.number(weightText) {
                if w < 0 { issue(row.line, columns.weight, "权重不能为负数：\(weightText)") }
                data.weights.append(w)
            } else {
                issue(row.line, columns.weight, "权重不是数字：「\(weightText)」")
                data.weights.append(0)
            }
            var stratum = ""
            if let name = columns.stratum {
                stratum = row.cell(found[name])
                if stratum.isEmpty { issue(row.line, name, "缺少分层") }
                data.strata?.append(stratum)
            }
            if let name = columns.psu {
                let psu = row.cell(found[name])
                if psu.isEmpty { issue(row.line, name, "缺少初级抽样单位（PSU）") }
                data.psus?.append(psu)
                if !psu.isEmpty, columns.stratum != nil, !stratum.isEmpty {
                    if let first = firstPSU[psu] {
                        if first.stratum != stratum, reportedConflicts.insert([psu, stratum]).inserted {
                            issue(row.line, name, "PSU「\(psu)」在第 \(first.line) 行属于分层「\(first.stratum)」，这里又属于分层「\(stratum)」；同一 PSU 只能在一个分层中")
                        }
                    } else {
                        firstPSU[psu] = (stratum, row.line)
                    }
                }
            }
            if let name = columns.populationPSUs {
                let text = row.cell(found[name])
                if let value = TableFile.number(text), value > 0 {
                    if let known = population[stratum] {
                        if known.value != value {
                            issue(row.line, name, "同一分层的总体 PSU 数应相同：第 \(known.line) 行为 \(known.value)，这里为「\(text)」")
                        }
                    } else {
                        population[stratum] = (value, row.line)
                    }
                } else {
                    issue(row.line, name, text.isEmpty ? "缺少总体 PSU 数" : "总体 PSU 数须为正数：「\(text)」")
                }
            }
            for name in columns.proportions {
                let text = row.cell(found[name])
                let value = TableFile.number(text)
                if value == 0 || value == 1 {
                    data.variables[name, default: []].append(value!)
                } else {
                    issue(row.line, name, text.isEmpty ? "缺少取值（比例变量只能是 0 或 1）" : "比例变量只能是 0 或 1：「\(text)」")
                    data.variables[name, default: []].append(0)
                }
            }
            for name in columns.means where !columns.proportions.contains(name) {
                let text = row.cell(found[name])
                if let value = TableFile.number(text) {
                    data.variables[name, default: []].append(value)
                } else {
                    issue(row.line, name, text.isEmpty ? "缺少取值" : "不是数字：「\(text)」")
                    data.variables[name, default: []].append(0)
                }
            }
            for name in columns.categories {
                let text = row.cell(found[name])
                if text.isEmpty { issue(row.line, name, "分组为空") }
                data.categories[name, default: []].append(text)
            }
        }
        if let name = columns.populationPSUs, issues.isEmpty {
            data.populationPSUs = population.mapValues(\.value)
            // The sampled PSUs of a stratum cannot outnumber its population.
            var sampled: [String: Set<String>] = [:]
            for i in 0..<data.count {
                sampled[data.strata?[i] ?? "", default: []].insert(data.psus?[i] ?? "#\(i)")
            }
            for (stratum, units) in sampled.sorted(by: { $0.key < $1.key }) where Double(units.count) > population[stratum]!.value {
                issue(population[stratum]!.line, name, "分层「\(stratum)」的总体 PSU 数 \(population[stratum]!.value) 小于样本中的 PSU 数 \(units.count)")
            }
        }
        if issues.isEmpty, data.weights.reduce(0, +) <= 0 {
            issue(header.line, columns.weight, "所有权重都为 0，无法估计")
        }
        if !issues.isEmpty { throw InputRejected(issues) }
        return data
    }

    /// The design of these records. A `SurveyError` naming strata (single PSU) is turned into issues at the first
    /// line of each stratum by `locate(_:)`.
    public func design(singleton: SingletonMethod = .fail) throws(SurveyError) -> SurveyDesign {
        try SurveyDesign(weights: weights, strata: strata, psus: psus, singleton: singleton, populationPSUs: populationPSUs)
    }

    /// Issues for a design or estimation error, placed at the records concerned where the error names them.
    public func locate(_ error: SurveyError, columns: SurveyColumns) -> [InputIssue] {
        let whole = SourceLocation(file: file)
        switch error {
        case .singletonStrata(let names):
            return names.map { name in
                let line = strata.flatMap { values in values.firstIndex(of: name).map { lines[$0] } }
                return InputIssue(SourceLocation(file: file, line: line, field: columns.stratum.map { FieldPath([.key($0)]) }),
                                  SurveyError.singletonStrata([name]).description)
            }
        case .invalidWeight(let record, _), .notBinary(let record, _), .notFinite(let record):
            return [InputIssue(SourceLocation(file: file, line: lines[record - 1]), error.description)]
        default:
            return [InputIssue(whole, error.description)]
        }
    }

    private static func dedupe(_ issues: [InputIssue]) -> [InputIssue] {
        var seen = Set<InputIssue>()
        return issues.filter { seen.insert($0).inserted }
    }
}
