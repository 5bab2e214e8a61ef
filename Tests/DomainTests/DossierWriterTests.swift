@testable import Domain
@testable import Formats
import Foundation
import Testing
import ZIPFoundation

/// Reading a written dossier back: the zip with ZIPFoundation, the index with the project's XLSXReader.
enum DossierZipReading {
    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The dossier of the fixture written to a new folder; returns the zip's URL.
    static func writeFixture() throws -> (plan: DossierPlan, zip: URL) {
        let plan = try DossierFixture.dossier()
        let zip = try temporaryFolder().appendingPathComponent(plan.suggestedFileName)
        try DossierWriter.write(plan: plan, to: zip, data: DossierFixture.data(sha256:))
        return (plan, zip)
    }

    static func entries(_ url: URL) throws -> [Entry] { Array(try Archive(url: url, accessMode: .read)) }

    static func contents(of path: String, in url: URL) throws -> Data {
        let archive = try Archive(url: url, accessMode: .read)
        let entry = try #require(archive[path], "no entry \(path)")
        var data = Data()
        _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        return data
    }

    /// Every sheet of a workbook by name, read as `XLSXReader` reads its first sheet: the same worksheet reader,
    /// shared strings and relationships, only choosing the sheet by name.
    static func sheets(_ data: Data) throws -> [(name: String, rows: [SpreadsheetRow])] {
        let zip = try ZipEntryReader([UInt8](data))
        let limit = XLSXReader.maximumExpandedBytes
        let workbook = try #require(try zip.contents(of: "xl/workbook.xml", limit: limit))
        var scanner = XMLPullScanner(workbook)
        var named: [(name: String, id: String)] = []
        while let event = try scanner.next() {
            if case .start(let tag) = event, scanner.localName(tag.name) == "sheet",
               let name = try scanner.attribute("name", of: tag), let id = try scanner.attribute("id", of: tag) {
                named.append((name, id))
            }
        }
        let relationships = try WorkbookXML.relationships(try #require(try zip.contents(of: "xl/_rels/workbook.xml.rels", limit: limit)))
        let strings = try zip.contents(of: "xl/sharedStrings.xml", limit: limit).map(WorkbookXML.sharedStrings) ?? []
        return try named.map { sheet in
            let path = try #require(relationships.first { $0.id == sheet.id }?.path)
            let xml = try #require(try zip.contents(of: path, limit: limit))
            return (sheet.name, try WorksheetReader.rows(xml, sharedStrings: strings))
        }
    }
}

@Suite struct DossierWriterTests {
    @Test func theZipHoldsTheIndexTheReadmeEveryFolderAndEveryFile() throws {
        let (plan, zip) = try DossierZipReading.writeFixture()
        defer { try? FileManager.default.removeItem(at: zip.deletingLastPathComponent()) }
        #expect(zip.lastPathComponent == "偏关县创建省级健康促进县工作实施方案迎检资料.zip")

        let entries = try DossierZipReading.entries(zip)
        #expect(entries.first?.path == "索引.xlsx")
        #expect(entries.dropFirst().first?.path == "说明.txt")
        let directories = entries.filter { $0.type == .directory }.map(\.path)
        #expect(directories == plan.folders)
        // Empty item folders are there, for the office to fill.
        #expect(directories.contains("01_综合评分表/1 组织管理/1.2 纳入政府规划/"))
        let files = entries.filter { $0.type == .file }.map(\.path)
        #expect(files == ["索引.xlsx", "说明.txt"] + plan.files.map(\.path))
        #expect(entries.allSatisfy { !$0.path.contains("\\") && !$0.path.split(separator: "/").contains("..") })

        for file in plan.files {
            let stored = try DossierZipReading.contents(of: file.path, in: zip)
            #expect(stored == (try DossierFixture.data(sha256: file.evidence.sha256)), "\(file.path)")
        }
        // Photos are stored as they are, text is deflated.
        let photo = try #require(entries.first { $0.path.hasSuffix("1.1 领导小组与协调机制/领导小组会议.jpg") })
        #expect(photo.compressedSize == photo.uncompressedSize && photo.uncompressedSize == 300_000)
        let readme = try #require(entries.first { $0.path == "说明.txt" })
        #expect(readme.compressedSize < readme.uncompressedSize)
    }

