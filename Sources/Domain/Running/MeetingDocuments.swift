import Foundation

/// 会议通知 and 会议纪要 of a meeting, as the office issues them, in Word.
public struct MeetingDocuments: Sendable {
    public var meeting: Meeting
    public var programmeName: String
    public var office: String

    public init(meeting: Meeting, programmeName: String, office: String) {
        self.meeting = meeting; self.programmeName = programmeName; self.office = office
    }

    public var noticeTitle: String { "关于召开\(meeting.title)的通知" }
    public var minutesTitle: String { "\(meeting.title)纪要" }

    /// The notice: to the invited units; time, place, agenda, who attends, what to bring.
    public var notice: DOCXDocument {
        let m = meeting
        var blocks: [DOCXBlock] = [.title(noticeTitle)]
        blocks.append(.paragraph([DOCXRun(OfficialDocumentText.list(m.invited) + "：")]))
        blocks.append(.paragraph([DOCXRun("为推进\(programmeName)，经研究，定于\(m.date.chinese)召开\(m.title)。现将有关事项通知如下：")]))
        blocks.append(.heading("一、会议时间", level: 1))
        blocks.append(.paragraph([DOCXRun("\(m.date.chinese)（\(Self.weekday(m.date))）\(m.time)")]))
        blocks.append(.heading("二、会议地点", level: 1))
        blocks.append(.paragraph([DOCXRun(m.place)]))
        if !m.chair.isEmpty {
            blocks.append(.heading("三、会议主持", level: 1))
            blocks.append(.paragraph([DOCXRun(m.chair)]))
        }
        var number = m.chair.isEmpty ? 3 : 4
        blocks.append(.heading("\(OfficialDocumentText.chineseNumeral(number))、会议议程", level: 1))
        for (i, item) in m.agenda.enumerated() { blocks.append(.paragraph([DOCXRun("\(i + 1). \(item)")])) }
        number += 1
        blocks.append(.heading("\(OfficialDocumentText.chineseNumeral(number))、参会单位", level: 1))
        blocks.append(.paragraph([DOCXRun(OfficialDocumentText.list(m.invited) + "分管负责同志和联络员。")]))
        number += 1
        blocks.append(.heading("\(OfficialDocumentText.chineseNumeral(number))、有关要求", level: 1))
        blocks.append(.paragraph([DOCXRun("请各参会单位提前10分钟到达会场签到，不得无故缺席；确因特殊情况不能参会的，请提前向\(office)请假并委派其他负责同志参会。")]))
        blocks.append(.paragraph([]))
        blocks.append(.rightAligned([DOCXRun(office)]))
        blocks.append(.rightAligned([DOCXRun(m.noticeIssuedOn.chinese)]))
        return DOCXDocument(title: noticeTitle, blocks: blocks, creator: office, created: m.noticeIssuedOn.noonInChina)
    }

    /// The minutes: when and where, who chaired and attended (absent units named), the minutes, the decisions with
    /// responsible units and deadlines.
    public var minutes: DOCXDocument {
        let m = meeting
        var blocks: [DOCXBlock] = [.title(minutesTitle)]
        let chaired = m.chair.isEmpty ? "" : "，\(m.chair)主持"
        blocks.append(.paragraph([DOCXRun("\(m.date.chinese)\(m.time)，\(m.title)在\(m.place)召开\(chaired)。")]))
        blocks.append(.heading("一、出席情况", level: 1))
        let present = m.attendance.filter(\.attended)
        if present.isEmpty {
            blocks.append(.paragraph(["未登记出席情况。"]))
        } else {
            blocks.append(.table(DOCXTable(header: ["单位", "出席人员"],
                                           rows: present.map { [$0.unit, OfficialDocumentText.list($0.people)] },
                                           relativeColumnWidths: [2, 5])))
        }
        if !m.absentUnits.isEmpty {
            blocks.append(.paragraph([DOCXRun("缺席单位：", bold: true), DOCXRun(OfficialDocumentText.list(m.absentUnits) + "。")]))
        }
        blocks.append(.heading("二、会议内容", level: 1))
        blocks += OfficialDocumentText.paragraphs(m.minutes)
        blocks.append(.heading("三、议定事项", level: 1))
        if m.decisions.isEmpty {
            blocks.append(.paragraph(["本次会议无议定事项。"]))
        } else {
            blocks.append(.table(DOCXTable(
                header: ["序号", "议定事项", "责任单位", "完成时限"],
                rows: m.decisions.map { [String($0.id), $0.text, OfficialDocumentText.list($0.responsible), $0.deadline?.chinese ?? "—"] },
                relativeColumnWidths: [1.2, 6, 3, 3])))
            blocks.append(.paragraph([DOCXRun("各责任单位要按照议定事项抓好落实，在完成时限前将落实情况报送\(office)。")]))
        }
        blocks.append(.paragraph([]))
        blocks.append(.rightAligned([DOCXRun(office)]))
        blocks.append(.rightAligned([DOCXRun(m.date.chinese)]))
        return DOCXDocument(title: minutesTitle, blocks: blocks, creator: office, created: m.date.noonInChina)
    }

    public func noticeDocx() throws -> Data { try DOCXWriter.data(notice) }
    public func minutesDocx() throws -> Data { try DOCXWriter.data(minutes) }

    public var noticeFileName: String { "\(meeting.date.iso)-\(meeting.title)-通知.docx" }
    public var minutesFileName: String { "\(meeting.date.iso)-\(meeting.title)-纪要.docx" }

    /// 星期一 … 星期日.
    static func weekday(_ date: LocalDate) -> String {
        // 1970-01-01 was a Thursday.
        let names = ["星期四", "星期五", "星期六", "星期日", "星期一", "星期二", "星期三"]
        let n = date.dayNumber % 7
        return names[(n + 7) % 7]
    }
}
