import Core
import Domain
import Plot

/// The site's main navigation, grouped by the office's work (计划与任务 · 数据与指标 · 健康细胞 · 调查 · 督导与迎检 ·
/// 设置) rather than one flat row of links: the office has some twenty pages and a flat row wrapped over four lines
/// on a phone. Each role gets only the pages it may open (`NavigationTests` opens every link as every role), and the
/// section holding the current page is marked.
extension Layout {
    struct NavItem {
        var title: String
        var url: SiteURL
    }

    /// A top-level entry: a single link, or a group that drops down (details/summary, so it opens without JavaScript).
    enum NavEntry {
        case link(NavItem)
        case group(String, [NavItem])

        var items: [NavItem] {
            switch self {
            case .link(let item): [item]
            case .group(_, let items): items
            }
        }
    }

    /// Every link of the navigation, flattened (tests open each one).
    static func navigation(_ context: PageContext) -> [NavItem] { navigationEntries(context).flatMap(\.items) }

    /// What each role may use, grouped; groups left empty are dropped and a group of one is a plain link.
    static func navigationEntries(_ context: PageContext) -> [NavEntry] {
        guard let principal = context.principal else { return [.link(NavItem(title: "登录", url: .login(next: nil)))] }
        var entries: [NavEntry] = [.link(NavItem(title: "首页", url: .home))]
        func group(_ title: String, _ items: [NavItem]) {
            if items.count == 1, let only = items.first, only.title == title { entries.append(.link(only)) }
            else if !items.isEmpty { entries.append(.group(title, items)) }
        }
        let plan = principal.planID
        switch principal.role {
        case .admin:
            group("方案", [NavItem(title: "方案列表", url: .planList), NavItem(title: "导入方案", url: .imports)])
            group("设置", [NavItem(title: "账号", url: .users), NavItem(title: "区划", url: .regionPlans),
                          NavItem(title: "接口令牌", url: .tokens), NavItem(title: "操作日志", url: .auditLog(plan: nil, page: 1)),
                          NavItem(title: "系统设置", url: .settings)])
        case .office:
            if let plan {
                group("计划与任务", [NavItem(title: "看板", url: .dashboard(plan)), NavItem(title: "方案", url: .plan(plan)),
                                NavItem(title: "任务", url: .tasks(plan, unit: nil)),
                                NavItem(title: "月报", url: .monthlyReports(plan, month: nil)),
                                NavItem(title: "会议", url: .meetings(plan)), NavItem(title: "培训", url: .trainings(plan, year: nil)),
                                NavItem(title: "活动", url: .activities(plan, year: nil)),
                                NavItem(title: "责任与经费", url: .commitments(plan))])
                group("数据与指标", [NavItem(title: "指标", url: .indicators(plan, year: nil)),
                                NavItem(title: "待审核数据", url: .indicatorReview(plan)),
                                NavItem(title: "健康影响评价", url: .policies(plan))])
                group("健康细胞", [NavItem(title: "覆盖情况", url: .cells(plan)),
                               NavItem(title: "细胞名录", url: .cellRegister(plan, cell: nil, status: nil, region: nil, text: nil, page: 1)),
                               NavItem(title: "待确认评审", url: .cellReview(plan))])
                group("调查", [NavItem(title: "调查", url: .surveys(plan))])
                group("督导与迎检", [NavItem(title: "督导", url: .inspections(plan)), NavItem(title: "迎检资料", url: .dossier(plan))])
            }
            var settings: [NavItem] = []
            if let plan {
                settings += [NavItem(title: "单位", url: .planUnits(plan)), NavItem(title: "区划", url: .regionAdmin(plan)),
                             NavItem(title: "健康促进网络", url: .network(plan))]
            }
            settings += [NavItem(title: "账号", url: .users), NavItem(title: "接口令牌", url: .tokens),
                         NavItem(title: "操作日志", url: .auditLog(plan: plan, page: 1)), NavItem(title: "导入方案", url: .imports),
                         NavItem(title: "消息提醒设置", url: .notificationSettings(notice: nil))]
            if let plan { settings.append(NavItem(title: "发送记录", url: .deliveryLog(plan, status: nil))) }
            group("设置", settings)
        case .liaison:
            guard let plan else { break }
            var work: [NavItem] = []
            if let own = context.ownPage { work.append(NavItem(title: "本单位任务", url: own)) }
            work += [NavItem(title: "任务进展", url: .tasks(plan, unit: principal.unit)),
                     NavItem(title: "工作月报", url: .monthlyReports(plan, month: nil)),
                     NavItem(title: "会议", url: .meetings(plan)), NavItem(title: "培训", url: .trainings(plan, year: nil)),
                     NavItem(title: "活动", url: .activities(plan, year: nil)), NavItem(title: "方案", url: .plan(plan)),
                     NavItem(title: "健康促进网络", url: .network(plan))]
            group("计划与任务", work)
            group("数据与指标", [NavItem(title: "报送指标", url: .indicatorEntry(plan, unit: principal.unit, period: nil, region: nil)),
                            NavItem(title: "指标", url: .indicators(plan, year: nil)),
                            NavItem(title: "政策评价", url: .policies(plan))])
            group("督导与迎检", [NavItem(title: "整改", url: .inspections(plan))])
        case .township:
            guard let plan else { break }
            if let own = context.ownPage { entries.append(.link(NavItem(title: "本乡镇", url: own))) }
            var cells = [NavItem(title: "覆盖情况", url: .cells(plan))]
            if let region = principal.regionID {
                cells += [NavItem(title: "细胞名录", url: .cellRegister(plan, cell: nil, status: nil, region: region, text: nil, page: 1)),
                          NavItem(title: "批量评分", url: .cellBatch(plan, region: region, cell: nil))]
            }
            group("健康细胞", cells)
            group("调查", [NavItem(title: "调查", url: .surveys(plan))])
            group("计划与指标", [NavItem(title: "方案", url: .plan(plan)), NavItem(title: "指标", url: .indicators(plan, year: nil))])
        case .assessor, .leader:
            guard let plan else { break }
            group("计划与任务", [NavItem(title: "看板", url: .dashboard(plan)), NavItem(title: "方案", url: .plan(plan)),
                            NavItem(title: "任务", url: .tasks(plan, unit: nil)),
                            NavItem(title: "月报", url: .monthlyReports(plan, month: nil)),
                            NavItem(title: "会议", url: .meetings(plan)), NavItem(title: "培训", url: .trainings(plan, year: nil))])
            group("数据与指标", [NavItem(title: "指标", url: .indicators(plan, year: nil))])
            group("健康细胞", [NavItem(title: "健康细胞", url: .cells(plan))])
            group("调查", [NavItem(title: "调查", url: .surveys(plan))])
            group("督导与迎检", [NavItem(title: "督导", url: .inspections(plan))])
        case .province:
            group("方案", [NavItem(title: "方案", url: .planList)])
        }
        entries.append(.link(NavItem(title: "搜索", url: .search(nil))))
        return entries
    }

