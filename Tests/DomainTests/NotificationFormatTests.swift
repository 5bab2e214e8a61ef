import Domain
import Foundation
import Testing

/// The group robots' message formats and signatures, against the vendors' documented algorithms (the expected
/// signatures were computed with Python's hmac as the vendors' sample code does), the email encoding, the input
/// checks and the reminder planner's steps.
@Suite struct NotificationFormatTests {
    static let instant = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func weComPostsMarkdownContent() throws {
        let request = RobotMessage.wecom(url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", title: "到期提醒：6月工作月报待报送",
                                         body: "还有 3 天。", link: "https://example.cn/plans/x")
        #expect(request.url == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K")
        let json = try #require(request.json)
        #expect(json["msgtype"] as? String == "markdown")
        let content = try #require((json["markdown"] as? [String: Any])?["content"] as? String)
        #expect(content.hasPrefix("### 到期提醒：6月工作月报待报送\n还有 3 天。") && content.contains("(https://example.cn/plans/x)"))
        #expect(json.count == 2)
    }

    @Test func dingTalkSignsInTheQuery() throws {
        #expect(RobotMessage.dingtalkSign(timestamp: "1700000000000", secret: "SECabc123") == "N5P09a4+p1AMJIJWnIvQd2Yxw9+fu/oEBnPrjCcsLXk=")
        let request = RobotMessage.dingtalk(url: "https://oapi.dingtalk.com/robot/send?access_token=T", secret: "SECabc123",
                                            title: "逾期督办", body: "正文", link: nil, at: Self.instant)
        #expect(request.url == "https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1700000000000&sign=N5P09a4%2Bp1AMJIJWnIvQd2Yxw9%2Bfu%2FoEBnPrjCcsLXk%3D")
        let json = try #require(request.json)
        #expect(json["msgtype"] as? String == "markdown")
        let markdown = try #require(json["markdown"] as? [String: Any])
        #expect(markdown["title"] as? String == "逾期督办" && (markdown["text"] as? String)?.contains("正文") == true)
        // Without a secret the URL is left as given.
        #expect(RobotMessage.dingtalk(url: "https://oapi.dingtalk.com/robot/send?access_token=T", secret: nil, title: "t", body: "b",
                                      link: nil, at: Self.instant).url == "https://oapi.dingtalk.com/robot/send?access_token=T")
    }

    @Test func feishuSignsInTheBody() throws {
        #expect(RobotMessage.feishuSign(timestamp: "1700000000", secret: "feishuSecret") == "s1kXC05eKiEHuyy1iNXgtQd2PntVWKcAeZLZlUt2XGA=")
        let request = RobotMessage.feishu(url: "https://open.feishu.cn/open-apis/bot/v2/hook/abc", secret: "feishuSecret",
                                          title: "每日待办", body: "共 2 项", link: "/plans/x", at: Self.instant)
        let json = try #require(request.json)
        #expect(json["msg_type"] as? String == "text")
        #expect(json["timestamp"] as? String == "1700000000" && json["sign"] as? String == "s1kXC05eKiEHuyy1iNXgtQd2PntVWKcAeZLZlUt2XGA=")
        #expect((json["content"] as? [String: Any])?["text"] as? String == "每日待办\n共 2 项\n办理：/plans/x")
        let unsigned = try #require(RobotMessage.feishu(url: "https://open.feishu.cn/x", secret: "", title: "t", body: "b", link: nil,
                                                        at: Self.instant).json)
        #expect(unsigned["sign"] == nil && unsigned["timestamp"] == nil)
    }

    @Test func robotAnswersAreRead() {
        #expect(RobotMessage.accepted(channel: .wecom, status: 200, body: Data(#"{"errcode":0,"errmsg":"ok"}"#.utf8)).ok)
        let refused = RobotMessage.accepted(channel: .dingtalk, status: 200, body: Data(#"{"errcode":310000,"errmsg":"sign not match"}"#.utf8))
        #expect(!refused.ok && refused.problem?.contains("310000") == true && refused.problem?.contains("sign not match") == true)
        #expect(!RobotMessage.accepted(channel: .feishu, status: 200, body: Data(#"{"code":19021,"msg":"sign match fail"}"#.utf8)).ok)
        #expect(RobotMessage.accepted(channel: .feishu, status: 500, body: Data()).problem == "机器人地址回应 HTTP 500")
    }

    @Test func emailSubjectIsEncodedWordsAndBodyBase64() throws {
        let subject = "到期提醒：2023年6月工作月报待报送，还有 3 天（2023年6月30日截止）"
        let message = EmailMessage(from: "noreply@jkcs.example.cn", to: "a@example.cn", subject: subject, body: "第一行\n.第二行",
                                   date: Self.instant, messageID: "m1")
        let data = message.data
        #expect(data.allSatisfy { $0.isASCII })
        let headerEnd = try #require(data.range(of: "\r\n\r\n"))
        let headers = String(data[..<headerEnd.lowerBound])
        let subjectHeader = try #require(headers.components(separatedBy: "\r\nDate:").first?.components(separatedBy: "Subject: ").last)
        for line in subjectHeader.components(separatedBy: "\r\n") { #expect(line.count <= 76) }
        #expect(EmailMessage.decodeWords(subjectHeader) == subject)
        let body = String(data[headerEnd.upperBound...]).replacingOccurrences(of: "\r\n", with: "")
        #expect(String(decoding: try #require(Data(base64Encoded: body)), as: UTF8.self) == "第一行\r\n.第二行")
        #expect(headers.contains("Date: Wed, 15 Nov 2023 06:13:20 +0800"))
        #expect(EmailMessage.encodedWords("Plain") == "Plain")
    }

    @Test func inputsAreCheckedWithTheFieldNamed() {
        #expect(ChannelInput.email(" liaison@example.cn ").0 == "liaison@example.cn")
        #expect(ChannelInput.email("").0 == nil && ChannelInput.email("").1 == nil)
        for bad in ["liaison", "a@b", "a b@example.cn", "@example.cn", "a@.cn", "a<b>@example.cn"] {
            #expect(ChannelInput.email(bad).1?.field == "电子邮箱", "\(bad)")
        }
        #expect(ChannelInput.webhook("https://oapi.dingtalk.com/robot/send?access_token=T", secret: "S", channel: .dingtalk).0?.secret == "S")
        for bad in ["oapi.dingtalk.com/robot", "ftp://x.cn/a", "https://", "javascript:alert(1)"] {
            let (hook, problems) = ChannelInput.webhook(bad, secret: "", channel: .dingtalk)
            #expect(hook == nil && problems.first?.field == "钉钉群机器人地址", "\(bad)")
        }
        #expect(ChannelInput.webhook("", secret: "S", channel: .feishu).1.first?.field == "飞书群机器人签名密钥")
        #expect(ChannelInput.webhook("https://qyapi.weixin.qq.com/x", secret: "S", channel: .wecom).1.first?.field == "企业微信群机器人签名密钥")
    }

    @Test func remindersStepThroughOffsetsOnce() throws {
        let due = try #require(LocalDate(iso: "2023-06-30"))
        func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }
        #expect(ReminderPlanner.step(due: due, today: day("2023-06-26"), offsets: [3, 1]) == nil)
        #expect(ReminderPlanner.step(due: due, today: day("2023-06-27"), offsets: [3, 1]) == "d3")
        #expect(ReminderPlanner.step(due: due, today: day("2023-06-28"), offsets: [3, 1]) == "d3")
        #expect(ReminderPlanner.step(due: due, today: day("2023-06-29"), offsets: [3, 1]) == "d1")
        #expect(ReminderPlanner.step(due: due, today: day("2023-06-30"), offsets: [3, 1]) == "d1")
        #expect(ReminderPlanner.step(due: due, today: day("2023-07-01"), offsets: [3, 1]) == "overdue")
        let account = NotifiedAccount(id: UUID(), name: "联络员", role: .liaison, planID: "p", unit: "县卫体局")
        let item = WorkItem(kind: .reportDue, title: "6月工作月报待报送", count: 1, due: due, destination: .monthlyReports(plan: "p", month: nil), url: "/plans/p/reports",
                            urgency: .soon, planID: "p", key: "reportDue:p:县卫体局:2023-06")
        let planned = try #require(ReminderPlanner.reminders(for: account, items: [item], today: day("2023-06-27"), policy: .standard).first)
        #expect(planned.title == "到期提醒：6月工作月报待报送" && planned.body.contains("还有 3 天"))
        #expect(planned.group == .unit(planID: "p", unit: "县卫体局"))
        let office = NotifiedAccount(id: UUID(), name: "创建办", role: .office, planID: "p", unit: nil)
        var late = item
        late.urgency = .overdue
        #expect(ReminderPlanner.escalations(for: account, items: [late], offices: [office], today: day("2023-07-06"), policy: .standard).isEmpty)
        let escalation = try #require(ReminderPlanner.escalations(for: account, items: [late], offices: [office], today: day("2023-07-07"),
                                                                  policy: .standard).first)
        #expect(escalation.recipient == office && escalation.title.contains("县卫体局") && escalation.body.contains("已逾期 7 天"))
        // The digest waits for 08:30 in China.
        let early = ISO8601DateFormatter().date(from: "2023-06-27T08:29:00+08:00")!
        let later = ISO8601DateFormatter().date(from: "2023-06-27T08:30:00+08:00")!
        #expect(ReminderPlanner.digest(for: account, items: [item], now: early, link: "/", policy: .standard) == nil)
        #expect(ReminderPlanner.digest(for: account, items: [item], now: later, link: "/", policy: .standard)?.body.contains("1. 6月工作月报待报送") == true)
        #expect(ReminderPlanner.describe(.standard) == "站内消息始终开启。到期前 3 天、到期前 1 天和逾期后第一天各提醒一次；逾期 7 天仍未办理的，会报给创建办；每天 8:30 以后发一份待办清单。")
        #expect(NotificationPolicy.standard.backoff(afterAttempts: 1) == 60 && NotificationPolicy.standard.backoff(afterAttempts: 3) == 240)
    }
}
