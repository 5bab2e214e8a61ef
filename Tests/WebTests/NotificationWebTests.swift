import Core
import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// The pages: the inbox and its header badge, each person's channels (every bad field named, nothing half-saved, a
/// stale save refused), the office's group robots and its delivery log, and who may reach what.
@Suite struct NotificationWebTests {
    static let plan = "pianguan-2023"

    @Test(arguments: TestEngine.available)
    func inboxSettingsAndDeliveryLog(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let liaison = try await site.browser("liaison"), office = try await site.browser("office")
            let leader = try await site.browser("leader")
            let account = try #require(site.accounts["liaison"])
            let store = site.app.appCore.notifications

            // Bad input: every problem named, nothing saved.
            let bad = try await site.post("/notifications/settings", [
                "revision": "0", "email": "liaison@", "wecom": "qyapi.weixin.qq.com/send", "dingtalk": "", "dingtalkSecret": "S",
                "feishu": "ftp://open.feishu.cn/x", "feishuSecret": "",
            ], as: liaison)
            #expect(bad.status == .unprocessableEntity)
            let badPage = bad.body.string
            for field in ["电子邮箱", "企业微信群机器人地址", "钉钉群机器人签名密钥", "飞书群机器人地址"] { #expect(badPage.contains(field), "\(field)") }
            #expect(badPage.contains("qyapi.weixin.qq.com/send"), "what was typed is shown again")
            #expect(try await store.channels(.account(account.id)).revision == 0)

            // A good save, then a stale one.
            let good = try await site.post("/notifications/settings", [
                "revision": "0", "email": " liaison@example.cn ", "wecom": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K",
                "dingtalk": "", "dingtalkSecret": "", "feishu": "", "feishuSecret": "",
            ], as: liaison)
            #expect(good.status == .seeOther)
            let saved = try await store.channels(.account(account.id))
            #expect(saved.email == "liaison@example.cn" && saved.robots.map(\.channel) == [.wecom] && saved.revision == 1)
            let stale = try await site.post("/notifications/settings", ["revision": "0", "email": "other@example.cn"], as: liaison)
            #expect(stale.status == .unprocessableEntity && stale.body.string.contains("已被"))
            #expect(try await store.channels(.account(account.id)).email == "liaison@example.cn")
            let settingsPage = try await site.get("/notifications/settings", as: liaison).body.string
            #expect(settingsPage.contains("liaison@example.cn") && !settingsPage.contains("工作群机器人"), "a liaison sets only its own channels")

            // The office sets a unit's group robot; a liaison may not, and an unknown unit is refused.
            let groupForm = ["revision": "0", "group": "县卫体局", "dingtalk": "https://oapi.dingtalk.com/robot/send?access_token=T",
                             "dingtalkSecret": "SEC1", "wecom": "", "feishu": "", "feishuSecret": ""]
            #expect(try await site.post("/plans/\(Self.plan)/notification-groups", groupForm, as: liaison).status == .forbidden)
            var unknown = groupForm
            unknown["group"] = "没有这个单位"
            #expect(try await site.post("/plans/\(Self.plan)/notification-groups", unknown, as: office).status == .badRequest)
            #expect(try await site.post("/plans/\(Self.plan)/notification-groups", groupForm, as: office).status == .seeOther)
            #expect(try await store.channels(.unit(planID: Self.plan, unit: "县卫体局")).robot(.dingtalk)?.secret == "SEC1")
            let officeSettings = try await site.get("/notifications/settings", as: office).body.string
            #expect(officeSettings.contains("县卫体局工作群") && officeSettings.contains("创建办工作群") && officeSettings.contains("发送记录"))

            // A reminder reaches the inbox and the header's count; reading it goes to the work.
            let person = NotifiedAccount(id: account.id, name: account.displayName, role: .liaison, planID: Self.plan, unit: "县卫体局")
            let link = SiteURL.monthlyReports(Self.plan, month: nil).path
            for index in 1...2 {
                try await NotificationQueue.enqueue(PlannedNotification(
                    recipient: person, kind: .reminder, title: "到期提醒：第\(index)条", body: "还有 3 天。", link: link,
                    dedupKey: "web:\(index)", group: .unit(planID: Self.plan, unit: "县卫体局"), groupKey: "web-group:\(index)"), in: site.app.appCore)
            }
            let home = try await site.get("/", as: liaison).body.string
            #expect(home.contains("消息，2 条未读"))
            let inbox = try await site.get("/notifications", as: liaison).body.string
            #expect(inbox.contains("到期提醒：第1条") && inbox.contains("2 条未读") && inbox.contains("全部标为已读"))
            let first = try #require(try await store.inbox(recipientID: account.id, limit: 10).first { $0.title == "到期提醒：第1条" })
            #expect(try await site.post("/notifications/\(UUID().uuidString)/read", [:], as: liaison).status == .notFound)
            #expect(try await site.post("/notifications/\(first.id.uuidString)/read", [:], as: office).status == .notFound,
                    "someone else's message is not found")
            let read = try await site.post("/notifications/\(first.id.uuidString)/read", [:], as: liaison)
            #expect(read.status == .seeOther && read.headers.first(name: .location) == link)
            #expect(try await store.unreadCount(recipientID: account.id) == 1)
            #expect(try await site.post("/notifications/read-all", [:], as: liaison).status == .seeOther)
            #expect(try await store.unreadCount(recipientID: account.id) == 0)
            #expect(!(try await site.get("/", as: liaison).body.string.contains("条未读")))

            // The API lists them for the person.
            let api = try await site.get("/api/v1/me/notifications", as: liaison)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(api.body.readableBytesView)) as? [String: Any])
            #expect(json["unread"] as? Int == 0 && (json["items"] as? [[String: Any]])?.count == 2)

            // The office's delivery log: the liaison's email and robot, and the unit group's robot, each once per message.
            let log = try await site.get("/plans/\(Self.plan)/notification-log", as: office)
            #expect(log.status == .ok)
            let logPage = log.body.string
            #expect(logPage.contains("电子邮件") && logPage.contains("企业微信群机器人") && logPage.contains("县卫体局工作群")
                    && logPage.contains("待发送") && logPage.contains("liaison@example.cn"))
            #expect(!logPage.contains("key=K") && !logPage.contains("access_token=T"), "webhook keys are not shown")
            #expect(try await store.deliveries(planID: Self.plan, limit: 50).count == 6)
            #expect(try await site.get("/plans/\(Self.plan)/notification-log?status=failed", as: office).body.string.contains("还没有发送记录"))
            #expect(try await site.get("/plans/\(Self.plan)/notification-log", as: liaison).status == .forbidden)
            #expect(try await site.get("/plans/\(Self.plan)/notification-log", as: leader).status == .forbidden)
            #expect(try await site.get("/notifications", as: nil).status == .seeOther)
        }
    }
}