    @Test func aFileLinkedToTwoItemsIsInBothFolders() throws {
        let (_, zip) = try DossierZipReading.writeFixture()
        defer { try? FileManager.default.removeItem(at: zip.deletingLastPathComponent()) }
        let photos = try DossierZipReading.entries(zip).map(\.path).filter { $0.hasSuffix("/领导小组会议.jpg") }
        #expect(photos.count == 3)
        #expect(photos.contains("01_综合评分表/1 组织管理/1.1 领导小组与协调机制/领导小组会议.jpg"))
        #expect(photos.contains("01_综合评分表/1 组织管理/1.5 目标责任与督导考核/领导小组会议.jpg"))
        for path in photos { #expect(try DossierZipReading.contents(of: path, in: zip) == DossierFixture.photo.data) }
        let names = try DossierZipReading.entries(zip).map(\.path)
        #expect(names.contains("01_综合评分表/2 健康公共政策/2.1 将健康融入所有政策/_.._etc_passwd_gpj.exe"))
        #expect(names.contains("01_综合评分表/1 组织管理/1.1 领导小组与协调机制/会议记录 (2).PDF"))
    }

    @Test func theReadmeCountsWhatIsMissing() throws {
        let (plan, zip) = try DossierZipReading.writeFixture()
        defer { try? FileManager.default.removeItem(at: zip.deletingLastPathComponent()) }
        let data = try DossierZipReading.contents(of: "说明.txt", in: zip)
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("综合评分表条目 33 条，其中 29 条缺少佐证材料；\r\n"))
        #expect(text.contains("方案任务 \(plan.tasks.count) 项，其中 \(plan.tasks.count - 2) 项缺少佐证材料"))
        #expect(text.contains("佐证文件 16 份（不同文件 13 份）"))
        // A link naming a task by id stays with it when the task is renumbered: two files remain unfiled.
        #expect(text.contains("08_未归类材料/：2 份文件"))
        #expect(text.contains("生成时间：2024-04-01 00:00（北京时间）"))
    }

    @Test func theIndexReadsBackWithTheProjectsReader() throws {
        let (plan, zip) = try DossierZipReading.writeFixture()
        defer { try? FileManager.default.removeItem(at: zip.deletingLastPathComponent()) }
        let index = try DossierZipReading.contents(of: DossierPlan.indexPath, in: zip)

        // The first sheet through the public reader, as an office's re-upload would be read.
        let items = try XLSXReader.rows(data: index, fileName: "索引.xlsx")
        #expect(items.first?.cells == DossierIndex.scoreItemHeader)
        #expect(items.count == 1 + plan.scoreItems.count)
        let row11 = try #require(items.first { $0.cells.first == "1.1" }).cells
        #expect(Array(row11.prefix(6)) == ["1.1", "领导小组与协调机制", "1 组织管理", "4", "基本项", "3"])
        #expect(row11[6].components(separatedBy: "\n") == plan.scoreItems[0].files.map(\.path))
        #expect(row11[7] == "已有佐证")
        let row12 = try #require(items.first { $0.cells.first == "1.2" }).cells
        #expect(row12[5] == "0" && row12[6] == "" && row12[7] == "缺少佐证材料")
        #expect(row12[8] == "01_综合评分表/1 组织管理/1.2 纳入政府规划/")
        let veto = try #require(items.first { $0.cells.first == "1.6" }).cells
        #expect(veto[3] == "0" && veto[4] == "一票否决项")

        let sheets = try DossierZipReading.sheets(index)
        #expect(sheets.map(\.name) == ["评分表条目", "方案任务", "全部文件", "缺少佐证"])
        #expect(sheets[0].rows == items)

        let tasks = sheets[1].rows
        #expect(tasks.first?.cells == DossierIndex.taskHeader)
        #expect(tasks.count == 1 + plan.tasks.count)
        let task3 = tasks[3].cells
        #expect(Array(task3.prefix(6)) == ["3", "3", "建立健康促进县工作领导小组协调机制", "将健康促进县创建工作经费纳入财政预算", "县财政局", "0"])
        #expect(task3[7] == "缺少佐证材料")
        #expect(tasks[1].cells[7] == "已有佐证" && tasks[1].cells[6] == plan.tasks[0].files[0].path)

        let files = sheets[2].rows
        #expect(files.first?.cells == DossierIndex.fileHeader)
        #expect(files.dropFirst().map { $0.cells[0] } == plan.files.map(\.path))
        let hostile = try #require(files.first { $0.cells[1] == DossierFixture.hostile.ref.fileName }).cells
        #expect(hostile[0].hasSuffix("/_.._etc_passwd_gpj.exe"))
        let photo = files[1].cells
        #expect(photo == [plan.files[0].path, "领导小组会议.jpg", "300000", DossierFixture.photo.ref.sha256,
                          "评分表 1.1 领导小组与协调机制", "2024年第一次领导小组会议", "pg_office", "2024-03-01 08:01"])
        #expect(files.contains { $0.cells[4] == "健康细胞 已撤销单位（已不存在）" })