    /// The path (without query) of the navigation link the current page falls under: the same page, else the
    /// deepest link whose path the page's path continues (a task's page under 任务, a place under 细胞名录).
    static func currentLink(_ entries: [NavEntry], path: String) -> String? {
        let page = Self.trimmed(path)
        var best: String?
        for item in entries.flatMap(\.items) {
            let link = Self.trimmed(item.url.path)
            let within = link == page || (link != "/" && page.hasPrefix(link + "/"))
            if within, link.count > (best?.count ?? -1) { best = link }
        }
        return best
    }

    private static func trimmed(_ path: String) -> String {
        let bare = String(path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        return bare.count > 1 && bare.hasSuffix("/") ? String(bare.dropLast()) : bare
    }

    static func navigationNode(_ context: PageContext) -> Node<HTML.BodyContext> {
        let entries = navigationEntries(context)
        let current = currentLink(entries, path: context.path)
        func isCurrent(_ item: NavItem) -> Bool { trimmed(item.url.path) == current }
        func link(_ item: NavItem) -> Node<HTML.BodyContext> {
            .a(.href(item.url.path), .if(isCurrent(item), .attribute(named: "aria-current", value: "page")), .text(item.title))
        }
        return .nav(.class("site-nav"), .attribute(named: "aria-label", value: "主导航"),
            .forEach(entries) { entry in
                switch entry {
                case .link(let item):
                    return link(item)
                case .group(let title, let items):
                    let here = items.contains(where: isCurrent)
                    return .details(.class(here ? "nav-group current" : "nav-group"),
                        .summary(.if(here, .attribute(named: "aria-current", value: "true")), .text(title)),
                        .ul(.forEach(items) { item in .li(link(item)) })
                    )
                }
            }
        )
    }
}
