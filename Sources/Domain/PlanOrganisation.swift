import Foundation

// The programme's organisation as its plan describes it: the leading group, the office, working groups and units.

public struct Organisation: Equatable, Sendable {
    public var leadingGroup: LeadingGroup?
    public var memberUnits: [String]
    public var office: Office?
    public var workingGroups: [WorkingGroup]

    public init(leadingGroup: LeadingGroup? = nil, memberUnits: [String] = [], office: Office? = nil,
                workingGroups: [WorkingGroup] = []) {
        self.leadingGroup = leadingGroup; self.memberUnits = memberUnits
        self.office = office; self.workingGroups = workingGroups
    }
}

public struct LeadingGroup: Equatable, Sendable {
    public var name: String?
    public var leader: [Person]
    public var deputies: [Person]
    public var members: [Person]
    public var note: String?

    public init(name: String? = nil, leader: [Person] = [], deputies: [Person] = [], members: [Person] = [],
                note: String? = nil) {
        self.name = name; self.leader = leader; self.deputies = deputies; self.members = members; self.note = note
    }
}

/// A named person; the document may give only the post (组长由县长担任).
public struct Person: Equatable, Sendable {
    public var name: String?
    public var title: String?

    public init(name: String? = nil, title: String? = nil) {
        self.name = name; self.title = title
    }
}

public struct Office: Equatable, Sendable {
    public var name: String?
    public var unit: String?
    public var director: String?

    public init(name: String? = nil, unit: String? = nil, director: String? = nil) {
        self.name = name; self.unit = unit; self.director = director
    }
}

public struct WorkingGroup: Equatable, Sendable {
    public var name: String
    public var lead: String?
    public var participants: [String]

    public init(name: String, lead: String? = nil, participants: [String] = []) {
        self.name = name; self.lead = lead; self.participants = participants
    }
}

public enum UnitKind: String, CaseIterable, Sendable, StrictEnum {
    case department, township, office, institution, enterprise, organisation, group

    public var chineseName: String {
        switch self {
        case .department: "部门"
        case .township: "乡镇（街道）"
        case .office: "创建办"
        case .institution: "事业单位"
        case .enterprise: "企业"
        case .organisation: "人民团体"
        case .group: "统称"
        }
    }
}

/// What a collective reference (各成员单位, 各乡镇人民政府) stands for.
public enum GroupCoverage: String, CaseIterable, Sendable, StrictEnum {
    case memberUnits, townships, workingGroups
}

/// A unit the plan names: a department, township, institution, or a collective reference.
public struct PlanUnit: Equatable, Sendable {
    public var name: String
    public var kind: UnitKind
    public var aliases: [String]
    public var covers: GroupCoverage?
    /// Added: the region a township unit stands for (its name in the region tree).
    public var region: String?
    /// Added: no longer part of the programme; its reports and tasks stay reachable.
    public var archived: Bool

    public init(name: String, kind: UnitKind, aliases: [String] = [], covers: GroupCoverage? = nil,
                region: String? = nil, archived: Bool = false) {
        self.name = name; self.kind = kind; self.aliases = aliases; self.covers = covers
        self.region = region; self.archived = archived
    }

    /// Every spelling that refers to this unit.
    public var spellings: [String] { [name] + aliases }
}

extension Organisation: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case leadingGroup, memberUnits, office, workingGroups }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        leadingGroup = try c.optional(.leadingGroup)
        memberUnits = try c.list(.memberUnits)
        office = try c.optional(.office)
        workingGroups = try c.list(.workingGroups)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(leadingGroup, forKey: .leadingGroup)
        try c.encode(memberUnits, forKey: .memberUnits)
        try c.encodeIfPresent(office, forKey: .office)
        try c.encode(workingGroups, forKey: .workingGroups)
    }
}

extension LeadingGroup: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, leader, deputies, members, note }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.optional(.name)
        leader = try c.list(.leader)
        deputies = try c.list(.deputies)
        members = try c.list(.members)
        note = try c.optional(.note)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(leader, forKey: .leader)
        try c.encode(deputies, forKey: .deputies)
        try c.encode(members, forKey: .members)
        try c.encodeIfPresent(note, forKey: .note)
    }
}

extension Person: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, title }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.optional(.name)
        title = try c.optional(.title)
        if name == nil && title == nil {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "人员须至少有 name 或 title"))
        }
    }
}

extension Office: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, unit, director }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.optional(.name)
        unit = try c.optional(.unit)
        director = try c.optional(.director)
    }
}

extension WorkingGroup: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, lead, participants }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.text(.name)
        lead = try c.optional(.lead)
        participants = try c.list(.participants)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(lead, forKey: .lead)
        try c.encode(participants, forKey: .participants)
    }
}

extension PlanUnit: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, kind, aliases, covers, region, archived }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.text(.name)
        kind = try c.decode(UnitKind.self, forKey: .kind)
        aliases = try c.list(.aliases)
        covers = try c.optional(.covers)
        region = try c.optional(.region)
        archived = try c.optional(.archived) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(kind, forKey: .kind)
        try c.encodeUnlessEmpty(aliases, forKey: .aliases)
        try c.encodeIfPresent(covers, forKey: .covers)
        try c.encodeIfPresent(region, forKey: .region)
        if archived { try c.encode(true, forKey: .archived) }
    }
}
