import Foundation

/// The index workbook (索引.xlsx) and the readme (说明.txt) at the top of the dossier zip.
public enum DossierIndex {
    public enum SheetName {
        public static let scoreItems = "评分表条目"
        public static let tasks = "方案任务"
        public static let files = "全部文件"
        public static let gaps = "缺少佐证"
    }

    public static let scoreItemHeader = ["编号", "条目", "所属部分", "分值", "类型", "佐证数", "佐证文件（压缩包内路径）", "状态", "文件夹"]
    public static let taskHeader = ["序号", "编号", "章节", "任务", "责任单位", "佐证数", "佐证文件（压缩包内路径）", "状态", "文件夹", "任务内容"]
    public static let fileHeader = ["压缩包内路径", "原文件名", "大小（字节）", "SHA-256", "关联到", "说明", "上传人", "上传时间"]
    public static let gapHeader = ["类别", "编号", "名称", "所属部分", "责任单位", "应放文件夹"]

    private static let headerFill = XLSXColor(red: 0xDD, green: 0xE8, blue: 0xF2)

    /// Four sheets: score items, tasks, every file, and the gaps. Several files in one cell are one path a line.
    public static func workbook(for plan: DossierPlan) -> XLSXWorkbook {
        func paths(_ files: [DossierFile]) -> XLSXCell { .text(files.map(\.path).joined(separator: "\n")) }

        let items = XLSXSheet(
            name: SheetName.scoreItems, header: scoreItemHeader,
            rows: plan.scoreItems.map { item in
                [.text(item.id), .text(item.title), .text(item.sectionPath.joined(separator: " / ")),
                 .number(NSDecimalNumber(decimal: item.points).doubleValue), .text(item.kind.chineseName),
                 .number(Double(item.files.count)), paths(item.files), .text(item.status.chineseName), .text(item.folder)]
            },
            columnWidths: [8, 26, 30, 7, 11, 8, 70, 13, 50], headerFill: headerFill, autoFilter: true)

        let tasks = XLSXSheet(
            name: SheetName.tasks, header: taskHeader,
            rows: plan.tasks.map { task in
                [.number(Double(task.index + 1)), .text(task.number ?? ""), .text(task.sectionPath.joined(separator: " / ")),
                 .text(task.title), .text(task.responsible.joined(separator: "、")), .number(Double(task.files.count)),
                 paths(task.files), .text(task.status.chineseName), .text(task.folder), .text(task.text)]
            },
            columnWidths: [6, 8, 28, 28, 30, 8, 70, 13, 50, 80], headerFill: headerFill, autoFilter: true)

        let files = XLSXSheet(
            name: SheetName.files, header: fileHeader,
            rows: plan.files.map { file in
                [.text(file.path), .text(file.evidence.fileName), .number(Double(file.evidence.size)),
                 .text(file.evidence.sha256), .text(file.supports), .text(file.link.note ?? ""),
                 .text(file.link.uploadedBy), .text(chinaTime(file.link.uploadedAt))]
            },
            columnWidths: [70, 36, 12, 20, 40, 30, 12, 17], headerFill: headerFill, autoFilter: true)

        let gaps = XLSXSheet(
            name: SheetName.gaps, header: gapHeader,
            rows: plan.gaps.map { gap in
                [.text(gap.kind.chineseName), .text(gap.number), .text(gap.title), .text(gap.section),
                 .text(gap.responsible.joined(separator: "、")), .text(gap.folder)]
            },
            columnWidths: [11, 8, 30, 30, 30, 50], headerFill: headerFill, autoFilter: true)

        return XLSXWorkbook(sheets: [items, tasks, files, gaps])
    }

    /// The readme: what the dossier is, how it is laid out, and the counts. Lines end in CRLF and the text starts
    /// with a byte order mark, so Notepad on an older Chinese Windows reads it as UTF-8 rather than GBK.
    public static func readme(for plan: DossierPlan) -> String {
        let itemGaps = plan.scoreItems.filter { $0.status == .missing }.count
        let taskGaps = plan.tasks.filter { $0.status == .missing }.count
        var lines = [
            "\(plan.planTitle) 迎检资料",
            "",
            "生成时间：\(chinaTime(plan.generatedAt))（北京时间）",
            "评分表：\(plan.sheet.title)（版本 \(plan.sheet.version)）",
        ]
        if plan.sheet.template, let note = plan.sheet.note { lines.append("评分表说明：\(note)") }
        lines += [
            "",
            "统计",
            "  综合评分表条目 \(plan.scoreItems.count) 条，其中 \(itemGaps) 条缺少佐证材料；",
            "  方案任务 \(plan.tasks.count) 项，其中 \(taskGaps) 项缺少佐证材料；",
            "  佐证文件 \(plan.files.count) 份（不同文件 \(plan.distinctFileCount) 份）。",
            "",
            "目录",
            "  \(DossierPlan.indexPath)：资料索引。“\(SheetName.scoreItems)”“\(SheetName.tasks)”逐条列出佐证文件和状态，"
                + "“\(SheetName.files)”列出每份文件的原文件名、上传人和时间，“\(SheetName.gaps)”列出尚缺佐证材料的条目和任务。",
            "  \(DossierFolders.scoreSheet)：按综合评分表的一级、二级指标和评分条目分文件夹。",
            "  \(DossierFolders.tasks)：按实施方案的章节和任务分文件夹。",
            "  \(DossierFolders.indicators)：按指标代码和年份存放指标数据的佐证。",
            "  \(DossierFolders.places)：健康细胞（单位、村社区等）的创建资料。",
            "  \(DossierFolders.activities)：健康教育和健康促进活动的资料。",
            "  \(DossierFolders.supervision)：督导检查发现问题的整改材料。",
            "  \(DossierFolders.monthlyReports)：各成员单位按月报送的工作进展材料。",
        ]
        if !plan.unfiledFiles.isEmpty {
            lines.append("  \(DossierFolders.unfiled)：\(plan.unfiledFiles.count) 份文件所关联的条目、任务或对象已不存在"
                         + "（如评分表已修订），请核对后重新关联。")
        }
        lines += [
            "",
            "说明",
            "  1. 同一份文件支持多个条目或任务时，在每个相关文件夹中各放一份。",
            "  2. 没有佐证材料的条目和任务也建有文件夹，并在索引中标为“\(DossierStatus.missing.chineseName)”。",
            "  3. 文件名已按 Windows 的要求整理：去掉 \\ / : * ? \" < > | 和控制字符，过长的截短（保留扩展名），"
                + "同一文件夹内重名的加 (2)、(3)。原文件名见索引“\(SheetName.files)”。",
        ]
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// "2024-03-05 14:30", Beijing time, as offices read times.
    static func chinaTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
