import Domain
import Foundation

/// The JSON of meetings and training courses (`/api/v1/plans/{id}/meetings`, `…/trainings`).
struct MeetingDTO: Encodable {
    struct Attendance: Encodable { var unit: String; var people: [String]; var attended: Bool }
    struct Decision: Encodable { var id: Int; var text: String; var responsible: [String]; var deadline: String?; var taskID: Int? }

    var id: UUID; var kind: String; var kindName: String; var title: String; var date: String; var time: String; var place: String
    var chair: String; var agenda: [String]; var invited: [String]; var noticeIssuedOn: String; var state: String; var stateName: String
    var attendance: [Attendance]; var absent: [String]; var minutes: String; var decisions: [Decision]; var files: Int
    var countsAsCoordination: Bool

    init(_ m: Meeting) {
        id = m.id; kind = m.kind.rawValue; kindName = m.kind.chineseName; title = m.title; date = m.date.iso; time = m.time
        place = m.place; chair = m.chair; agenda = m.agenda; invited = m.invited; noticeIssuedOn = m.noticeIssuedOn.iso
        state = m.state.rawValue; stateName = m.state.chineseName
        attendance = m.attendance.map { Attendance(unit: $0.unit, people: $0.people, attended: $0.attended) }
        absent = m.absentUnits; minutes = m.minutes
        decisions = m.decisions.map { Decision(id: $0.id, text: $0.text, responsible: $0.responsible, deadline: $0.deadline?.iso, taskID: $0.taskID) }
        files = m.files.count + (m.minutesDocument == nil ? 0 : 1)
        countsAsCoordination = m.kind.isCoordination && m.state >= .held
    }
}

struct TrainingDTO: Encodable {
    struct Attendance: Encodable { var unit: String; var count: Int }

    var id: UUID; var kind: String; var kindName: String; var tier: String; var tierName: String; var title: String
    var audience: String; var organiser: String; var date: String; var place: String; var hours: Decimal
    var attendees: [Attendance]; var totalAttendees: Int; var materials: Int

    init(_ t: Training) {
        id = t.id; kind = t.kind.rawValue; kindName = t.kind.chineseName; tier = t.tier.rawValue; tierName = t.tier.chineseName
        title = t.title; audience = t.audience; organiser = t.organiser; date = t.date.iso; place = t.place; hours = t.hours
        attendees = t.attendees.map { Attendance(unit: $0.unit, count: $0.count) }; totalAttendees = t.totalAttendees
        materials = t.materials.count
    }
}

struct TrainingCoverageDTO: Encodable {
    struct Unit: Encodable { var unit: String; var attendees: Int; var allStaffAttendees: Int; var courses: Int }
    struct Tier: Encodable { var tier: String; var tierName: String; var courses: Int; var attendees: Int; var hours: Decimal }
    var units: [Unit]; var tiers: [Tier]; var kindsHeld: [String]

    init(_ c: TrainingCoverage) {
        units = c.units.map { Unit(unit: $0.unit, attendees: $0.attendees, allStaffAttendees: $0.allStaffAttendees, courses: $0.courses) }
        tiers = c.tiers.map { Tier(tier: $0.tier.rawValue, tierName: $0.tier.chineseName, courses: $0.courses, attendees: $0.attendees, hours: $0.hours) }
        kindsHeld = c.kindsHeld.map(\.rawValue)
    }
}
