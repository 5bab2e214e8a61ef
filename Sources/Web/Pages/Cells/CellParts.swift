import Core
import Domain
import Foundation
import Plot

func cellCrumbs(_ programme: CellWorkflow.Programme, _ last: String?) -> [Layout.Crumb] {
    var crumbs: [Layout.Crumb] = [.init(title: programme.plan.title, url: .plan(programme.plan.id))]
    if let last { crumbs += [.init(title: "健康细胞", url: .cells(programme.plan.id)), .init(title: last, url: nil)] }
    else { crumbs.append(.init(title: "健康细胞", url: nil)) }
    return crumbs
}

func percentText(_ value: Double?) -> String {
    value.map(NumberText.percent) ?? "—"
}

extension Node where Context: HTML.BodyContext {
    static func cellStatus(_ status: CellStatus) -> Node {
        .span(.class(attr("cell-status \(status.rawValue)")), .text(status.chineseName))
    }

    /// A bar filled to `percent` (0–100), coloured by the verdict, with the target as a tick where it is a share.
    static func coverageBar(percent: Double?, verdict: Verdict, target: Double?) -> Node {
        let filled = min(100, max(0, percent ?? 0))
        return .span(.class("cov-bar"), .attribute(named: "aria-hidden", value: "true"),
            .span(.class(attr("fill \(verdict.rawValue)")), .attribute(named: "style", value: attr("width:\(String(format: "%.1f", filled))%"))),
            .unwrap(target) { t in .span(.class("tick"), .attribute(named: "style", value: attr("left:\(String(format: "%.1f", min(100, t)))%"))) })
    }
}

// MARK: - Coverage board

extension CoverageEntry {
    /// The percentage for a share target, the count for a count target.
    var atLeastPercentText: String { target.hasSuffix("%") ? percentText(percent) : "\(certified)" }
}

// MARK: - Township

// MARK: - Register

// MARK: - New place

// MARK: - One place

// MARK: - Import

// MARK: - Workbook

enum CoverageWorkbook {
    static func make(programme: CellWorkflow.Programme, entries: [CoverageEntry]) -> XLSXWorkbook {
        let rows: [[XLSXCell]] = entries.map { e in
            [.text(e.label), .text(e.region), .text(e.target), .number(Double(e.eligible)), .number(Double(e.certified)),
             e.percent.map { .number(($0 * 10).rounded() / 10) } ?? .empty, .text(e.verdict.chineseName), .text(e.gapText),
             .text(e.binding ? "是" : "否（县级目标对照）")]
        }
        return XLSXWorkbook(sheets: [XLSXSheet(name: "覆盖率", header: ["细胞", "地区", "目标", "应创建", "已命名", "覆盖率(%)", "判定", "差距", "本级目标"],
                                               rows: rows, columnWidths: [18, 14, 12, 10, 10, 10, 10, 20, 16])])
    }
}

extension ScoreSheet {
    var maximumTotalValue: Double { NSDecimalNumber(decimal: baseMaximum).doubleValue }
    var passLineValue: Double { NSDecimalNumber(decimal: pass.minimumTotal).doubleValue }
}

extension ScoreSheetLibrary {
    /// The sheet a place of this kind is scored on: the first one for its type.
    func sheet(forCell cell: String) -> ScoreSheet? { sheets(cellType: cell).first }
}

// MARK: - A region across programmes

