@testable import Domain
import Foundation
import Testing

/// The seed plan of 偏关, the county comprehensive sheet, and evidence linked the ways an office links it.
enum DossierFixture {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func plan() throws -> Plan {
        try PlanFile.load(path: repositoryRoot.appendingPathComponent("plans/pianguan-2023.yaml").path)
    }

    static func sheet() throws -> ScoreSheet {
        let library = try ScoreSheetLibrary.load(directory: repositoryRoot.appendingPathComponent("standards").path)
        return try #require(DossierBuilder.comprehensiveSheet(in: library))
    }

    static let start = Date(timeIntervalSince1970: 1_709_251_200)  // 2024-03-01 08:00 北京时间
    static let generatedAt = Date(timeIntervalSince1970: 1_711_900_800)

    static let hospital = UUID(uuidString: "00000000-0000-0000-0000-0000000000A1")!
    static let deletedPlace = UUID(uuidString: "00000000-0000-0000-0000-0000000000A2")!
    static let lecture = UUID(uuidString: "00000000-0000-0000-0000-0000000000B1")!
    static let problem = UUID(uuidString: "00000000-0000-0000-0000-0000000000C1")!

    /// An uploaded file: its contents, and a reference whose hash is made up (the dossier never recomputes it).
    struct Upload {
        var ref: EvidenceRef
        var data: Data
    }

    static func upload(_ name: String, _ data: Data, _ number: Int) -> Upload {
        Upload(ref: EvidenceRef(sha256: String(format: "%064x", number), fileName: name, size: data.count), data: data)
    }

    /// A photo big enough to be written in many chunks.
    static let photo = upload("领导小组会议.jpg", Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }), 1)
    static let minutes = upload("会议记录.pdf", Data("%PDF-1.4 会议记录".utf8), 2)
    /// Another file with the same name but for case, in the same folder.
    static let minutesScan = upload("会议记录.PDF", Data("%PDF-1.4 扫描件".utf8), 3)
    static let hostile = upload("..\\..\\etc/passwd:\u{202E}gpj.exe", Data("MZ".utf8), 4)
    static let longName = upload(String(repeating: "健康教育讲座签到表", count: 15) + ".docx", Data("PK long".utf8), 5)
    static let reserved = upload("CON.txt", Data("设备名".utf8), 6)
    static let survey = upload("健康素养监测报告.pdf", Data("%PDF 监测".utf8), 7)
    static let placePhoto = upload("挂牌.jpg", Data("JPEG 挂牌".utf8), 8)
    static let lecturePhoto = upload("讲座现场.jpg", Data("JPEG 讲座".utf8), 9)
    static let rectification = upload("整改报告.docx", Data("PK 整改".utf8), 10)
    static let report = upload("3月月报.docx", Data("PK 月报".utf8), 11)
    static let orphan = upload("旧条目材料.pdf", Data("%PDF 旧".utf8), 12)
    static let gone = upload("已撤销单位.jpg", Data("JPEG 撤销".utf8), 13)

    static let uploads = [photo, minutes, minutesScan, hostile, longName, reserved, survey, placePhoto, lecturePhoto,
                          rectification, report, orphan, gone]

    static func link(_ upload: Upload, _ target: EvidenceTarget, minute: Int, note: String? = nil) -> EvidenceLink {
        EvidenceLink(evidence: upload.ref, target: target, note: note, uploadedBy: "pg_office",
                     uploadedAt: start.addingTimeInterval(Double(minute) * 60))
    }

    static func item(_ id: String) -> EvidenceTarget { .scoreItem(sheet: "county-comprehensive", item: id) }

    static let links: [EvidenceLink] = [
        // One photo supports two items and a task: it is filed under each.
        link(photo, item("1.1"), minute: 1, note: "2024年第一次领导小组会议"),
        link(photo, item("1.5"), minute: 2),
        link(photo, .planTask(index: 0, number: "1"), minute: 3),
        // Linked twice to the same item: filed once.
        link(photo, item("1.1"), minute: 40),
        link(minutes, item("1.1"), minute: 4),
        link(minutesScan, item("1.1"), minute: 5),
        link(hostile, item("2.1"), minute: 6),
        link(longName, item("4.3"), minute: 7),
        link(reserved, .planTask(index: 1, number: "2"), minute: 8),
        link(survey, .indicator(code: "HC38", year: 2023), minute: 9),
        link(placePhoto, .place(id: hospital, name: "县医院"), minute: 10),
        link(lecturePhoto, .activity(id: lecture, title: "健康素养进社区讲座"), minute: 11),
        link(rectification, .supervisionProblem(id: problem, title: "控烟标识缺失"), minute: 12),
        link(report, .monthlyReport(unit: "县卫体局", month: YearMonth(year: 2024, month: 3)!), minute: 13),
        // Targets that no longer exist: an item dropped from the sheet, a task moved, a deleted place.
        link(orphan, item("9.9"), minute: 14),
        link(orphan, .planTask(index: 1, number: "9"), minute: 15),
        link(gone, .place(id: deletedPlace, name: "已撤销单位"), minute: 16),
    ]

    static let subjects = DossierSubjects(places: [hospital: "偏关县人民医院"])

    static func dossier() throws -> DossierPlan {
        try DossierBuilder(sheet: sheet(), plan: plan(), subjects: subjects).build(links: links, generatedAt: generatedAt)
    }

    static func data(sha256: String) throws -> Data {
        guard let upload = uploads.first(where: { $0.ref.sha256 == sha256 }) else { throw MissingBlob(sha256: sha256) }
        return upload.data
    }

    struct MissingBlob: Error, CustomStringConvertible {
        var sha256: String
        var description: String { "存储中没有该文件" }
    }
}

