import Domain
import Foundation

/// The indicator board as a workbook: every verdict, the data behind them, and the indicator list.
public enum IndicatorBoardWorkbook {
    /// Every target judged for every evaluation year, with the figures behind the verdicts.
    public static func make(_ judgement: IndicatorWorkflow.Judgement) -> XLSXWorkbook {
        let programme = judgement.programme
        let data = judgement.data
        let entries = judgement.entries
        let fill = XLSXColor(red: 0xDD, green: 0xE8, blue: 0xF2)
        let verdicts = XLSXSheet(
            name: "目标判定",
            header: ["年份", "指标代码", "指标", "地区", "目标（原文）", "目标表达式", "数值", "判定", "理由", "数据来源", "来源说明"],
            rows: entries.map { e in
                [.number(Double(e.year)), .text(e.indicator), .text(e.indicatorName), .text(e.region), .text(e.text ?? ""),
                 .text(e.target), e.value.map { .number($0) } ?? .empty, .text(e.verdict.chineseName), .text(e.reason),
                 .text(e.source.chineseName), .text(e.sourceNote)]
            },
            columnWidths: [8, 12, 28, 12, 40, 30, 10, 8, 60, 14, 50], headerFill: fill, autoFilter: true)

        let years = Array(programme.indicators.dataYears)
        let regions = [programme.place] + programme.townships
        var dataRows: [[XLSXCell]] = []
        for indicator in programme.indicators.indicators {
            for region in regions {
                let values = years.map { data.values[indicator.code]?[region.id]?[$0] }
                guard values.contains(where: { $0 != nil }) else { continue }
                dataRows.append([.text(indicator.code), .text(indicator.name), .text(indicator.unit), .text(region.name)]
                                + values.map { $0.map { .number($0) } ?? .empty })
            }
        }
        for reference in data.references {
            guard let index = years.firstIndex(of: reference.year), let indicator = programme.indicators.indicator(code: reference.indicator) else { continue }
            var row: [XLSXCell] = [.text(indicator.code), .text(indicator.name), .text(indicator.unit), .text("\(reference.kind.chineseName)（参考）")]
                + Array(repeating: .empty, count: years.count)
            row[4 + index] = .number(reference.value)
            dataRows.append(row)
        }
        let values = XLSXSheet(name: "数据", header: ["指标代码", "指标", "单位", "地区"] + years.map { "\($0)年" }, rows: dataRows,
                               columnWidths: [12, 28, 8, 14] + years.map { _ in 10 }, headerFill: fill, autoFilter: true)

        let catalogue = XLSXSheet(
            name: "指标",
            header: ["代码", "指标", "单位", "方向", "一级", "二级", "分子", "分母", "数据来源单位"],
            rows: programme.indicators.indicators.map { i in
                [.text(i.code), .text(i.name), .text(i.unit), .text(directionText(i)),
                 .text(i.firstLevel ?? ""), .text(i.secondLevel ?? ""), .text(i.numerator ?? ""), .text(i.denominator ?? ""),
                 .text(programme.indicators.sourceUnits[i.code] ?? "")]
            },
            columnWidths: [12, 30, 10, 10, 10, 14, 30, 24, 18], headerFill: fill, autoFilter: true)
        return XLSXWorkbook(sheets: [verdicts, values, catalogue])
    }
}
