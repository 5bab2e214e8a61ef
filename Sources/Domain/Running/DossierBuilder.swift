import Foundation

/// What exists besides the sheet and the plan, so links to deleted things are told apart and renamed things
/// filed under their current names. A nil list means "not known": every link of that kind is taken at its word.
public struct DossierSubjects: Sendable, Equatable {
    /// Indicator code → name. The plan's indicators are always known; these add the catalogue's.
    public var indicators: [String: String]?
    /// Place id → current name.
    public var places: [UUID: String]?
    /// Activity id → current title.
    public var activities: [UUID: String]?
    /// Supervision problem id → current title.
    public var supervisionProblems: [UUID: String]?

    public init(indicators: [String: String]? = nil, places: [UUID: String]? = nil, activities: [UUID: String]? = nil,
                supervisionProblems: [UUID: String]? = nil) {
        self.indicators = indicators; self.places = places; self.activities = activities
        self.supervisionProblems = supervisionProblems
    }
}

/// Lays out the acceptance dossier of a programme: folders for every item of the comprehensive score sheet and
/// every task of the plan, the evidence linked to each, and folders for indicators, places, activities,
/// supervision and monthly reports that have evidence.
public struct DossierBuilder: Sendable {
    public var sheet: ScoreSheet
    public var plan: Plan
    public var subjects: DossierSubjects

    public init(sheet: ScoreSheet, plan: Plan, subjects: DossierSubjects = .init()) {
        self.sheet = sheet; self.plan = plan; self.subjects = subjects
    }

    /// The county comprehensive sheet (综合评分表) of a library: the first sheet of cell type `county`.
    public static func comprehensiveSheet(in library: ScoreSheetLibrary) -> ScoreSheet? {
        library.sheets(cellType: ScoreSheet.countyCellType).first
    }

    /// The layout for `links`. A link repeated (same file, same target) is filed once, the earliest upload kept.
    public func build(links: [EvidenceLink], generatedAt: Date = Clock.system.now()) -> DossierPlan {
        var tree = FolderTree()
        for folder in DossierFolders.standard { tree.addTopLevel(folder) }

        // 01: the sheet's sections, sub-sections and items, in sheet order.
        var itemFolders: [String: (folder: String, sectionPath: [String])] = [:]
        for section in sheet.sections {
            let sectionName = "\(section.id) \(DossierNames.shortTitle(section.title))"
            let sectionFolder = tree.folder(sectionName, key: section.id, in: DossierFolders.scoreSheet)
            for item in section.items {
                itemFolders[item.id] = (tree.folder(Self.itemFolderName(item), key: item.id, in: sectionFolder), [sectionName])
            }
            for subsection in section.subsections {
                let subsectionName = "\(subsection.id) \(DossierNames.shortTitle(subsection.title))"
                let subsectionFolder = tree.folder(subsectionName, key: subsection.id, in: sectionFolder)
                for item in subsection.items {
                    itemFolders[item.id] = (tree.folder(Self.itemFolderName(item), key: item.id, in: subsectionFolder),
                                            [sectionName, subsectionName])
                }
            }
        }

        // 02: tasks grouped by the headings they sit under, numbered in order of first appearance (task numbers
        // restart in every section, so the group folder keeps them apart).
        var groupFolders: [[String]: String] = [:]
        var taskFolders: [String] = []
        for (index, task) in plan.tasks.enumerated() {
            var parent = DossierFolders.tasks
            let headings = task.sectionPath
            if let heading = headings.last {
                if let existing = groupFolders[headings] {
                    parent = existing
                } else {
                    let ordinal = String(format: "%02d", groupFolders.count + 1)
                    parent = tree.folder("\(ordinal) \(DossierNames.shortTitle(heading))",
                                         key: headings.joined(separator: "\u{1F}"), in: DossierFolders.tasks)
                    groupFolders[headings] = parent
                }
            }
            let name = "\(task.number ?? "第\(index + 1)项") \(DossierNames.shortTitle(Self.taskTitle(task)))"
            taskFolders.append(tree.folder(name, key: "task-\(index)", in: parent))
        }

        // Every link resolved to where it goes; the subject folders (03–08) are made in sorted order afterwards.
        var placements: [Placement] = []
        var seen: Set<LinkKey> = []
        let ordered = links.enumerated().sorted { a, b in
            (a.element.uploadedAt, a.offset) < (b.element.uploadedAt, b.offset)
        }.map(\.element)
        for link in ordered where seen.insert(LinkKey(target: link.target, sha256: link.evidence.sha256)).inserted {
            placements.append(place(link, id: placements.count, itemFolders: itemFolders, taskFolders: taskFolders))
        }
        let subjectPlacements = placements.filter { if case .subject = $0.where { true } else { false } }
            .sorted { Self.precedes($0, $1) }
        var subjectFolders: [Int: String] = [:]
        for placement in subjectPlacements {
            guard case .subject(let top, let components) = placement.where else { continue }
            if top == DossierFolders.unfiled { tree.addTopLevel(top) }
            var folder = top
            for component in components { folder = tree.folder(component.name, key: component.key, in: folder) }
            subjectFolders[placement.id] = folder
        }

        // Files in each folder by upload time (the order of `placements`), names made unique in the folder.
        var filesByFolder: [String: [DossierFile]] = [:]
        var namers: [String: DossierNames.Deduplicator] = [:]
        for placement in placements {
            let folder: String
            switch placement.where {
            case .folder(let known): folder = known
            case .subject: folder = subjectFolders[placement.id] ?? DossierFolders.unfiled
            }
            let name = namers[folder, default: .init()].claim(DossierNames.fileName(placement.link.evidence.fileName), isFile: true)
            filesByFolder[folder, default: []].append(DossierFile(path: folder + name, link: placement.link,
                                                                  supports: placement.supports, isFiled: placement.isFiled))
        }

        let scoreItems = sheet.allItems.map { item in
            let (folder, sectionPath) = itemFolders[item.id] ?? (DossierFolders.scoreSheet, [])
            return DossierScoreItem(id: item.id, title: item.title, sectionPath: sectionPath, points: item.points,
                                    kind: item.kind, folder: folder, files: filesByFolder[folder] ?? [])
        }
        let tasks = plan.tasks.enumerated().map { index, task in
            DossierTask(index: index, id: task.id, number: task.number, sectionPath: task.sectionPath, title: Self.taskTitle(task),
                        text: task.text, responsible: task.responsible, folder: taskFolders[index],
                        files: filesByFolder[taskFolders[index]] ?? [])
        }
        let folders = tree.order
        return DossierPlan(planID: plan.id, planTitle: plan.title, sheet: sheet, generatedAt: generatedAt,
                           scoreItems: scoreItems, tasks: tasks, folders: folders,
                           files: folders.flatMap { filesByFolder[$0] ?? [] })
    }

