import Foundation

// Goals, phases, reporting, tasks and annexes: the parts of a plan that follow its outline.

extension ImportState {
    /// Headings anywhere in the outline, depth first.
    var allHeadings: [OutlineNode] { outline.descendants }

    // MARK: Goals

    mutating func readGoals() {
        let headings = allHeadings
        let goalNode = headings.first { $0.title == "总体目标" }
            ?? headings.first { ["工作目标", "总体要求", "目标任务", "项目目标", "建设目标", "主要目标", "创建目标"].contains($0.title) }
            ?? headings.first { $0.title.hasSuffix("目标") && $0.level == 1 }
        guard let node = goalNode else { return }
        var goals: [(String, SourceSpan)] = []
        for p in node.body { goals.append((p.text, p.span)) }
        let skipped = ["关键指标", "主要指标", "具体指标", "核心指标", "指标"]
        if node.children.contains(where: { $0.title == "总体目标" }) == false {
            for child in node.children where !skipped.contains(child.title) && child.hasInlineBody && child.children.isEmpty {
                if let p = child.paragraph { goals.append((p.text, p.span)) }
            }
        }
        if node.body.isEmpty && goals.isEmpty, let p = node.paragraph, node.hasInlineBody { goals.append((node.text, p.span)) }
        for (i, goal) in goals.enumerated() {
            plan.goals.append(goal.0)
            record(FieldPath(["goals"]).index(i), goal.1)
        }
    }

    // MARK: Phases

    static let phasePartWords = ["实施步骤", "时间安排", "创建时间", "实施阶段", "工作步骤", "进度安排", "方法步骤", "步骤安排",
                                 "时间步骤", "阶段安排", "时间进度", "实施进度", "工作安排", "推进步骤"]

    mutating func readPhases() {
        let headings = allHeadings
        var candidates: [OutlineNode]
        if let part = headings.first(where: { node in Self.phasePartWords.contains { node.title.contains($0) } }) {
            candidates = part.children
        } else {
            candidates = headings.filter { $0.marker?.style == .ordinalStage && $0.marker!.number.hasSuffix("阶段") }
        }
        var yearHint = plan.document.date?.year
        if let part = candidates.first?.parent {
            for p in part.body { if let year = DateRanges.mentions(in: p.text).compactMap(\.year).first { yearHint = yearHint ?? year; break } }
        }
        for node in candidates {
            let heading = node.text
            let isStage = node.marker?.style == .ordinalStage || heading.contains("阶段")
            guard let span = node.paragraph?.span else { continue }
            guard let (start, end) = DateRanges.range(in: heading, yearHint: yearHint) else {
                if isStage || !DateRanges.mentions(in: heading).isEmpty {
                    let hasDate = !DateRanges.mentions(in: heading).isEmpty
                    note(.phaseWithoutDate,
                         hasDate ? "阶段「\(phaseName(node))」的日期缺年份或无法识别，未列入阶段，请补填。"
                                 : "阶段「\(phaseName(node))」没有写日期，未列入阶段，请补填。", span)
                }
                continue
            }
            yearHint = end.year
            var phase = Phase(name: phaseName(node), start: start, end: end)
            let text = node.body.map(\.text).joined(separator: "\n")
            if !text.isEmpty { phase.text = text }
            let index = plan.phases.count
            plan.phases.append(phase)
            record(FieldPath(["phases"]).index(index), node.span)
        }
    }

    /// `建章立制，全面启动(2024年3月)` → `建章立制，全面启动`; a heading with no words keeps its number (`第一阶段`).
    func phaseName(_ node: OutlineNode) -> String {
        var text = node.text
        // Drop a bracketed group holding a date, then any bare date.
        if let open = text.lastIndex(where: { $0 == "（" || $0 == "(" }),
           !DateRanges.mentions(in: String(text[open...])).isEmpty {
            text = String(text[..<open])
        }
        for mention in DateRanges.mentions(in: text).reversed() { text.removeSubrange(mention.range) }
        text = String(text.filter { !DateRanges.separators.contains($0) || $0 == "一" })
        if let stop = text.firstIndex(of: "。") { text = String(text[..<stop]) }
        let name = PlanText.trimPunctuation(text.trimmingCharacters(in: CharacterSet(charactersIn: "：:，,（()） ")))
        return name.isEmpty ? (node.marker?.number ?? "阶段") : name
    }

    // MARK: Reporting