        let gaps = sheets[3].rows
        #expect(gaps.first?.cells == DossierIndex.gapHeader)
        #expect(gaps.count == 1 + plan.gaps.count)
        #expect(gaps[1].cells == ["评分表条目", "1.2", "纳入政府规划", "1 组织管理", "", "01_综合评分表/1 组织管理/1.2 纳入政府规划/"])
        #expect(gaps.dropFirst().filter { $0.cells[0] == "方案任务" }.count == plan.tasks.count - 2)
        #expect(!gaps.contains { $0.cells[1] == "1.1" && $0.cells[0] == "评分表条目" })
    }

    @Test func aFileThatCannotBeFetchedStopsTheExportAndLeavesNothing() throws {
        let plan = try DossierFixture.dossier()
        let folder = try DossierZipReading.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let zip = folder.appendingPathComponent("迎检资料.zip")
        let missing = DossierFixture.minutesScan.ref.sha256
        do {
            try DossierWriter.write(plan: plan, to: zip) { sha256 in
                if sha256 == missing { throw DossierFixture.MissingBlob(sha256: sha256) }
                return try DossierFixture.data(sha256: sha256)
            }
            Issue.record("exported without 会议记录.PDF")
        } catch let error as DossierExportError {
            #expect(error == .evidenceUnavailable(
                path: "01_综合评分表/1 组织管理/1.1 领导小组与协调机制/会议记录 (2).PDF", fileName: "会议记录.PDF",
                sha256: missing, reason: "存储中没有该文件"))
            #expect(error.description.hasPrefix("无法读取佐证文件「会议记录.PDF」（SHA-256 000000000000…"))
            #expect(error.description.contains("应放在 01_综合评分表/1 组织管理/1.1 领导小组与协调机制/会议记录 (2).PDF"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aFailedExportKeepsTheEarlierZip() throws {
        let plan = try DossierFixture.dossier()
        let folder = try DossierZipReading.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let zip = folder.appendingPathComponent("迎检资料.zip")
        try Data("上一次导出".utf8).write(to: zip)
        #expect(throws: DossierExportError.self) {
            // The store hands back other bytes than were uploaded.
            try DossierWriter.write(plan: plan, to: zip) { _ in Data("不对".utf8) }
        }
        #expect(try Data(contentsOf: zip) == Data("上一次导出".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["迎检资料.zip"])

        // A successful export replaces it.
        try DossierWriter.write(plan: plan, to: zip, data: DossierFixture.data(sha256:))
        #expect(try DossierZipReading.entries(zip).first?.path == "索引.xlsx")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["迎检资料.zip"])
    }

    @Test func aWrongSizeIsNamed() throws {
        let plan = try DossierFixture.dossier()
        let folder = try DossierZipReading.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: DossierExportError.evidenceSizeMismatch(
            path: plan.files[0].path, fileName: "领导小组会议.jpg", sha256: DossierFixture.photo.ref.sha256,
            expected: 300_000, actual: 6)) {
            try DossierWriter.write(plan: plan, to: folder.appendingPathComponent("a.zip")) { _ in Data("不对的内容".utf8.prefix(6)) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aMissingFolderIsAClearError() throws {
        let plan = try DossierFixture.dossier()
        let nowhere = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/迎检资料.zip")
        #expect(throws: DossierExportError.cannotWrite(path: nowhere.path, reason: "文件夹不存在")) {
            try DossierWriter.write(plan: plan, to: nowhere, data: DossierFixture.data(sha256:))
        }
    }

    @Test func anAsyncStoreWritesTheSameZip() async throws {
        let (plan, syncZip) = try DossierZipReading.writeFixture()
        defer { try? FileManager.default.removeItem(at: syncZip.deletingLastPathComponent()) }
        let asyncZip = syncZip.deletingLastPathComponent().appendingPathComponent("async.zip")
        try await DossierWriter.write(plan: plan, to: asyncZip) { sha256 in
            await Task.yield()
            return try DossierFixture.data(sha256: sha256)
        }
        let expected = try DossierZipReading.entries(syncZip).map { [$0.path, "\($0.checksum)"] }
        #expect(try DossierZipReading.entries(asyncZip).map { [$0.path, "\($0.checksum)"] } == expected)
    }

    @Test func slicesOfALargerBufferAreWrittenWhole() throws {
        // A store may hand back a slice whose indices do not start at 0.
        let plan = try DossierFixture.dossier()
        let folder = try DossierZipReading.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let zip = folder.appendingPathComponent("slices.zip")
        try DossierWriter.write(plan: plan, to: zip) { sha256 in
            let data = try DossierFixture.data(sha256: sha256)
            return (Data(count: 7) + data + Data(count: 5)).dropFirst(7).dropLast(5)
        }
        let path = plan.files[0].path
        #expect(try DossierZipReading.contents(of: path, in: zip) == DossierFixture.photo.data)
    }
}