    // MARK: Placing a link

    private struct LinkKey: Hashable {
        var target: EvidenceTarget
        var sha256: String
    }

    private struct Component {
        /// Identity within the parent folder: two places with one name get two folders.
        var key: String
        var name: String
        var sortKey: String
    }

    private enum Where {
        /// An item or task folder, made already.
        case folder(String)
        /// A folder under a top-level one, made once all links are known.
        case subject(top: String, components: [Component])
    }

    private struct Placement {
        var id: Int
        var link: EvidenceLink
        var `where`: Where
        var supports: String
        var isFiled: Bool
    }

    /// Where `link` goes; `id` tells its placement apart from the others.
    private func place(_ link: EvidenceLink, id: Int, itemFolders: [String: (folder: String, sectionPath: [String])],
                       taskFolders: [String]) -> Placement {
        func filed(_ where: Where, _ supports: String) -> (Where, String, Bool) { (`where`, supports, true) }
        func unfiled(_ reason: String) -> (Where, String, Bool) {
            (.subject(top: DossierFolders.unfiled, components: []), "\(link.target.chineseDescription)（\(reason)）", false)
        }
        let (place, supports, isFiled): (Where, String, Bool)
        switch link.target {
        case .scoreItem(let sheetID, let itemID):
            if sheetID != sheet.id {
                (place, supports, isFiled) = unfiled("不是本次使用的评分表「\(sheet.title)」")
            } else if let item = sheet.item(id: itemID), let folder = itemFolders[itemID]?.folder {
                (place, supports, isFiled) = filed(.folder(folder), "评分表 \(item.id) \(item.title)")
            } else {
                (place, supports, isFiled) = unfiled("评分表中已无此条目")
            }
        case .planTask(let id, _):
            // Links name the task by its id, which edits of the plan keep (numbers may change).
            if let (index, task) = plan.task(id: id) {
                let label = (task.sectionPath.suffix(1) + [task.number ?? "第\(index + 1)项", Self.taskTitle(task)])
                    .joined(separator: " ")
                (place, supports, isFiled) = filed(.folder(taskFolders[index]), "方案任务 \(label)")
            } else {
                (place, supports, isFiled) = unfiled("方案中已无此任务")
            }
        case .indicator(let code, let year):
            let fromPlan = plan.indicators.first { $0.code == code }?.name
            let name = fromPlan ?? subjects.indicators?[code]
            if name == nil, subjects.indicators != nil {
                (place, supports, isFiled) = unfiled("指标目录中没有此指标")
            } else {
                let title = [code, name].compactMap { $0 }.joined(separator: " ")
                (place, supports, isFiled) = filed(.subject(top: DossierFolders.indicators, components: [
                    Component(key: code, name: title, sortKey: code),
                    Component(key: String(year), name: String(year), sortKey: String(format: "%06d", year)),
                ]), "指标 \(title) \(year)年")
            }
        case .place(let id, let linkedName):
            (place, supports, isFiled) = subject(id: id, linkedName: linkedName, known: subjects.places,
                                                 top: DossierFolders.places, label: "健康细胞", unfiled: unfiled)
        case .activity(let id, let linkedTitle):
            (place, supports, isFiled) = subject(id: id, linkedName: linkedTitle, known: subjects.activities,
                                                 top: DossierFolders.activities, label: "活动", unfiled: unfiled)
        case .supervisionProblem(let id, let linkedTitle):
            (place, supports, isFiled) = subject(id: id, linkedName: linkedTitle, known: subjects.supervisionProblems,
                                                 top: DossierFolders.supervision, label: "督导问题", unfiled: unfiled)
        case .monthlyReport(let unit, let month):
            (place, supports, isFiled) = filed(.subject(top: DossierFolders.monthlyReports, components: [
                Component(key: unit, name: unit, sortKey: unit),
                Component(key: month.description, name: month.description, sortKey: month.description),
            ]), "\(unit) \(month.chineseName)工作月报")
        }
        return Placement(id: id, link: link, where: place, supports: supports, isFiled: isFiled)
    }

