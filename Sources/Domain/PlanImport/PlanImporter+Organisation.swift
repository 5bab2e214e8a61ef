import Foundation

// The leading group, its office, member units, working groups, and the plan's unit list.

extension ImportState {
    static let groupSuffixes = ["领导小组", "工作小组", "指挥部"]
    static let establishVerbs = ["成立", "组建", "设立", "调整"]

    struct GroupMention {
        var name: String
        var established: Bool
        var span: SourceSpan
    }

    /// Names ending in 领导小组 / 工作小组 / 指挥部, trimmed of the verbs and qualifiers before them.
    func groupMentions() -> [GroupMention] {
        var out: [GroupMention] = []
        for p in paragraphs {
            let text = p.text
            for suffix in Self.groupSuffixes {
                var searchStart = text.startIndex
                while let r = text.range(of: suffix, range: searchStart..<text.endIndex) {
                    searchStart = r.upperBound
                    var start = r.lowerBound
                    var count = 0
                    while start > text.startIndex, count < 40 {
                        let previous = text.index(before: start)
                        guard PlanText.isHan(text[previous]) || text[previous] == "·" else { break }
                        start = previous; count += 1
                    }
                    var name = String(text[start..<r.upperBound])
                    for stop in ["成立", "组建", "设立", "调整", "在", "的", "由", "将", "下设", "下称", "简称", "完善", "根据", "按照", "各村", "单位"] {
                        if let cut = name.range(of: stop, options: .backwards), cut.upperBound < name.endIndex,
                           name.distance(from: cut.upperBound, to: name.endIndex) > suffix.count {
                            name = String(name[cut.upperBound...])
                        }
                    }
                    let before = text[text.index(start, offsetBy: -min(40, text.distance(from: text.startIndex, to: start)))..<start]
                    let sentenceStart = before.lastIndex(where: { "。；".contains($0) }).map { before.index(after: $0) } ?? before.startIndex
                    // The verb may sit just before the name (成立X) or earlier in the sentence (成立由…的X).
                    let cutOff = String(text[start..<r.upperBound].dropLast(name.count))
                    let established = Self.establishVerbs.contains { (before[sentenceStart...] + cutOff).contains($0) }
                    name = expandingSelfReference(name)
                    if name.count > suffix.count + 1 {
                        out.append(GroupMention(name: name, established: established, span: p.span))
                    }
                }
            }
        }
        return out
    }

    mutating func readOrganisation() {
        let allParagraphs = Array(paragraphs[bodyStart...])
        let roster = Roster.parse(allParagraphs)
        let mentions = groupMentions()
        let place = plan.place.name
        func startsWithPlace(_ m: GroupMention) -> Bool { !place.isEmpty && m.name.hasPrefix(place) }
        let chosen = mentions.first { $0.established && startsWithPlace($0) }
            ?? mentions.first { $0.established }
            ?? mentions.first(where: startsWithPlace)
            ?? mentions.max { a, b in mentions.filter { $0.name == a.name }.count < mentions.filter { $0.name == b.name }.count }

        var group = LeadingGroup(name: chosen?.name, leader: roster.leader, deputies: roster.deputies, members: roster.members)
        if !roster.notes.isEmpty { group.note = roster.notes.joined(separator: "；") }
        if group.leader.isEmpty, let leader = leaderFromSentence() { group.leader = [leader.0]; record(["organisation", "leadingGroup", "leader"], leader.1) }
        if group.name != nil || !group.leader.isEmpty || !group.deputies.isEmpty {
            plan.organisation.leadingGroup = group
            record(["organisation", "leadingGroup"], roster.span ?? chosen?.span)
        }
        if !roster.memberUnits.isEmpty {
            plan.organisation.memberUnits = roster.memberUnits
            record(["organisation", "memberUnits"], roster.memberUnitsSpan)
        } else if let (units, span) = memberUnitsFromSentence() {
            plan.organisation.memberUnits = units
            record(["organisation", "memberUnits"], span)
        }
        readWorkingGroups()
        readOffice(groupName: chosen?.name)
    }

    /// `成立由县政府县长担任组长…` / `由区政府分管副区长任组长` / `组长由…担任`.
    func leaderFromSentence() -> (Person, SourceSpan)? {
        for p in body {
            for sentence in PlanText.sentences(p.text) {
                for marker in ["担任组长", "任组长"] {
                    guard let r = sentence.range(of: marker), let by = sentence[..<r.lowerBound].range(of: "由", options: .backwards) else { continue }
                    let title = String(sentence[by.upperBound..<r.lowerBound])
                    guard (2...24).contains(title.count), !title.contains("，") else { continue }
                    return (Person(name: nil, title: title), p.span)
                }
                if let r = sentence.range(of: "组长由") {
                    let rest = sentence[r.upperBound...]
                    if let end = rest.range(of: "担任") ?? rest.range(of: "兼任") {
                        let title = String(rest[..<end.lowerBound])
                        if (2...24).contains(title.count) { return (Person(name: nil, title: title), p.span) }
                    }
                }
            }
        }
        return nil
    }

    /// `成员单位为：A、B、C。` / `成员单位由A、B…组成` written as a sentence.
    func memberUnitsFromSentence() -> ([String], SourceSpan)? {
        for p in paragraphs[bodyStart...] {
            guard let r = p.text.range(of: "成员单位") else { continue }
            var rest = p.text[r.upperBound...]
            for lead in ["为：", "为:", "包括：", "包括", "为", "由"] where rest.hasPrefix(lead) { rest = rest.dropFirst(lead.count); break }
            guard let end = rest.firstIndex(of: "。") else { continue }
            var list = String(rest[..<end])
            if list.hasSuffix("组成") { list = String(list.dropLast(2)) }
            let units = Roster.memberUnitList(list)
            if units.count >= 3 && units.filter(UnitNames.looksLikeUnit).count * 2 >= units.count { return (units, p.span) }
        }
        return nil
    }