    mutating func readReporting() {
        for p in body {
            for sentence in PlanText.sentences(p.text) where sentence.contains("每月") && (sentence.contains("报送") || sentence.contains("上报") || sentence.contains("报告")) {
                guard let match = sentence.firstMatch(of: #/每月\s*(\d{1,2})\s*[日号]/#) else { continue }
                let digits = match.output.1
                guard let day = Int(digits), (1...31).contains(day) else { continue }
                plan.reporting = ReportingRule(monthlyDueDay: day, text: PlanText.trimPunctuation(sentence) + (sentence.hasSuffix("。") ? "。" : ""))
                record(["reporting"], p.span)
                return
            }
        }
    }

    // MARK: Tasks

    static let taskPartWords = ["任务", "工作重点", "重点工作", "建设内容", "主要措施", "工作措施", "具体措施", "重点领域", "主要内容", "行动"]
    static let nonTaskWords = ["目标", "保障", "原则", "思想", "意义", "依据", "步骤", "安排", "机构", "领导", "要求", "时间"]

    func isTaskPart(_ node: OutlineNode) -> Bool {
        let title = node.title
        return Self.taskPartWords.contains(where: title.contains) && !Self.nonTaskWords.contains(where: title.contains)
    }

    mutating func readTasks() {
        var parts = outline.children.filter(isTaskPart)
        if parts.isEmpty {
            // No part is named as tasks: take parts whose items carry responsibility clauses.
            parts = outline.children.filter { part in
                !Self.nonTaskWords.contains(where: part.title.contains)
                    && part.descendants.filter({ $0.children.isEmpty && ResponsibilityParser.find(in: itemText($0)) != nil }).count >= 2
            }
        }
        for part in parts {
            if part.children.isEmpty { continue }
            for leaf in part.descendants where leaf.children.isEmpty {
                addTask(leaf, part: part)
            }
        }
    }

    /// The full text of an item: its heading line and the paragraphs under it, one per line.
    func itemText(_ node: OutlineNode) -> String {
        var lines: [String] = []
        if node.hasInlineBody || node.body.isEmpty { lines.append(node.text) }
        lines += node.body.map(\.text)
        return lines.joined(separator: "\n")
    }

    mutating func addTask(_ leaf: OutlineNode, part: OutlineNode) {
        let text = itemText(leaf)
        var task = PlanTask(text: text)
        task.number = leaf.marker?.number
        let parents = leaf.ancestors
        // The headings from the task part down to the leaf's parent.
        let withinPart = parents.firstIndex(where: { $0 === part }).map { parents[$0...] } ?? []
        let inner = withinPart.dropFirst()
        if !withinPart.isEmpty {
            task.section = inner.last?.title ?? part.title
            task.parentSections = inner.dropLast().map(\.title)
        }
        let title = leaf.title
        if !leaf.hasInlineBody || (title.count <= 20 && !title.contains("；") && !title.contains(";") && !title.contains("%")) {
            task.title = title
        }
        // Own clause first, then the nearest heading above that states one.
        var responsibility = ResponsibilityParser.find(in: text)
        if let found = responsibility, !found.isEmpty { markPlaced(leaf) }
        for ancestor in withinPart.reversed() where responsibility == nil {
            responsibility = ResponsibilityParser.find(in: ancestor.text) ?? headingClause(ancestor)
            // The heading's clause is placed: the tasks under it carry it.
            if responsibility != nil, let p = ancestor.paragraph { placedClauses.insert(p.firstLine) }
        }
        if let r = responsibility {
            task.responsible = r.responsible
            task.lead = r.lead
            task.participants = r.participants
        }
        let index = plan.tasks.count
        plan.tasks.append(task)
        record(FieldPath(["tasks"]).index(index), leaf.span)
        if task.responsible.isEmpty {
            let label = [task.number, task.title ?? String(text.prefix(16))].compactMap { $0 }.joined(separator: " ")
            note(.taskWithoutUnit, "任务「\(label)」没有写责任单位，请补填。", leaf.span)
        }
    }

    /// A section heading's own clause: `（一）开展健康活动（健康服务专业工作组为主，其他各专业工作组协同）`.
    func headingClause(_ node: OutlineNode) -> Responsibility? {
        let trimmed = PlanText.trimPunctuation(PlanText.sentences(node.text).first ?? node.text)
        guard let range = ResponsibilityParser.trailingClauseRange(in: trimmed) else { return nil }
        return ResponsibilityParser.parseClause(PlanText.unwrapBrackets(String(trimmed[range])))
    }

    mutating func markPlaced(_ node: OutlineNode) {
        if let p = node.paragraph { placedClauses.insert(p.firstLine) }
        for p in node.body { placedClauses.insert(p.firstLine) }
    }

    // MARK: Annexes

    mutating func readAnnexes() {
        var seen = Set<String>()
        var i = annexStart
        while i < paragraphs.count {
            let text = paragraphs[i].text
            guard isAnnexListStart(text) else { i += 1; continue }
            var rest = Substring(text)
            for prefix in ["附件", "附"] where rest.hasPrefix(prefix) { rest = rest.dropFirst(prefix.count); break }
            var explicitNumber: String?
            let digits = rest.prefix { $0.isNumber }
            if !digits.isEmpty { explicitNumber = String(digits); rest = rest.dropFirst(digits.count) }
            rest = rest.drop { "：: ".contains($0) }
            var entries: [(String?, String, SourceSpan)] = []
            if rest.isEmpty {
                // 附件: alone: the next line is the annex's title.
                if i + 1 < paragraphs.count, HeadingParser.marker(in: paragraphs[i + 1].text) == nil {
                    entries.append((explicitNumber, paragraphs[i + 1].text, paragraphs[i + 1].span))
                }
            } else if let marker = HeadingParser.marker(in: String(rest)), marker.style == .arabicDot {
                let restText = String(rest)
                entries.append((marker.number, String(restText[marker.bodyStart...]), paragraphs[i].span))
                var next = marker.value + 1
                var j = i + 1
                while j < paragraphs.count, let m = HeadingParser.marker(in: paragraphs[j].text), m.style == .arabicDot, m.value == next {
                    entries.append((m.number, String(paragraphs[j].text[m.bodyStart...]), paragraphs[j].span))
                    next += 1; j += 1
                }
            } else {
                entries.append((explicitNumber, String(rest), paragraphs[i].span))
            }
            for (number, title, span) in entries {
                let clean = PlanText.trimPunctuation(title)
                guard !clean.isEmpty, clean.count <= 60, !clean.contains("。"), seen.insert(clean).inserted else { continue }
                let index = plan.annexes.count
                plan.annexes.append(Annex(number: number, title: clean))
                record(FieldPath(["annexes"]).index(index), span)
            }
            i += 1
        }
    }
}
