import Core
import Domain
import Foundation
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// The main navigation: grouped by the office's work, only pages the role may open, the current section marked,
/// and one 菜单 button on a phone.
@Suite struct NavigationTests {
    static let plan = "pianguan-2023"

    /// The links inside `<nav class="site-nav">` of a page, in order.
    static func navLinks(_ html: String) throws -> [(href: String, current: Bool, text: String)] {
        let start = try #require(html.range(of: "<nav class=\"site-nav\""))
        let end = try #require(html[start.upperBound...].range(of: "</nav>"))
        let nav = String(html[start.lowerBound..<end.lowerBound])
        let link = try NSRegularExpression(pattern: "<a href=\"([^\"]*)\"( aria-current=\"page\")?>([^<]*)</a>")
        let ns = nav as NSString
        return link.matches(in: nav, range: NSRange(location: 0, length: ns.length)).map {
            (ns.substring(with: $0.range(at: 1)).replacingOccurrences(of: "&amp;", with: "&"),
             $0.range(at: 2).location != NSNotFound, ns.substring(with: $0.range(at: 3)))
        }
    }

    @Test func everyRoleSeesOnlyLinksItMayOpen() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            for person in TestSite.people {
                let browser = try await site.browser(person.username)
                let home = try await site.get("/", as: browser)
                #expect(home.status == .ok)
                let links = try Self.navLinks(home.body.string)
                #expect(links.count >= 3, "\(person.username): \(links.map(\.text))")
                for link in links {
                    let res = try await site.get(link.href, as: browser)
                    #expect(res.status == .ok, "\(person.username) is offered \(link.text) \(link.href) but gets \(res.status.code)")
                }
                let texts = Set(links.map(\.text))
                // Write links for those who write; API and token pages only for those who hold tokens.
                switch person.role {
                case .leader, .province, .assessor:
                    #expect(texts.isDisjoint(with: ["账号", "接口令牌", "操作日志", "报送指标", "导入方案", "待审核数据"]), "\(person.username): \(texts)")
                case .township:
                    #expect(texts.isDisjoint(with: ["报送指标", "账号", "接口令牌", "任务"]), "\(texts)")
                case .liaison:
                    #expect(texts.isDisjoint(with: ["账号", "接口令牌", "看板", "待审核数据"]), "\(texts)")
                    #expect(texts.contains("报送指标"))
                case .office:
                    #expect(texts.isSuperset(of: ["看板", "任务", "月报", "指标", "督导", "迎检资料", "单位", "账号", "接口令牌"]))
                case .admin:
                    #expect(texts.isSuperset(of: ["账号", "接口令牌", "导入方案"]))
                }
            }
        }
    }

    @Test func theOfficeNavigationIsGroupedAndMarksTheCurrentSection() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            let base = "/plans/\(Self.plan)"
            let html = try await site.get("\(base)/inspections", as: office).body.string
            // Seven top-level entries at most (首页, five groups, 设置, 搜索), not a row of twenty.
            let groups = html.components(separatedBy: "<details class=\"nav-group").count - 1
            #expect(groups >= 5, "\(groups) groups")
            for title in ["计划与任务", "数据与指标", "健康细胞", "督导与迎检", "设置"] {
                #expect(html.contains("<summary") && html.contains(">\(title)</summary>"), "\(title)")
            }
            // The current page's link and its group are marked; nothing else is.
            let links = try Self.navLinks(html)
            #expect(links.filter(\.current).map(\.text) == ["督导"])
            #expect(html.contains("<details class=\"nav-group current\"><summary aria-current=\"true\">督导与迎检</summary>"))
            #expect(html.components(separatedBy: "aria-current=").count - 1 == 2)
            // A page below a link marks that link: a unit's page falls under 单位.
            let task = try await site.get("\(base)/units/县卫体局", as: office).body.string
            #expect(try Self.navLinks(task).filter(\.current).map(\.text) == ["单位"])
            let home = try await site.get("/", as: office).body.string
            #expect(try Self.navLinks(home).filter(\.current).map(\.text) == ["首页"])
            // The phone's one-line menu: a 菜单 button for a checkbox that opens the navigation without script.
            #expect(html.contains("<input type=\"checkbox\" id=\"nav-toggle\" class=\"nav-toggle\"/>")
                    || html.contains("<input type=\"checkbox\" id=\"nav-toggle\" class=\"nav-toggle\">"))
            #expect(html.contains("<label for=\"nav-toggle\" class=\"menu-button\">菜单</label>"))
        }
    }

    @Test func aForbiddenPageSaysPlainlyWhatTheAccountMayNotDo() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let leader = try await site.browser("leader")
            let res = try await site.get("/admin/users", as: leader)
            #expect(res.status == .forbidden)
            let html = res.body.string
            #expect(html.contains("<h1>无权访问</h1>"))
            #expect(html.contains("无权管理账号"), "\(html.prefix(2000))")
            let township = try await site.browser("township")
            let review = try await site.get("/plans/\(Self.plan)/indicators/review", as: township)
            #expect(review.status == .forbidden)
            #expect(review.body.string.contains("<h1>无权访问</h1>"))
            #expect(review.body.string.contains("您的账号（乡镇（街道）专干）无权导入指标数据或修改指标设置"), "\(review.body.string.suffix(1500))")
        }
    }
}
