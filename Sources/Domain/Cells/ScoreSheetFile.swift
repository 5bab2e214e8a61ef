import Foundation
import Yams

/// Reads score sheet files (YAML; JSON with the same keys also parses) into checked sheets.
///
/// Like `PlanFile`: every problem is an `InputIssue` with file, line and field, and a file with any
/// problem yields no sheet, so a typo in a sheet can never silently change how cells are judged.
public enum ScoreSheetFile {
    /// Reads and checks one file.
    public static func load(path: String) throws(InputRejected) -> ScoreSheet {
        try parse(try YAMLFile.text(path: path), file: path)
    }

    /// Parses and checks sheet text. `file` is only used to name the place of problems.
    public static func parse(_ text: String, file: String) throws(InputRejected) -> ScoreSheet {
        let (sheet, node) = try YAMLFile.decode(ScoreSheet.self, from: text, file: file)
        let problems = ScoreSheetValidator.problems(in: sheet)
        if !problems.isEmpty {
            throw InputRejected(YAMLFile.place(problems.map { ($0.field, $0.message) }, in: node, file: file))
        }
        return sheet
    }
}

/// The rules a decoded sheet must meet beyond its types.
enum ScoreSheetValidator {
    struct Problem {
        var field: FieldPath
        var message: String
    }

    private static let slugPattern = #"^[a-z0-9][a-z0-9-]*$"#

    static func problems(in sheet: ScoreSheet) -> [Problem] {
        var out: [Problem] = []
        func add(_ field: FieldPath, _ message: String) { out.append(Problem(field: field, message: message)) }

        if sheet.id.range(of: slugPattern, options: .regularExpression) == nil {
            add(["id"], "id「\(sheet.id)」应为小写英文、数字和连字符组成的标识，如 hospital")
        }
        if sheet.cellType.range(of: slugPattern, options: .regularExpression) == nil {
            add(["cellType"], "cellType「\(sheet.cellType)」应为小写英文标识：community、village、family、hospital、school、agency、enterprise 或 county")
        }
        if sheet.template, (sheet.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            add(["template"], "模板（template: true）须在 note 中说明：这是依据公开结构编制的可编辑模板，不是官方文本")
        }
        if sheet.sections.isEmpty {
            add(["sections"], "评分表没有任何一级指标")
        }

        // Ids of sections, sub-sections and items share one space: entries and minimums name them.
        var firstUse: [String: String] = [:]
        func claim(_ id: String, _ field: FieldPath, _ what: String) {
            if let earlier = firstUse[id] {
                add(field, "编号「\(id)」在本表中重复（已用于\(earlier)）")
            } else {
                firstUse[id] = what
            }
        }

        for (s, section) in sheet.sections.enumerated() {
            let sectionPath = FieldPath(["sections", .index(s)])
            claim(section.id, sectionPath.key("id"), "一级指标「\(section.title)」")
            if section.items.isEmpty && section.subsections.isEmpty {
                add(sectionPath.key("title"), "一级指标「\(section.title)」下没有任何指标")
            }
            for (i, item) in section.items.enumerated() {
                check(item, at: sectionPath.key("items").index(i), claim: claim, add: add)
            }
            for (u, subsection) in section.subsections.enumerated() {
                let subPath = sectionPath.key("subsections").index(u)
                claim(subsection.id, subPath.key("id"), "二级指标「\(subsection.title)」")
                if subsection.items.isEmpty {
                    add(subPath.key("title"), "二级指标「\(subsection.title)」下没有任何指标")
                }
                for (i, item) in subsection.items.enumerated() {
                    check(item, at: subPath.key("items").index(i), claim: claim, add: add)
                }
                if let stated = subsection.points, stated != subsection.baseMaximum {
                    add(subPath.key("points"),
                        "二级指标「\(subsection.title)」写明 \(stated.scoreText) 分，但其基本项合计 \(subsection.baseMaximum.scoreText) 分")
                }
            }
            if let stated = section.points, stated != section.baseMaximum {
                add(sectionPath.key("points"),
                    "一级指标「\(section.title)」写明 \(stated.scoreText) 分，但其基本项合计 \(section.baseMaximum.scoreText) 分")
            }
        }

        if sheet.totalPoints != sheet.baseMaximum {
            add(["totalPoints"], "totalPoints 写明 \(sheet.totalPoints.scoreText) 分，但基本项（不含加分项）合计 \(sheet.baseMaximum.scoreText) 分")
        }
        if let stated = sheet.bonusPoints, stated != sheet.bonusMaximum {
            add(["bonusPoints"], "bonusPoints 写明 \(stated.scoreText) 分，但加分项合计 \(sheet.bonusMaximum.scoreText) 分")
        }

        let pass = sheet.pass
        if pass.minimumTotal < 0 {
            add(["pass", "minimumTotal"], "通过线不能为负数")
        } else if pass.minimumTotal > sheet.baseMaximum {
            add(["pass", "minimumTotal"], "通过线 \(pass.minimumTotal.scoreText) 分高于满分 \(sheet.baseMaximum.scoreText) 分")
        }
        if let share = pass.vetoItemMinimumShare, share <= 0 || share > 1 {
            add(["pass", "vetoItemMinimumShare"], "vetoItemMinimumShare 应大于 0 且不超过 1（如 0.75），现为 \(share.scoreText)")
        }
        var maxima: [String: (title: String, maximum: Decimal)] = [:]
        for section in sheet.sections {
            maxima[section.id] = (section.title, section.baseMaximum)
            for subsection in section.subsections {
                maxima[subsection.id] = (subsection.title, subsection.baseMaximum)
            }
        }
        var minimumSeen: Set<String> = []
        for (m, rule) in pass.sectionMinimums.enumerated() {
            let id = rule.section, minimum = rule.minimum
            let field: FieldPath = ["pass", "sectionMinimums", .index(m), "section"]
            if !minimumSeen.insert(id).inserted {
                add(field, "「\(id)」的最低分重复设置")
                continue
            }
            guard let part = maxima[id] else {
                add(field, "没有编号为「\(id)」的一级或二级指标")
                continue
            }
            let minimumField: FieldPath = ["pass", "sectionMinimums", .index(m), "minimum"]
            if minimum < 0 {
                add(minimumField, "「\(part.title)」的最低分不能为负数")
            } else if minimum > part.maximum {
                add(minimumField, "「\(part.title)」的最低分 \(minimum.scoreText) 分高于该部分满分 \(part.maximum.scoreText) 分")
            }
        }
        return out
    }

