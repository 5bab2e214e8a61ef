import Foundation

/// Identifies an observation within a programme.
public struct ObservationKey: Hashable, Sendable {
    public var indicator: String
    public var regionID: UUID
    public var period: Period

    public init(indicator: String, regionID: UUID, period: Period) {
        self.indicator = indicator; self.regionID = regionID; self.period = period
    }
}

/// A checked figure ready to be stored, with the rule warnings it carries.
public struct PreparedObservation: Equatable, Sendable {
    public var key: ObservationKey
    /// Where it came from, for messages: a file line, or a form field.
    public var line: Int?
    public var value: Double
    public var numerator: Double?
    public var denominator: Double?
    public var note: String?
    public var sourceUnit: String?
    public var warnings: [String]
    /// A file backing the figure, already stored.
    public var evidence: EvidenceRef?
    /// A survey estimate's interval; nil for a counted or reported figure (and clears an earlier one).
    public var interval: ObservationInterval?

    public init(key: ObservationKey, line: Int?, value: Double, numerator: Double?, denominator: Double?,
                note: String?, sourceUnit: String?, warnings: [String], evidence: EvidenceRef? = nil,
                interval: ObservationInterval? = nil) {
        self.key = key; self.line = line; self.value = value; self.numerator = numerator
        self.denominator = denominator; self.note = note; self.sourceUnit = sourceUnit; self.warnings = warnings
        self.evidence = evidence; self.interval = interval
    }
}

/// What checking a programme's figures needs to know, gathered by the caller in a few queries.
public struct ObservationContext: Sendable {
    public var programme: ProgrammeIndicators
    /// The programme's regions, found by code or name.
    public var regions: [Region]
    /// Annual values already stored, for the year-on-year rule.
    public var annualValues: [ObservationKey: Double]
    /// Review states of stored observations: an approved one is locked.
    public var states: [ObservationKey: ReviewState]
    public var settings: ValidationSettings

    public init(programme: ProgrammeIndicators, regions: [Region], annualValues: [ObservationKey: Double],
                states: [ObservationKey: ReviewState], settings: ValidationSettings = .init()) {
        self.programme = programme; self.regions = regions; self.annualValues = annualValues
        self.states = states; self.settings = settings
    }

    /// Regions whose code or name is `key`.
    public func regions(matching key: String) -> [Region] {
        let wanted = key.trimmingCharacters(in: .whitespaces)
        let byCode = regions.filter { $0.code == wanted }
        return byCode.isEmpty ? regions.filter { $0.name == wanted } : byCode
    }
}

/// What a checked table holds: figures for the programme's regions and reference figures (rows whose
/// region is 全国 / 全省 / 全市 / 全县, for comparisons such as `> ref(province)`).
public struct PreparedTable: Equatable, Sendable {
    public var observations: [PreparedObservation]
    public var references: [ReferenceValue]
}

/// Reads and checks `region, indicator, period, value[, numerator, denominator]` tables. Every problem is
/// reported with its row and column; if there is any, nothing is returned, so an import applies whole or not at all.
public enum ObservationImport {
    /// Region cells that name a reference level rather than a region.
    static let referenceRegions: [String: TargetExpression.ReferenceKind] = [
        "全国": .national, "national": .national, "ref(national)": .national,
        "全省": .province, "province": .province, "ref(province)": .province,
        "全市": .city, "city": .city, "ref(city)": .city,
        "全县": .county, "county": .county, "ref(county)": .county,
    ]

    enum Column: Hashable { case region, indicator, period, value, numerator, denominator, note, source }

    static let headerNames: [String: Column] = [
        "region": .region, "地区": .region, "区域": .region, "行政区划": .region, "区划": .region,
        "indicator": .indicator, "指标": .indicator, "指标代码": .indicator, "指标名称": .indicator,
        "period": .period, "期间": .period, "时期": .period, "年份": .period, "年度": .period, "统计期": .period,
        "value": .value, "数值": .value, "值": .value, "指标值": .value,
        "numerator": .numerator, "分子": .numerator,
        "denominator": .denominator, "分母": .denominator,
        "note": .note, "备注": .note, "说明": .note,
        "source": .source, "来源单位": .source, "数据来源": .source, "数据来源部门": .source,
    ]