    /// Headings naming a working group, with `牵头单位：` and `参加单位：` lines under them.
    mutating func readWorkingGroups() {
        for node in allHeadings where node.children.isEmpty {
            let title = node.title
            guard title.hasSuffix("组") || title.hasSuffix("专班") else { continue }
            var lead: [String] = []
            var participants: [String] = []
            for p in node.body {
                guard let found = ResponsibilityParser.parseClause(p.text) else { break }
                if ResponsibilityParser.leadLabels.contains(where: p.text.hasPrefix) {
                    lead += found.responsible
                } else {
                    participants += found.responsible
                }
            }
            guard !lead.isEmpty || !participants.isEmpty else { continue }
            let index = plan.organisation.workingGroups.count
            plan.organisation.workingGroups.append(WorkingGroup(
                name: title, lead: lead.first, participants: Array(lead.dropFirst()) + participants))
            record(FieldPath(["organisation", "workingGroups"]).index(index), node.span)
        }
    }

    mutating func readOffice(groupName: String?) {
        var office = Office()
        var span: SourceSpan?
        for p in paragraphs[bodyStart...] where p.text.contains("办公室") {
            for sentence in PlanText.sentences(p.text) {
                let clauses = PlanText.splitList(sentence, separators: ["，", ","])
                for (k, clause) in clauses.enumerated() {
                    if office.unit == nil, let r = clause.range(of: "设在") {
                        let unit = PlanText.trimPunctuation(String(clause[r.upperBound...]))
                        guard UnitNames.looksLikeUnit(unit) || unit.hasSuffix("政府") else { continue }
                        office.unit = unit
                        span = p.span
                        var prefix = String(clause[..<r.lowerBound])
                        if prefix.hasSuffix("办公室") {
                            for stop in ["下设", "的", "，"] { if let cut = prefix.range(of: stop, options: .backwards) { prefix = String(prefix[cut.upperBound...]) } }
                            if prefix.count >= 4 { office.name = prefix }
                        } else if k > 0, clauses[k - 1].hasSuffix("下设办公室") || clauses[k - 1].hasSuffix("设办公室") {
                            office.name = nil
                        }
                    }
                    if office.director == nil, clause.hasSuffix("办公室主任") || clause.contains("兼任办公室主任") || clause.contains("兼办公室主任") {
                        var who = clause
                        for marker in ["兼任办公室主任", "兼办公室主任", "任办公室主任", "担任办公室主任"] {
                            if let r = who.range(of: marker) { who = String(who[..<r.lowerBound]); break }
                        }
                        if who.hasPrefix("由") { who.removeFirst() }
                        if (2...20).contains(who.count), !who.contains("办公室主任") {
                            office.director = who
                            span = span.map { $0.union(p.span) } ?? p.span
                        }
                    }
                    if office.director == nil, let r = clause.range(of: "办公室主任由") {
                        var who = String(clause[r.upperBound...])
                        for end in ["兼任", "担任"] { if let e = who.range(of: end) { who = String(who[..<e.lowerBound]) } }
                        if (2...20).contains(who.count) { office.director = who; span = span.map { $0.union(p.span) } ?? p.span }
                    }
                }
            }
        }
        if office.name == nil {
            // The name the document uses for the office in its tasks (创建办), else how it sets it up.
            let abbreviations = plan.tasks.flatMap(\.responsible).filter { UnitNames.kind(of: $0) == .office }
            if let short = abbreviations.first {
                office.name = short
            } else if let p = paragraphs[bodyStart...].first(where: { $0.text.contains("下设办公室") }) {
                let kind = groupName.flatMap { name in Self.groupSuffixes.first(where: name.hasSuffix) } ?? "领导小组"
                office.name = kind + "办公室"
                span = span ?? p.span
            } else {
                for kind in Self.groupSuffixes + ["创建小组"] {
                    if let p = paragraphs[bodyStart...].first(where: { $0.text.contains(kind + "办公室") }) {
                        office.name = kind + "办公室"
                        span = span ?? p.span
                        break
                    }
                }
            }
        }
        if office.name != nil || office.unit != nil || office.director != nil {
            plan.organisation.office = office
            record(["organisation", "office"], span)
        }
    }

    /// Every unit the plan names, once, with spellings of one unit folded together by `UnitNames.matchKey`.
    mutating func collectUnits() {
        let org = plan.organisation
        var names: [String] = org.memberUnits
        if let unit = org.office?.unit { names.append(unit) }
        for group in org.workingGroups { names += [group.lead].compactMap { $0 } + group.participants }
        for task in plan.tasks { names += task.responsible + [task.lead].compactMap { $0 } + task.participants }
        let groupNames = Set(org.workingGroups.map(\.name))
        var units: [PlanUnit] = []
        var byKey: [String: Int] = [:]
        var seen = Set<String>()
        for name in names where !groupNames.contains(name) && seen.insert(name).inserted {
            let kind = UnitNames.kind(of: name)
            if kind != .group, let existing = byKey[UnitNames.matchKey(name)] {
                units[existing].aliases.append(name)
                continue
            }
            if kind != .group { byKey[UnitNames.matchKey(name)] = units.count }
            units.append(PlanUnit(name: name, kind: kind, covers: kind == .group ? UnitNames.coverage(of: name) : nil))
            if !UnitNames.looksLikeUnit(name) && kind != .group {
                note(.unrecognisedUnit, "「\(name)」不像单位名称，请核对责任单位的拆分。")
            }
        }
        plan.units = units
    }
}
