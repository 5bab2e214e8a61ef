import Domain
import Foundation
import Plot

extension Node where Context == HTML.BodyContext {
    /// The latest audit entries, one line each, with a link to the whole log.
    static func recentChanges(_ entries: [AuditEntry], all: SiteURL) -> Node {
        .group(
            .ul(.forEach(entries) { entry in
                .li(.text("\(Display.dateTime(entry.at)) \(entry.actor) \(entry.actionLabel) \(entry.entityID)"))
            }),
            .p(.a(.href(all.path), .text("全部操作日志 ›"))))
    }
}