    public static let maximumRows = 500_000

    public static func prepare(rows: [TableRow], file: String, context: ObservationContext) throws(InputRejected)
        -> PreparedTable {
        guard let header = rows.first else {
            throw InputRejected([InputIssue(SourceLocation(file: file), "文件为空：第一行应为表头 region,indicator,period,value[,numerator,denominator]")])
        }
        guard rows.count - 1 <= maximumRows else {
            throw InputRejected([InputIssue(SourceLocation(file: file), "超过 \(maximumRows) 行，请分成几个文件导入")])
        }
        let columns = TableFile.columns(of: header, names: headerNames)
        let missing = [(Column.region, "region（地区）"), (.indicator, "indicator（指标）"), (.period, "period（期间）")]
            .filter { columns[$0.0] == nil }.map(\.1)
        var needed = missing
        if columns[.value] == nil && (columns[.numerator] == nil || columns[.denominator] == nil) {
            needed.append("value（数值）或 numerator、denominator（分子、分母）")
        }
        // (A file without a header row has no known column at all: its missing columns say enough.)
        var headerIssues = columns.isEmpty ? [] : TableFile.unknownColumns(
            of: header, names: headerNames, file: file,
            expected: "region, indicator, period, value, numerator, denominator, note, source（或地区、指标、期间、数值、分子、分母、备注、来源单位）")
        if !needed.isEmpty {
            headerIssues.insert(InputIssue(SourceLocation(file: file, line: header.line),
                                           "表头缺少列：\(needed.joined(separator: "、"))；第一行应为表头"), at: 0)
        }
        guard headerIssues.isEmpty else { throw InputRejected(headerIssues) }

        var issues: [InputIssue] = []
        var entries: [(row: TableRow, key: ObservationKey, indicator: Indicator, input: ObservationInput,
                       note: String?, source: String?)] = []
        var firstLine: [ObservationKey: Int] = [:]
        var references: [ReferenceValue] = []
        var referenceLines: [String: Int] = [:]
        for row in rows.dropFirst() {
            func issue(_ column: Column, _ message: String) {
                issues.append(InputIssue(SourceLocation(file: file, line: row.line, column: columns[column].map { $0 + 1 },
                                                        field: FieldPath([.key(String(describing: column))])), message))
            }
            let before = issues.count
            let regionText = row.cell(columns[.region])
            var region: Region?
            let referenceKind = referenceRegions[regionText.lowercased()]
            let matches = referenceKind == nil ? context.regions(matching: regionText) : []
            if referenceKind != nil {}
            else if regionText.isEmpty { issue(.region, "地区为空") }
            else if matches.isEmpty { issue(.region, "本方案没有地区「\(regionText)」（填区划代码或名称；新地区先在地区管理中导入）") }
            else if matches.count > 1 {
                let codes = matches.map { $0.code ?? "无代码" }.joined(separator: "、")
                issue(.region, "有 \(matches.count) 个地区叫「\(regionText)」（代码 \(codes)），请改填区划代码")
            } else { region = matches[0] }

            let indicatorText = row.cell(columns[.indicator])
            let indicator = context.programme.indicator(matching: indicatorText)
            if indicatorText.isEmpty { issue(.indicator, "指标为空") }
            else if indicator == nil { issue(.indicator, "不认识的指标「\(indicatorText)」（填指标代码如 HC38，或本方案指标的名称）") }

            let periodText = row.cell(columns[.period])
            let period = Period(parsing: periodText)
            if periodText.isEmpty { issue(.period, "期间为空") }
            else if let period {
                if !context.programme.dataYears.contains(period.year) {
                    issue(.period, "\(period.chineseName)不在本方案的数据年份（\(context.programme.dataYears.lowerBound)–\(context.programme.dataYears.upperBound)年）内")
                }
            } else { issue(.period, "「\(periodText)」不是期间（应为 2024、2024Q1 或 2024-03）") }

            var input = ObservationInput(value: nil)
            for (column, path) in [(Column.value, \ObservationInput.value), (.numerator, \.numerator), (.denominator, \.denominator)] {
                let text = row.cell(columns[column])
                guard !text.isEmpty else { continue }
                if let number = TableFile.number(text) { input[keyPath: path] = number }
                else { issue(column, "「\(text)」不是数字") }
            }
            guard issues.count == before, let indicator, let period else { continue }
            if let referenceKind {
                // A reference figure: one value for a year, checked like a figure of the indicator.
                guard period.kind == .year else { issue(.period, "参考值按年填写（如 2024）"); continue }
                guard let value = input.value else { issue(.value, "参考值请填写数值"); continue }
                let outcome = ValidationRules.check(ObservationInput(value: value), indicator: indicator, previousYear: nil)
                if let problem = outcome.errors.first { issue(.value, problem.message); continue }
                let id = "\(indicator.code)|\(referenceKind.rawValue)|\(period.year)"
                if let first = referenceLines[id] { issue(.indicator, "与第 \(first) 行重复（同一参考值）"); continue }
                referenceLines[id] = row.line
                let source = row.cell(columns[.source])
                references.append(ReferenceValue(indicator: indicator.code, kind: referenceKind, year: period.year,
                                                 value: value, source: source.isEmpty ? nil : source))
                continue
            }
            guard let region else { continue }
            let key = ObservationKey(indicator: indicator.code, regionID: region.id, period: period)
            if let first = firstLine[key] {
                issue(.indicator, "与第 \(first) 行重复（同一地区、指标和期间）"); continue
            }
            firstLine[key] = row.line
            if context.states[key] == .approved {
                issue(.value, "\(region.name) \(indicator.code) \(period.chineseName)的数据已审核锁定，需创建办先解锁"); continue
            }
            let note = row.cell(columns[.note])
            let source = row.cell(columns[.source])
            entries.append((row, key, indicator, input, note.isEmpty ? nil : note, source.isEmpty ? nil : source))
        }

        // Rules run after every row is read, so last year's figure may come from the same file.
        var annual = context.annualValues
        for entry in entries where entry.key.period.kind == .year {
            // A figure typed as numerator and denominator is last year's value too.
            let value = entry.input.value
                ?? ValidationRules.check(entry.input, indicator: entry.indicator, previousYear: nil, settings: context.settings).value
            if let value { annual[entry.key] = value }
        }
        var prepared: [PreparedObservation] = []
        for entry in entries {
            var previous: Double?
            if entry.key.period.kind == .year {
                previous = annual[ObservationKey(indicator: entry.key.indicator, regionID: entry.key.regionID,
                                                 period: .year(entry.key.period.year - 1))]
            }
            let outcome = ValidationRules.check(entry.input, indicator: entry.indicator, previousYear: previous,
                                                settings: context.settings)
            for finding in outcome.errors {
                let column: Column = finding.field == .numerator ? .numerator : finding.field == .denominator ? .denominator : .value
                issues.append(InputIssue(SourceLocation(file: file, line: entry.row.line, column: columns[column].map { $0 + 1 },
                                                        field: FieldPath([.key(String(describing: column))])), finding.message))
            }
            guard let value = outcome.value else { continue }
            prepared.append(PreparedObservation(key: entry.key, line: entry.row.line, value: value,
                                                numerator: entry.input.numerator, denominator: entry.input.denominator,
                                                note: entry.note, sourceUnit: entry.source,
                                                warnings: outcome.warnings.map(\.message)))
        }
        if !issues.isEmpty {
            issues.sort { ($0.location.line ?? 0, $0.location.column ?? 0) < ($1.location.line ?? 0, $1.location.column ?? 0) }
            throw InputRejected(issues)
        }
        if prepared.isEmpty && references.isEmpty {
            throw InputRejected([InputIssue(SourceLocation(file: file), "文件只有表头，没有数据行")])
        }
        return PreparedTable(observations: prepared, references: references)
    }
}
