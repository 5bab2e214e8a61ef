import Domain
import Foundation
import Plot

/// 综合指数: the townships compared by an entropy-weighted index, each step of the method shown.
struct CompositeIndexView {
    var model: Model

    func render() -> String {
        let p = model.programme
        return Layout(title: "综合指数", crumbs: indicatorCrumbs(p, "综合指数"), content: .group(
            .h1("健康城市综合指数（乡镇比较）"),
            .p(.class("sub"), .text("比较组：\(p.plan.place.name)下属的 \(p.townships.count) 个乡镇（街道）· \(model.year)年")),
            .form(.method(.get), .action(SiteURL.compositeIndex(p.plan.id, year: nil).path), .class("toolbar no-print"),
                .label(.text("年份 "), .select(.attribute(named: "name", value: "year"), .forEach(Array(p.indicators.dataYears)) { .choice(String($0), "\($0)年", selected: $0 == model.year) })),
                .button(.type(.submit), .class("secondary"), .text("计算")),
                .apiLink(.apiCompositeIndex(p.plan.id, year: model.year))),
            .details(.class("card method"), .summary("计算方法（本平台的方法，非官方算法）"),
                .ol(.forEach(CompositeIndex.methodDescription) { .li(.text($0)) })),
            result()
        )).render()
    }

    private func name(_ code: String) -> String { model.programme.indicators.indicator(code: code)?.name ?? code }

    private func result() -> Node<HTML.BodyContext> {
        switch model.result {
        case .failure(let error):
            return .notice("无法计算：\(error.description)", .warn)
        case .success(let r):
            return .group(
                .h2("结果"),
                .table(.class("stack"),
                    .thead(.tr(.th("名次"), .th("地区"), .th("综合指数"), .forEach(r.dimensions) { .th(.text($0)) })),
                    .tbody(.forEach(r.regions.sorted { $0.rank < $1.rank }) { s in
                        .tr(.td(.text("\(s.rank)")), .td(.text(s.region)), .td(.class("num"), .b(.text(NumberText.format(s.index, decimals: 2)))),
                            .forEach(r.dimensions) { d in .td(.class("num"), .text(s.subIndices[d].map { NumberText.format($0, decimals: 2) } ?? "—")) })
                    })),
                .h2("第 1 步：缺失值替代"),
                r.substitutions.isEmpty && r.imputations.isEmpty ? .p(.class("empty"), .text("无缺失值替代。")) :
                .ul(.forEach(r.substitutions) { .li(.text("\($0.region) \(name($0.code))：按\($0.rule.label)替代为 \(NumberText.format($0.value))")) },
                    .forEach(r.imputations) { .li(.text("\($0.region) \(name($0.code))：\($0.reason)")) }),
                .if(!r.excluded.isEmpty, .group(.h3("未纳入的指标"), .ul(.forEach(r.excluded) { .li(.text($0.name), .knownCode($0.code), .text("：\($0.reason)")) }))),
                .h2("第 2–4 步：标准化、熵权与组合权重"),
                .table(.class("stack"),
                    .thead(.tr(.th("指标"), .th("维度"), .th("方向"), .th("最小值"), .th("最大值"), .th("熵 e"), .th("差异系数 d"),
                               .th("熵权"), .th("专家权重"), .th("组合权重"))),
                    .tbody(.forEach(r.indicators) { i in
                        .tr(.td(.text(i.name), .knownCode(i.code)), .td(.text(i.dimension)), .td(.text(i.higherIsBetter ? "正向" : "逆向")),
                            .td(.class("num"), .text(NumberText.format(i.minimum))), .td(.class("num"), .text(NumberText.format(i.maximum))),
                            .td(.class("num"), .text(NumberText.format(i.entropy, decimals: 4))),
                            .td(.class("num"), .text(NumberText.format(i.divergence, decimals: 4))),
                            .td(.class("num"), .text(NumberText.format(i.entropyWeight, decimals: 4))),
                            .td(.class("num"), .text(NumberText.format(i.expertWeight, decimals: 4))),
                            .td(.class("num"), .b(.text(NumberText.format(i.weight, decimals: 4)))))
                    })),
                .h3("标准化值（0–1）"),
                .div(.style("overflow-x:auto"), .table(
                    .thead(.tr(.th("地区"), .forEach(r.included) { .th(.text($0)) })),
                    .tbody(.forEach(r.regions) { s in
                        .tr(.th(.text(s.region)), .forEach(r.included) { c in .td(.class("num"), .text(s.standardized[c].map { NumberText.format($0, decimals: 3) } ?? "—")) })
                    }))),
                .ul(.class("muted"), .forEach(r.notes) { .li(.text($0)) }))
        }
    }
}