    private static func check(_ item: ScoreItem, at path: FieldPath,
                              claim: (String, FieldPath, String) -> Void,
                              add: (FieldPath, String) -> Void) {
        claim(item.id, path.key("id"), "「\(item.title)」")
        switch item.kind {
        case .normal, .bonus:
            if item.points <= 0 {
                add(path.key("points"), "「\(item.title)」的分值必须大于 0（只有一票否决的达标项可以为 0 分）")
            }
        case .veto:
            if item.points < 0 { add(path.key("points"), "「\(item.title)」的分值不能为负数") }
        }
        if item.methods.isEmpty {
            add(path.key("methods"), "「\(item.title)」至少要写一种考核方法：听取汇报、查阅资料、现场查看、快速调查")
        }
        if let per = item.perCount {
            if item.isPassFail {
                add(path.key("perCount"), "「\(item.title)」是达标/不达标项（0 分），不能按次计分")
            } else if per <= 0 {
                add(path.key("perCount"), "「\(item.title)」的每\(item.unitOfCount)得分必须大于 0")
            } else if per > item.points {
                add(path.key("perCount"), "「\(item.title)」的每\(item.unitOfCount)得分 \(per.scoreText) 分高于本项分值 \(item.points.scoreText) 分")
            }
        } else if item.countUnit != nil {
            add(path.key("countUnit"), "「\(item.title)」没有 perCount（每次得分），countUnit 无处可用")
        }
    }
}

/// All score sheets of a folder, by id and by cell type.
public struct ScoreSheetLibrary: Sendable {
    /// The sheets in file-name order.
    public let sheets: [ScoreSheet]
    private let files: [String: String]

    /// A library of sheets already read; ids must be unique. `files` names where each id came from.
    public init(sheets: [ScoreSheet], files: [String: String] = [:]) throws(InputRejected) {
        var seen: Set<String> = []
        var issues: [InputIssue] = []
        for sheet in sheets where !seen.insert(sheet.id).inserted {
            issues.append(InputIssue(SourceLocation(file: files[sheet.id] ?? sheet.id, field: ["id"]),
                                     "评分表 id「\(sheet.id)」重复"))
        }
        if !issues.isEmpty { throw InputRejected(issues) }
        self.sheets = sheets
        self.files = files
    }

    /// Reads every `*.yaml` file of `directory` (not sub-folders). Problems of all files are thrown
    /// together, including an id used by two files (named at the second file's `id` line).
    public static func load(directory: String) throws(InputRejected) -> ScoreSheetLibrary {
        let found = try YAMLFile.loadFolder(directory, kind: "评分表", id: \ScoreSheet.id, load: ScoreSheetFile.load(path:))
        return try ScoreSheetLibrary(sheets: found.values, files: found.files)
    }

    public func sheet(id: String) -> ScoreSheet? { sheets.first { $0.id == id } }

    /// The sheets for a cell type slug (`county` for comprehensive sheets), in library order.
    public func sheets(cellType: String) -> [ScoreSheet] { sheets.filter { $0.cellType == cellType } }

    /// The file a sheet was read from, when the library was loaded from files.
    public func file(ofSheet id: String) -> String? { files[id] }
}
