import Core
import Domain
import Foundation
import Plot

/// Breadcrumbs of the running-the-programme pages: the plan, the section, and the page itself when it is not the section.
func runningCrumbs(_ plan: Plan, _ section: String, _ url: SiteURL, _ last: String?) -> [Layout.Crumb] {
    [.init(title: plan.title, url: .plan(plan.id)), .init(title: section, url: last == nil ? nil : url)]
        + (last.map { [.init(title: $0, url: nil)] } ?? [])
}

extension Node where Context: HTML.BodyContext {
    static func reportStatus(_ status: ReportStatus) -> Node {
        let colour: String = switch status {
        case .onTime: "met"
        case .late, .returned, .draft: "warn"
        case .notSubmitted: "not_met"
        }
        return .span(.class(attr("verdict \(colour)")), .text(status.chineseName))
    }

    static func problemState(_ state: ProblemState) -> Node {
        .span(.class(attr("cell-status \(state == .closed ? "certified" : state == .pending ? "revoked" : "applied")")), .text(state.chineseName))
    }

    static func evidenceList(_ refs: [EvidenceRef], url: (EvidenceRef) -> SiteURL) -> Node {
        refs.isEmpty ? .span(.class("muted"), .text("无附件"))
            : .ul(.class("files"), .forEach(refs) { ref in
                .li(.a(.href(url(ref).path), .text(ref.fileName)), .span(.class("muted"), .text(" \(max(1, ref.size / 1024)) KB")))
            })
    }
}
