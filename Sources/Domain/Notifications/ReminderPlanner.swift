import Foundation

/// Whom a reminder is for, as the planner needs them.
public struct NotifiedAccount: Equatable, Sendable {
    public var id: UUID
    public var name: String
    public var role: Role
    public var planID: String?
    /// The unit a liaison or township officer reports for; its group robot hears its reminders.
    public var unit: String?

    public init(id: UUID, name: String, role: Role, planID: String?, unit: String?) {
        self.id = id; self.name = name; self.role = role; self.planID = planID; self.unit = unit
    }
}

/// A notification the planner wants queued, with the group that should hear it too.
public struct PlannedNotification: Equatable, Sendable {
    public var recipient: NotifiedAccount
    public var kind: AppNotification.Kind
    public var title: String
    public var body: String
    public var link: String
    public var dedupKey: String
    /// A unit's or the programme's group robot, and the key that makes the group hear this step once.
    public var group: ChannelSettings.Owner?
    public var groupKey: String?

    public init(recipient: NotifiedAccount, kind: AppNotification.Kind, title: String, body: String, link: String, dedupKey: String,
                group: ChannelSettings.Owner? = nil, groupKey: String? = nil) {
        self.recipient = recipient; self.kind = kind; self.title = title; self.body = body; self.link = link
        self.dedupKey = dedupKey; self.group = group; self.groupKey = groupKey
    }

    public func notification(id: UUID = UUID(), at instant: Date) -> AppNotification {
        AppNotification(id: id, recipientID: recipient.id, planID: recipient.planID, kind: kind, title: title, body: body,
                        link: link, createdAt: instant, dedupKey: dedupKey)
    }
}

/// Turns the work waiting on people into reminders, escalations and digests. Pure: every decision is a function of
/// the items, the day and the policy, and each result carries a dedup key, so running it again — after a restart,
/// on another server — queues nothing twice.
public enum ReminderPlanner {
    /// The reminder step an item has reached on `today`: the smallest offset not below the days left (a step missed
    /// while no server ran is still sent once), "overdue" once the due day has passed, nil before the first step.
    public static func step(due: LocalDate, today: LocalDate, offsets: [Int]) -> String? {
        let left = today.days(until: due)
        if left < 0 { return "overdue" }
        guard let offset = offsets.filter({ $0 >= left }).min() else { return nil }
        return "d\(offset)"
    }

    /// Reminders for one account's items with due dates.
    public static func reminders(for account: NotifiedAccount, items: [WorkItem], today: LocalDate,
                                 policy: NotificationPolicy) -> [PlannedNotification] {
        items.compactMap { item in
            guard let due = item.due, let step = step(due: due, today: today, offsets: policy.reminderOffsets) else { return nil }
            let left = today.days(until: due)
            let when: String
            switch left {
            case ..<0: when = "已逾期 \(-left) 天（\(due.chinese)截止）"
            case 0: when = "今天（\(due.chinese)）截止"
            default: when = "还有 \(left) 天（\(due.chinese)截止）"
            }
            let kind: AppNotification.Kind = left < 0 ? .overdue : .reminder
            let groupOwner = account.unit.flatMap { unit in account.planID.map { ChannelSettings.Owner.unit(planID: $0, unit: unit) } }
            return PlannedNotification(
                recipient: account, kind: kind, title: "\(kind.chineseName)：\(item.title)",
                body: "\(item.title)，\(when)。", link: item.url,
                dedupKey: "remind:\(account.id.uuidString):\(item.key):\(step)",
                group: groupOwner, groupKey: groupOwner.map { "group:\($0.key):\(item.key):\(step)" })
        }
    }

    /// Escalations to the programme's office for a unit account's items overdue `escalationDays` or more.
    public static func escalations(for account: NotifiedAccount, items: [WorkItem], offices: [NotifiedAccount],
                                   today: LocalDate, policy: NotificationPolicy) -> [PlannedNotification] {
        guard let unit = account.unit, let planID = account.planID, policy.escalationDays > 0 else { return [] }
        return items.flatMap { item -> [PlannedNotification] in
            guard let due = item.due, item.urgency == .overdue else { return [] }
            let late = due.days(until: today)
            guard late >= policy.escalationDays else { return [] }
            let office = ChannelSettings.Owner.programme(planID)
            return offices.filter { $0.planID == planID }.map { recipient in
                PlannedNotification(
                    recipient: recipient, kind: .escalation, title: "逾期督办：\(unit) \(item.title)",
                    body: "\(unit)的「\(item.title)」已逾期 \(late) 天（\(due.chinese)截止），请督促办理。", link: item.url,
                    dedupKey: "escalate:\(recipient.id.uuidString):\(item.key)",
                    group: office, groupKey: "group:\(office.key):escalate:\(item.key)")
            }
        }
    }

    /// The morning digest: once a day from the digest time on, listing every item, most urgent first.
    public static func digest(for account: NotifiedAccount, items: [WorkItem], now: Date, link: String,
                              policy: NotificationPolicy) -> PlannedNotification? {
        guard !items.isEmpty, minuteOfDayInChina(now) >= policy.digestMinute else { return nil }
        let today = LocalDate.inChina(now)
        let ordered = WorkItem.ordered(items)
        let lines = ordered.prefix(20).enumerated().map { index, item in
            var line = "\(index + 1). \(item.title)"
            if item.count > 1 { line += "（\(item.count) 项）" }
            if let due = item.due { line += "，\(item.urgency == .overdue ? "已逾期，" : "")\(due.chinese)截止" }
            return line
        }
        let more = ordered.count > 20 ? "\n另有 \(ordered.count - 20) 项，请登录查看。" : ""
        let overdue = ordered.filter { $0.urgency == .overdue }.count
        let head = overdue > 0 ? "共 \(ordered.count) 项待办，其中 \(overdue) 项已逾期：" : "共 \(ordered.count) 项待办："
        return PlannedNotification(
            recipient: account, kind: .digest, title: "每日待办（\(today.month)月\(today.day)日）",
            body: head + "\n" + lines.joined(separator: "\n") + more, link: link,
            dedupKey: "digest:\(account.id.uuidString):\(today.iso)", group: nil, groupKey: nil)
    }

    /// The policy in a sentence for the settings page.
    public static func describe(_ policy: NotificationPolicy) -> String {
        let days = policy.reminderOffsets.sorted(by: >).map { $0 == 0 ? "到期当天" : "到期前 \($0) 天" }.joined(separator: "、")
        let digest = String(format: "%d:%02d", policy.digestMinute / 60, policy.digestMinute % 60)
        var text = "站内消息始终开启。\(days)和逾期后第一天各提醒一次；"
        if policy.escalationDays > 0 { text += "逾期 \(policy.escalationDays) 天仍未办理的，会报给创建办；" }
        return text + "每天 \(digest) 以后发一份待办清单。"
    }

    /// Minutes after midnight, Beijing time.
    public static func minuteOfDayInChina(_ instant: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = calendar.dateComponents([.hour, .minute], from: instant)
        return (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }
}