@Suite struct DossierBuilderTests {
    @Test func everyScoreItemHasAFolderNestedBySection() throws {
        let sheet = try DossierFixture.sheet()
        let dossier = try DossierFixture.dossier()
        #expect(dossier.scoreItems.map(\.id) == sheet.allItems.map(\.id))
        let byID = Dictionary(uniqueKeysWithValues: dossier.scoreItems.map { ($0.id, $0) })
        #expect(byID["1.1"]?.folder == "01_综合评分表/1 组织管理/1.1 领导小组与协调机制/")
        #expect(byID["3.1.1"]?.folder == "01_综合评分表/3 健康促进场所/3.1 健康细胞建设/3.1.1 健康村（社区）/")
        #expect(byID["3.1.1"]?.sectionPath == ["3 健康促进场所", "3.1 健康细胞建设"])
        #expect(Set(dossier.scoreItems.map(\.folder)).count == dossier.scoreItems.count)
        for item in dossier.scoreItems { #expect(dossier.folders.contains(item.folder)) }
    }

    @Test func everyTaskHasItsOwnFolderThoughNumbersRepeat() throws {
        let plan = try DossierFixture.plan()
        let dossier = try DossierFixture.dossier()
        #expect(dossier.tasks.count == plan.tasks.count)
        #expect(Set(dossier.tasks.map(\.folder)).count == plan.tasks.count)
        // Both "1": one in each section.
        #expect(dossier.tasks[0].folder.hasPrefix("02_方案任务/01 建立健康促进县工作领导小组协调机制/1 "))
        #expect(dossier.tasks[4].folder == "02_方案任务/02 建立健康促进县工作机制/1 建立健康促进工作网络/")
        #expect(dossier.tasks[4].responsible == plan.tasks[4].responsible)
        for task in dossier.tasks { #expect(dossier.folders.contains(task.folder)) }
    }

    @Test func aFileLinkedToSeveralThingsIsFiledUnderEach() throws {
        let dossier = try DossierFixture.dossier()
        let photos = dossier.files.filter { $0.evidence == DossierFixture.photo.ref }.map(\.path)
        #expect(photos == [
            "01_综合评分表/1 组织管理/1.1 领导小组与协调机制/领导小组会议.jpg",
            "01_综合评分表/1 组织管理/1.5 目标责任与督导考核/领导小组会议.jpg",
            dossier.tasks[0].folder + "领导小组会议.jpg",
        ])
        let item = try #require(dossier.scoreItems.first { $0.id == "1.1" })
        // By upload time; the repeated link to 1.1 is gone; 会议记录.PDF clashes with 会议记录.pdf on Windows.
        #expect(item.files.map(\.name) == ["领导小组会议.jpg", "会议记录.pdf", "会议记录 (2).PDF"])
        #expect(item.files.first?.supports == "评分表 1.1 领导小组与协调机制")
        #expect(item.files.first?.link.note == "2024年第一次领导小组会议")
        #expect(dossier.distinctFileCount == DossierFixture.uploads.count)
    }

    @Test func namesAreMadeSafe() throws {
        let dossier = try DossierFixture.dossier()
        let names = Dictionary(dossier.files.map { ($0.evidence.sha256, $0.name) }, uniquingKeysWith: { a, _ in a })
        #expect(names[DossierFixture.hostile.ref.sha256] == "_.._etc_passwd_gpj.exe")
        let long = try #require(names[DossierFixture.longName.ref.sha256])
        #expect(long.count == DossierNames.maximumFileNameCharacters && long.hasSuffix(".docx"))
        #expect(names[DossierFixture.reserved.ref.sha256] == "_CON.txt")
        for path in dossier.files.map(\.path) + dossier.folders {
            let components = path.split(separator: "/")
            #expect(!path.contains("\\") && !components.contains("..") && !components.contains("."))
            #expect(components.allSatisfy { !$0.isEmpty && $0.count <= DossierNames.maximumFileNameCharacters })
            #expect(!path.unicodeScalars.contains { $0.value < 0x20 || (0x202A...0x202E).contains($0.value) })
        }
    }

