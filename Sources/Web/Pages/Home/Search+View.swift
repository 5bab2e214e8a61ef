import Domain
import Foundation
import Plot

/// 搜索: programmes, units, tasks and places the principal may see.
struct SearchView {
    var model: Model

    func render() -> String {
        let r = model.results
        return Layout(title: "搜索", content: .group(
            .h1("搜索"),
            .form(.method(.get), .action(SiteURL.search(nil).path), .class("search-form"),
                .input(.type(.search), .name("q"), .value(attr(model.query)), .placeholder("方案、单位、任务或地名"),
                       .attribute(named: "maxlength", value: "100"), .autofocus(model.query.isEmpty)),
                .button(.type(.submit), .text("搜索"))),
            .if(!model.query.isEmpty && r.isEmpty, .p(.class("empty"), .text("没有找到与「\(model.query)」相关的内容。"))),
            .if(!r.programmes.isEmpty, .section(.h2("方案"), .ul(.forEach(r.programmes) { p in
                .li(.a(.href(SiteURL.plan(p.id).path), .text(p.title)))
            }))),
            .if(!r.units.isEmpty, .section(.h2("单位"), .ul(.forEach(r.units) { u in
                .li(.a(.href(SiteURL.unit(plan: u.planID, name: u.name).path), .text(u.name)),
                    .span(.class("muted"), .text(" · \(model.titles[u.planID] ?? u.planID)")))
            }))),
            .if(!r.tasks.isEmpty, .section(.h2("任务"), .ul(.forEach(r.tasks) { t in
                .li(.b(.text([t.number, t.title].compactMap { $0 }.joined(separator: " "))), .text(" "),
                    .text(Self.excerpt(t.text, around: model.query)),
                    .span(.class("muted"), .text(" · \(model.titles[t.planID] ?? t.planID)")))
            }))),
            .if(!r.places.isEmpty, .section(.h2("地区"), .ul(.forEach(r.places) { p in
                .li(.a(.href(SiteURL.region(plan: p.planID, id: p.region.id).path), .text(p.region.name)),
                    .span(.class("muted"), .text(" · \(p.region.level.chineseName) · \(model.titles[p.planID] ?? p.planID)")))
            })))
        )).render()
    }

    /// About 60 characters of the text around the first match.
    static func excerpt(_ text: String, around query: String) -> String {
        guard let range = text.range(of: query, options: .caseInsensitive) else { return String(text.prefix(60)) }
        let start = text.index(range.lowerBound, offsetBy: -25, limitedBy: text.startIndex) ?? text.startIndex
        let end = text.index(range.upperBound, offsetBy: 35, limitedBy: text.endIndex) ?? text.endIndex
        return (start > text.startIndex ? "…" : "") + String(text[start..<end]) + (end < text.endIndex ? "…" : "")
    }
}
