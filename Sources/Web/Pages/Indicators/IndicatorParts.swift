import Domain
import Foundation
import Plot

extension Node where Context: HTML.BodyContext {
    static func verdict(_ verdict: Verdict) -> Node {
        .span(.class(attr("verdict \(verdict.rawValue)")), .text(verdict.chineseName))
    }

    static func reviewState(_ state: ReviewState) -> Node {
        .span(.class(attr("state \(state.rawValue)")), .text(state.chineseName))
    }
}

/// Breadcrumbs of the indicator pages: the plan, 指标与目标, and the page itself when it is not the board.
func indicatorCrumbs(_ programme: IndicatorWorkflow.Programme, _ last: String?) -> [Layout.Crumb] {
    var crumbs: [Layout.Crumb] = [.init(title: programme.plan.title, url: .plan(programme.plan.id))]
    if let last { crumbs += [.init(title: "指标与目标", url: .indicators(programme.plan.id, year: nil)), .init(title: last, url: nil)] }
    else { crumbs.append(.init(title: "指标与目标", url: nil)) }
    return crumbs
}

/// The threshold a sparkline draws, for targets that are one plain comparison.
func plainLevel(_ expression: TargetExpression, _ indicator: Indicator) -> Double? {
    var e = expression
    if case let .deadline(inner, _) = e { e = inner }
    guard case let .compare(.value, _, .quantity(q)) = e else { return nil }
    guard let base = q.base, let own = indicator.ratioBase else { return q.number }
    return q.number / base * own
}

/// How an indicator's direction reads: 是/否, 越高越好 or 越低越好.
func directionText(_ indicator: Indicator) -> String {
    indicator.kind == .yesNo ? "是/否" : indicator.direction == .higher ? "越高越好" : "越低越好"
}

extension IndicatorWorkflow.Programme {
    /// The name of the programme's region with this id; empty when it is none of them.
    func regionName(_ id: UUID) -> String {
        regions.first { $0.id == id }?.name ?? ""
    }
}