    @Test func subjectsHaveFoldersByKind() throws {
        let dossier = try DossierFixture.dossier()
        let paths = Dictionary(dossier.files.map { ($0.evidence.sha256, $0.path) }, uniquingKeysWith: { a, _ in a })
        #expect(paths[DossierFixture.survey.ref.sha256] == "03_指标数据/HC38 居民健康素养水平/2023/健康素养监测报告.pdf")
        // The register's current name, not the one at upload.
        #expect(paths[DossierFixture.placePhoto.ref.sha256] == "04_健康细胞/偏关县人民医院/挂牌.jpg")
        #expect(paths[DossierFixture.lecturePhoto.ref.sha256] == "05_活动/健康素养进社区讲座/讲座现场.jpg")
        #expect(paths[DossierFixture.rectification.ref.sha256] == "06_督导整改/控烟标识缺失/整改报告.docx")
        #expect(paths[DossierFixture.report.ref.sha256] == "07_工作月报/县卫体局/2024-03/3月月报.docx")
    }

    @Test func linksToWhatNoLongerExistsAreKeptApart() throws {
        let dossier = try DossierFixture.dossier()
        let unfiled = dossier.unfiledFiles
        #expect(unfiled.map(\.path) == ["08_未归类材料/旧条目材料.pdf", "08_未归类材料/已撤销单位.jpg"])
        #expect(unfiled[0].supports == "评分表 county-comprehensive 第 9.9 条（评分表中已无此条目）")
        #expect(unfiled[1].supports == "健康细胞 已撤销单位（已不存在）")
        #expect(dossier.folders.last == DossierFolders.unfiled)
        // Links name the task by its id, which edits keep: one made when the task had another number stays with it.
        #expect(Set(dossier.tasks[1].files.map(\.name)) == ["_CON.txt", "旧条目材料.pdf"])
    }

    @Test func gapsListEveryItemAndTaskWithoutEvidence() throws {
        let dossier = try DossierFixture.dossier()
        let covered: Set<String> = ["1.1", "1.5", "2.1", "4.3"]
        #expect(Set(dossier.scoreItems.filter { $0.status == .covered }.map(\.id)) == covered)
        let gaps = dossier.gaps
        #expect(gaps.filter { $0.kind == .scoreItem }.map(\.number) == dossier.scoreItems.map(\.id).filter { !covered.contains($0) })
        #expect(gaps.filter { $0.kind == .planTask }.count == dossier.tasks.count - 2)
        let first = try #require(gaps.first)
        #expect(first.number == "1.2" && first.title == "纳入政府规划" && first.section == "1 组织管理")
        let task = try #require(gaps.first { $0.kind == .planTask })
        #expect(task.number == "3" && task.responsible == ["县财政局"] && task.folder == dossier.tasks[2].folder)
    }

    @Test func foldersComeParentsFirstAndOnce() throws {
        let dossier = try DossierFixture.dossier()
        #expect(Set(dossier.folders).count == dossier.folders.count)
        #expect(Array(dossier.folders.prefix(2)) == ["01_综合评分表/", "01_综合评分表/1 组织管理/"])
        for (position, folder) in dossier.folders.enumerated() {
            #expect(folder.hasSuffix("/"))
            let parent = folder.dropLast().split(separator: "/").dropLast().joined(separator: "/")
            if !parent.isEmpty {
                #expect(dossier.folders.prefix(position).contains(parent + "/"), "\(folder)")
            }
        }
        for standard in DossierFolders.standard { #expect(dossier.folders.contains(standard)) }
        for file in dossier.files {
            #expect(dossier.folders.contains(String(file.path[...file.path.lastIndex(of: "/")!])))
        }
    }

    @Test func withoutLinksEverythingIsAGap() throws {
        let sheet = try DossierFixture.sheet()
        let plan = try DossierFixture.plan()
        let dossier = DossierBuilder(sheet: sheet, plan: plan).build(links: [], generatedAt: DossierFixture.generatedAt)
        #expect(dossier.files.isEmpty)
        #expect(dossier.gaps.count == sheet.allItems.count + plan.tasks.count)
        #expect(!dossier.folders.contains(DossierFolders.unfiled))
    }

    @Test func everySeedPlanLaysOut() throws {
        let sheet = try DossierFixture.sheet()
        for id in ["jiafeng-2023", "longnan-2024", "pianguan-2023", "shanting-2019", "yongchuan-2023"] {
            let plan = try PlanFile.load(path: DossierFixture.repositoryRoot.appendingPathComponent("plans/\(id).yaml").path)
            let links = plan.tasks.indices.map {
                DossierFixture.link(DossierFixture.minutes, .planTask(index: $0, number: plan.tasks[$0].number), minute: $0)
            }
            let dossier = DossierBuilder(sheet: sheet, plan: plan).build(links: links)
            #expect(Set(dossier.tasks.map(\.folder)).count == plan.tasks.count, "\(id)")
            #expect(dossier.tasks.allSatisfy { $0.files.count == 1 }, "\(id)")
            #expect(dossier.gaps.allSatisfy { $0.kind == .scoreItem }, "\(id)")
        }
    }
}