    private func subject(id: UUID, linkedName: String, known: [UUID: String]?, top: String, label: String,
                         unfiled: (String) -> (Where, String, Bool)) -> (Where, String, Bool) {
        if let known, known[id] == nil { return unfiled("已不存在") }
        let name = known?[id] ?? linkedName
        return (.subject(top: top, components: [Component(key: id.uuidString, name: name, sortKey: name)]),
                "\(label) \(name)", true)
    }

    /// Subject folders in order: top-level folder, then each component (numbers compared as numbers), then the
    /// identity, so two things of one name always come in the same order; last, upload order.
    private static func precedes(_ a: Placement, _ b: Placement) -> Bool {
        guard case .subject(let topA, let componentsA) = a.where, case .subject(let topB, let componentsB) = b.where else {
            return false
        }
        if topA != topB { return topA < topB }
        for (x, y) in zip(componentsA, componentsB) {
            switch x.sortKey.compare(y.sortKey, options: [.numeric]) {
            case .orderedAscending: return true
            case .orderedDescending: return false
            case .orderedSame: if x.key != y.key { return x.key < y.key }
            }
        }
        if componentsA.count != componentsB.count { return componentsA.count < componentsB.count }
        return a.id < b.id
    }

    static func itemFolderName(_ item: ScoreItem) -> String { "\(item.id) \(DossierNames.shortTitle(item.title))" }

    /// The task's title, or the first clause of its text.
    static func taskTitle(_ task: PlanTask) -> String {
        if let title = task.title, !title.trimmingCharacters(in: .whitespaces).isEmpty { return title }
        return DossierNames.shortTitle(task.text)
    }
}

/// Folders made unique by name within their parent, listed depth first in creation order.
private struct FolderTree {
    private var children: [String: [String]] = [:]
    private var namers: [String: DossierNames.Deduplicator] = [:]
    private var byKey: [String: String] = [:]

    /// Every folder, each followed by its sub-folders.
    var order: [String] {
        var out: [String] = []
        func visit(_ parent: String) {
            for child in children[parent] ?? [] {
                out.append(child)
                visit(child)
            }
        }
        visit("")
        return out
    }

    mutating func addTopLevel(_ path: String) {
        guard !(children[""] ?? []).contains(path) else { return }
        _ = namers["", default: .init()].claim(String(path.dropLast()), isFile: false)
        children["", default: []].append(path)
    }

    /// The folder for `key` under `parent`, made on first request.
    mutating func folder(_ displayName: String, key: String, in parent: String) -> String {
        let identity = parent + "\u{0}" + key
        if let existing = byKey[identity] { return existing }
        let name = namers[parent, default: .init()].claim(DossierNames.folderName(displayName), isFile: false)
        let path = parent + name + "/"
        byKey[identity] = path
        children[parent, default: []].append(path)
        return path
    }
}
