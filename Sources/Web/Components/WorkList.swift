import Domain
import Foundation
import Plot

extension Node where Context == HTML.BodyContext {
    /// The person's pending work, most urgent first, as every home shows it (from `WorkQueue`). Each entry carries
    /// `data-work-kind` and `data-count`, so the browser walk compares a home with the to-do API item by item.
    static func workList(_ items: [WorkItem], today: LocalDate, heading: String = "需要我办理") -> Node {
        .section(.class("card work"), .id("todo"),
            .h3(.text(heading), .if(!items.isEmpty, .span(.class("tag"), .text("\(items.count) 项")))),
            items.isEmpty
                ? .p(.class("empty"), .text("目前没有待办事项。"))
                : .ul(.class("work-list"), .forEach(items) { item in
                    .li(.class(attr("work-item \(item.urgency.rawValue)")),
                        .attribute(named: "data-work-kind", value: attr(item.kind.rawValue)),
                        .attribute(named: "data-count", value: String(item.count)),
                        .span(.class(attr("urgency \(item.urgency.rawValue)")), .text(item.urgency.chineseName)),
                        item.url.isEmpty ? .span(.class("work-title"), .text(item.title))
                            : .a(.class("work-title"), .href(attr(item.url)), .text(item.title)),
                        .unwrap(item.due) { due in .span(.class("work-due"), .text(dueText(due, kind: item.kind, today: today))) })
                })
        )
    }

    private static func dueText(_ due: LocalDate, kind: WorkItem.Kind, today: LocalDate) -> String {
        let days = today.days(until: due)
        // A meeting or a training is held on its day rather than due.
        let event = kind == .meetings || kind == .trainings
        if days < 0 { return "\(due.chinese)到期，已逾期 \(-days) 天" }
        if days == 0 { return event ? "今天举行" : "今天到期" }
        return "\(due.chinese)\(event ? "举行" : "到期")，还有 \(days) 天"
    }
}
