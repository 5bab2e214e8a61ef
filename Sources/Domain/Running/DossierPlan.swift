import Foundation

/// The layout of an acceptance dossier (迎检资料): every folder and file of the zip, and for every item of the
/// comprehensive score sheet and every task of the plan, its evidence or the fact that it has none.
///
/// Built by `DossierBuilder`, written by `DossierWriter`; holds references to evidence, never its bytes.
public struct DossierPlan: Sendable, Equatable {
    public var planID: String
    public var planTitle: String
    public var sheet: ScoreSheet
    public var generatedAt: Date
    /// Every item of the sheet, in sheet order.
    public var scoreItems: [DossierScoreItem]
    /// Every task of the plan, in plan order.
    public var tasks: [DossierTask]
    /// Every folder of the zip, parents before children, each ending in "/".
    public var folders: [String]
    /// Every evidence file of the zip in the order written: by folder, then by upload time. A file that supports
    /// several things is here once for each.
    public var files: [DossierFile]

    public init(planID: String, planTitle: String, sheet: ScoreSheet, generatedAt: Date, scoreItems: [DossierScoreItem],
                tasks: [DossierTask], folders: [String], files: [DossierFile]) {
        self.planID = planID; self.planTitle = planTitle; self.sheet = sheet; self.generatedAt = generatedAt
        self.scoreItems = scoreItems; self.tasks = tasks; self.folders = folders; self.files = files
    }

    /// The first entry of the zip.
    public static let indexPath = "索引.xlsx"
    public static let readmePath = "说明.txt"

    /// What the office still has to collect: every score item and task without evidence, items first.
    public var gaps: [DossierGap] {
        scoreItems.filter { $0.status == .missing }.map {
            DossierGap(kind: .scoreItem, number: $0.id, title: $0.title, section: $0.sectionPath.joined(separator: " / "),
                       responsible: [], folder: $0.folder)
        } + tasks.filter { $0.status == .missing }.map {
            DossierGap(kind: .planTask, number: $0.displayNumber, title: $0.title, section: $0.sectionPath.joined(separator: " / "),
                       responsible: $0.responsible, folder: $0.folder)
        }
    }

    /// Files whose target no longer exists (a score item dropped from the sheet, a deleted place…), kept under
    /// `DossierFolders.unfiled` rather than lost.
    public var unfiledFiles: [DossierFile] { files.filter { !$0.isFiled } }

    /// How many different files (by content) the dossier holds.
    public var distinctFileCount: Int { Set(files.map(\.evidence.sha256)).count }

    /// The zip's file name: "<plan title>迎检资料.zip", made safe.
    public var suggestedFileName: String { DossierNames.fileName("\(planTitle)迎检资料.zip") }
}

/// The top-level folders, numbered so they sort in this order everywhere.
public enum DossierFolders {
    public static let scoreSheet = "01_综合评分表/"
    public static let tasks = "02_方案任务/"
    public static let indicators = "03_指标数据/"
    public static let places = "04_健康细胞/"
    public static let activities = "05_活动/"
    public static let supervision = "06_督导整改/"
    public static let monthlyReports = "07_工作月报/"
    /// Only present when some link's target no longer exists.
    public static let unfiled = "08_未归类材料/"

    /// The folders every dossier has, even empty, so each looks the same to the assessors.
    public static let standard = [scoreSheet, tasks, indicators, places, activities, supervision, monthlyReports]
}

public enum DossierStatus: String, Sendable, Codable {
    case covered, missing

    public var chineseName: String {
        switch self {
        case .covered: "已有佐证"
        case .missing: "缺少佐证材料"
        }
    }
}

/// One evidence file at one place in the zip.
public struct DossierFile: Sendable, Equatable {
    /// The path in the zip, folders separated by "/".
    public var path: String
    public var link: EvidenceLink
    /// What the file supports, as the index names it: "评分表 1.1 领导小组与协调机制".
    public var supports: String
    /// False when the link's target no longer exists and the file sits under `DossierFolders.unfiled`.
    public var isFiled: Bool

    public init(path: String, link: EvidenceLink, supports: String, isFiled: Bool) {
        self.path = path; self.link = link; self.supports = supports; self.isFiled = isFiled
    }

    public var evidence: EvidenceRef { link.evidence }
    /// The name in the zip (the last path component), which may differ from the uploaded one.
    public var name: String { String(path.split(separator: "/").last ?? "") }
}

public struct DossierScoreItem: Sendable, Equatable {
    public var id: String
    public var title: String
    /// The headings above the item, outermost first: ["3 健康促进场所", "3.1 健康细胞建设"].
    public var sectionPath: [String]
    public var points: Decimal
    public var kind: ScoreItemKind
    public var folder: String
    public var files: [DossierFile]

    public init(id: String, title: String, sectionPath: [String], points: Decimal, kind: ScoreItemKind, folder: String,
                files: [DossierFile]) {
        self.id = id; self.title = title; self.sectionPath = sectionPath; self.points = points; self.kind = kind
        self.folder = folder; self.files = files
    }

    public var status: DossierStatus { files.isEmpty ? .missing : .covered }
}

public struct DossierTask: Sendable, Equatable {
    /// The position in `Plan.tasks`.
    public var index: Int
    /// The task's id, which evidence links name.
    public var id: Int
    public var number: String?
    public var sectionPath: [String]
    /// The task's title, or the first clause of its text when it has none.
    public var title: String
    public var text: String
    public var responsible: [String]
    public var folder: String
    public var files: [DossierFile]

    public init(index: Int, id: Int? = nil, number: String?, sectionPath: [String], title: String, text: String, responsible: [String],
                folder: String, files: [DossierFile]) {
        self.index = index; self.id = id ?? index; self.number = number; self.sectionPath = sectionPath; self.title = title; self.text = text
        self.responsible = responsible; self.folder = folder; self.files = files
    }

    public var status: DossierStatus { files.isEmpty ? .missing : .covered }
    /// The number as the plan writes it, or the position when the task has none.
    public var displayNumber: String { number ?? "第\(index + 1)项" }
}

/// A score item or task without evidence.
public struct DossierGap: Sendable, Equatable {
    /// `.scoreItem` or `.planTask`.
    public var kind: EvidenceTarget.Kind
    public var number: String
    public var title: String
    /// The headings above it, joined with " / ".
    public var section: String
    /// Empty for score items.
    public var responsible: [String]
    /// Where its evidence belongs in the zip.
    public var folder: String

    public init(kind: EvidenceTarget.Kind, number: String, title: String, section: String, responsible: [String],
                folder: String) {
        self.kind = kind; self.number = number; self.title = title; self.section = section
        self.responsible = responsible; self.folder = folder
    }
}
