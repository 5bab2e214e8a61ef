import Domain
import Plot

extension Node where Context: HTML.BodyContext {
    /// The changes between two versions of a plan, item by item: what a replacement would do, or what a revision did.
    static func planDiff(_ diff: PlanDiff) -> Node {
        guard !diff.isEmpty else { return .p(.class("empty"), .text("两个版本没有差别。")) }
        return .table(.class("stack diff"),
            .thead(.tr(.th("变化"), .th("类别"), .th("项目"), .th("详情"))),
            .tbody(.forEach(diff.changes) { change in
                .tr(.class(attr("change-\(change.kind.rawValue)")),
                    .td(.attribute(named: "data-label", value: "变化"), .text(change.kind.chineseName)),
                    .td(.attribute(named: "data-label", value: "类别"), .text(change.area)),
                    .td(.attribute(named: "data-label", value: "项目"), .text(change.item)),
                    .td(.attribute(named: "data-label", value: "详情"),
                        change.details.isEmpty ? .text("—") : .ul(.forEach(change.details) { .li(.text($0)) })))
            }))
    }

    /// Items a new version drops although data hangs on them: saving is refused unless they are archived.
    static func blockedRemovals(_ blocked: [BlockedRemoval]) -> Node {
        guard !blocked.isEmpty else { return .empty }
        return .noticeBlock(.warn,
            .p(.text("以下项目已有数据，新版本却删去了它们。直接保存会被拒绝；勾选“归档”则保留它们（不再考核，数据仍可查看）：")),
            .ul(.forEach(blocked) { .li(.text($0.description)) }))
    }
}
