@testable import Domain
@testable import Formats
import Foundation
import PropertyBased
import Testing
import TestSupport

/// Every importer under random and mutated input: the seed plans, score sheets and questionnaires with bytes,
/// lines and YAML tokens mutated; plan documents (.txt in UTF-8 and GB18030, .docx with its XML or its zip
/// damaged); tables (CSV in UTF-8 and GB18030, .xlsx) with cells, rows and headers mutated; and pure random
/// bytes. Each input must be read or refused with the importer's own error naming the file (and the line, where
/// the problem has one) — never a crash, a hang or an error of some other type.
///
/// The counts keep the suite to a few seconds per importer in a debug build (`HEALTHCITY_FUZZ_SCALE=N` multiplies
/// them for a longer hunt); a failure prints the seed that reproduces it (`.fixedSeed("…")`).
@Suite struct ImporterFuzzTests {
    // MARK: Plan files (YAML)

    @Test func planYAMLNeverCrashesAndNamesTheFileAndLine() async throws {
        await Self.yamlFiles(in: Fixtures.plansDirectory) { text, file throws(InputRejected) in _ = try PlanFile.parse(text, file: file) }
    }

    /// Mutations of the YAML files of `directory`, each parsed by `parse`: read, or refused naming the file and
    /// (once the text is YAML) the line.
    static func yamlFiles(in directory: String, count: Int = 300,
                          parse: @escaping (String, String) throws(InputRejected) -> Void) async {
        let seeds: [[UInt8]]
        do { seeds = try Seeds.files(in: directory, ext: "yaml") } catch { Issue.record(error); return }
        await propertyCheck(count: Fuzz.count(count), input: Fuzz.text(seeds: seeds, tokens: Fuzz.yamlTokens)) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            do { try parse(text, "fuzz.yaml") } catch let error as InputRejected {
                Expect.located(error, file: "fuzz.yaml", lines: .whenParsed(text))
            }
        }
    }

    @Test func planCheckReadsDamagedFilesFromDisk() async throws {
        let seeds = try Seeds.files(in: Fixtures.plansDirectory, ext: "yaml")
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("plan.yaml").path
        await propertyCheck(count: Fuzz.count(60), input: Fuzz.text(seeds: seeds + [[]], tokens: Fuzz.yamlTokens)) { bytes in
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let checked = PlanFile.check(paths: [path])
            #expect(checked.plans.count + (checked.issues.isEmpty ? 0 : 1) == 1)
            if !checked.issues.isEmpty { Expect.located(InputRejected(checked.issues), file: path, lines: .never) }
        }
    }

    // MARK: Score sheets and questionnaires

    @Test func scoreSheetsNeverCrash() async throws {
        await Self.yamlFiles(in: Fixtures.standardsDirectory) { text, file throws(InputRejected) in
            _ = try ScoreSheetFile.parse(text, file: file)
        }
    }

    @Test func aScoreSheetLibraryOfDamagedFilesIsRefusedByFile() async throws {
        let seeds = try Seeds.files(in: Fixtures.standardsDirectory, ext: "yaml")
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = Fuzz.text(seeds: seeds, tokens: Fuzz.yamlTokens).array(of: 1...3)
        await propertyCheck(count: Fuzz.count(40), input: input) { files in
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
            var paths: [String] = []
            for (i, bytes) in files.enumerated() {
                let url = directory.appendingPathComponent("sheet\(i).yaml")
                try Data(bytes).write(to: url)
                paths.append(url.path)
            }
            do {
                let library = try ScoreSheetLibrary.load(directory: directory.path)
                #expect(library.sheets.count == files.count)
            } catch let error as InputRejected {
                #expect(!error.issues.isEmpty)
                for issue in error.issues { #expect(paths.contains(issue.location.file), "\(issue)") }
            }
        }
    }

    @Test func questionnairesNeverCrash() async throws {
        await Self.yamlFiles(in: Fixtures.questionnairesDirectory) { text, file throws(InputRejected) in
            _ = try QuestionnaireFile.parse(text, file: file)
        }
    }

    // MARK: Plan documents

    @Test func planDocumentsAsTextNeverCrash() async throws {
        let seeds = Seeds.documentExcerpts()
        let gb = seeds.compactMap { String(decoding: $0, as: UTF8.self).data(using: TextDecoding.gb18030).map { [UInt8]($0) } }
        await propertyCheck(count: Fuzz.count(200), input: Fuzz.text(seeds: seeds + gb, tokens: Fuzz.documentTokens)) { bytes in
            Expect.draftOrRefusal(Data(bytes), fileName: "方案.txt")
        }
    }

    @Test func planDocumentsAsDocxNeverCrash() async throws {
        let seeds = Seeds.documentExcerpts()
        let input = Generator(run: { rng in
            var r = Fuzz.Random(rng)
            defer { rng = r.rng }
            let lines = String(decoding: r.pick(seeds), as: UTF8.self).components(separatedBy: "\n")
            let body = lines.map { $0.isEmpty ? "<w:p/>" : "<w:p><w:r><w:t xml:space=\"preserve\">\(Fuzz.escapeXML($0))</w:t></w:r></w:p>" }
            var xml = Array(DocxFixture.document(body: body.joined()).utf8)
            // Damage the XML inside a sound zip, or the zip itself, or both.
            let damage = r.int(0..<3)
            if damage != 1 { xml = Fuzz.mutate(xml, splice: [], tokens: Fuzz.xmlTokens, in: &r) }
            var zip = [UInt8]((try? DocxFixture.make(documentXML: String(decoding: xml, as: UTF8.self))) ?? Data())
            if damage != 0 { zip = Fuzz.mutate(zip, splice: [], tokens: [], bytesOnly: true, in: &r) }
            return zip
        })
        await propertyCheck(count: Fuzz.count(150), input: input) { bytes in
            Expect.draftOrRefusal(Data(bytes), fileName: "方案.docx")
        }
    }

    @Test func randomBytesAreRefusedAsDocumentsAndTables() async {
        let input = Generator(run: { rng in
            var r = Fuzz.Random(rng)
            defer { rng = r.rng }
            // Sometimes behind a magic number, so the zip, old-Office and BOM branches are reached too.
            let prefixes: [[UInt8]] = [[], [0x50, 0x4B, 0x03, 0x04], [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
                                       [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF]]
            return r.pick(prefixes) + (0..<r.int(0..<600)).map { _ in UInt8(truncatingIfNeeded: r.next()) }
        })
        await propertyCheck(count: Fuzz.count(400), input: input) { bytes in
            Expect.draftOrRefusal(Data(bytes), fileName: "随机.docx")
            Expect.rowsOrRefusal(Data(bytes), fileName: "随机.csv")
        }
    }

    // MARK: Tables: CSV (UTF-8, GB18030), xlsx

    @Test func tablesNeverCrashAndKeepTheirLines() async throws {
        let seeds = try Seeds.tables()
        await propertyCheck(count: Fuzz.count(400), input: Fuzz.table(seeds: seeds)) { file in
            Expect.rowsOrRefusal(Data(file.bytes), fileName: file.name)
        }
    }

    @Test func csvCellsSurviveARoundTrip() async {
        // Any cells, quoted as Excel writes them (a field with a comma, quote or line break in quotes, quotes
        // doubled), come back as they were; rows of blanks are dropped. (`CSV.line` is not used: it neutralises
        // formulas for export.)
        let cells = Generator(run: { rng in
            var r = Fuzz.Random(rng)
            defer { rng = r.rng }
            return (0..<r.int(1..<9)).map { _ in
                (0..<r.int(1..<6)).map { _ in (0..<r.int(0..<10)).map { _ in r.pick(Fuzz.cellPieces) }.joined() }
            }
        })
        await propertyCheck(count: Fuzz.count(300), input: cells, Gen.bool, Gen.bool) { rows, gb, crlf in
            let text = rows.map { $0.map(Fuzz.quoted).joined(separator: ",") }.joined(separator: crlf ? "\r\n" : "\n")
            let kept = rows.filter { !$0.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
            if gb {
                // GB18030: read back unless it also happens to look like damaged UTF-8; refused naming the file if not.
                guard let encoded = text.data(using: TextDecoding.gb18030), !encoded.isEmpty else { return }
                do {
                    let read = try TableFile.rows(data: encoded, fileName: "t.csv")
                    if String(data: encoded, encoding: .utf8) == nil { #expect(read.map(\.cells) == kept) }
                } catch let error as InputRejected {
                    Expect.located(error, file: "t.csv", lines: .never)
                }
            } else if !text.isEmpty {
                let read = try TableFile.rows(data: Data(text.utf8), fileName: "t.csv")
                #expect(read.map(\.cells) == kept)
                #expect(read.map(\.line) == read.map(\.line).sorted())
            }
        }
    }

    @Test func streamingCSVReaderAgreesWithTheWholeFileReader() async throws {
        let seeds = try Seeds.tables().filter { !$0.isXLSX }
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("register.csv").path
        await propertyCheck(count: Fuzz.count(150), input: Fuzz.table(seeds: seeds, xlsx: false)) { file in
            try Data(file.bytes).write(to: URL(fileURLWithPath: path))
            var streamed: [TableRow] = []
            do {
                let source = try CSVFileRowSource(path: path, fileName: "register.csv")
                while let row = try source.next() { streamed.append(row) }
            } catch let error as InputRejected {
                Expect.located(error, file: "register.csv", lines: .never)
                return
            }
            if let whole = try? TableFile.rows(data: Data(file.bytes), fileName: "register.csv") {
                #expect(streamed == whole)
            }
        }
    }

    // MARK: Regions

    @Test func regionsCSVNeverCrashes() async throws {
        let seed = try Seeds.read("demo/regions-pianguan.csv")
        await propertyCheck(count: Fuzz.count(300), input: Fuzz.text(seeds: [seed], tokens: Fuzz.csvTokens)) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                let rows = try RegionCSV.parse(text, file: "regions.csv")
                #expect(rows.allSatisfy { $0.line >= 2 && !$0.name.isEmpty })
            } catch let error as InputRejected {
                Expect.located(error, file: "regions.csv", lines: .always)
            }
        }
    }

    // MARK: Indicator figures, register rows, survey responses

    @Test func indicatorFiguresNeverCrash() async throws {
        let context = try Seeds.observationContext()
        let seeds = try Seeds.tables(["demo/indicators-pianguan-2023.csv"])
        await propertyCheck(count: Fuzz.count(300), input: Fuzz.table(seeds: seeds)) { file in
            guard let rows = try? TableFile.rows(data: Data(file.bytes), fileName: file.name) else { return }
            do {
                let table = try ObservationImport.prepare(rows: rows, file: file.name, context: context)
                #expect(table.observations.allSatisfy { $0.value.isFinite })
            } catch let error as InputRejected {
                Expect.located(error, file: file.name, lines: .unlessWholeFile(rows))
            }
        }
    }

    @Test func registerRowsNeverCrash() async throws {
        let lookup = RegionLookup(try Seeds.regions())
        let seeds = try Seeds.tables(["demo/cells-pianguan.csv"])
        let today = LocalDate(year: 2026, month: 6, day: 30)
        await propertyCheck(count: Fuzz.count(300), input: Fuzz.table(seeds: seeds)) { file in
            guard let rows = try? TableFile.rows(data: Data(file.bytes), fileName: file.name), let header = rows.first else { return }
            let reader: CellRowReader
            do {
                reader = try CellRowReader(header: header, file: file.name, lookup: lookup, extraTypes: ["station": "健康驿站"], today: today)
            } catch let error as InputRejected {
                Expect.located(error, file: file.name, lines: .always)
                return
            }
            for row in rows.dropFirst() {
                switch reader.read(row) {
                case .success(let cell): #expect(cell.line == row.line && !cell.name.isEmpty)
                case .failure(let error):
                    Expect.located(error, file: file.name, lines: .always)
                    #expect(error.issues.allSatisfy { $0.location.line == row.line })
                }
            }
        }
    }

    @Test func surveyResponsesNeverCrash() async throws {
        let (intake, seed) = try Seeds.surveyIntake()
        await propertyCheck(count: Fuzz.count(250), input: Fuzz.table(seeds: [seed])) { file in
            guard let rows = try? TableFile.rows(data: Data(file.bytes), fileName: file.name) else { return }
            do {
                let responses = try intake.read(rows: rows, file: file.name, existing: ["9999"], actor: "fuzz")
                #expect(responses.count == rows.count - 1)
            } catch let error as InputRejected {
                Expect.located(error, file: file.name, lines: .unlessWholeFile(rows))
            }
        }
    }
}

// MARK: - What a refusal must say

enum Expect {
    enum Lines {
        /// Every issue names a line.
        case always
        /// Problems of a whole file (empty, unreadable) have none; the others may or may not.
        case never
        /// YAML: an issue of a file that composes names a line, unless the field it is about is absent from the
        /// file (a missing key names the mapping that lacks it, the document's first line at worst).
        case whenParsed(String)
        /// Tables: every issue names a line once there are rows beyond the header.
        case unlessWholeFile([TableRow])
    }

    static func located(_ error: InputRejected, file: String, lines: Lines,
                        sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(!error.issues.isEmpty, sourceLocation: sourceLocation)
        for issue in error.issues {
            #expect(issue.location.file == file, "\(issue)", sourceLocation: sourceLocation)
            #expect(!issue.message.trimmingCharacters(in: .whitespaces).isEmpty, "\(issue)", sourceLocation: sourceLocation)
            if let line = issue.location.line { #expect(line >= 1, "\(issue)", sourceLocation: sourceLocation) }
            if let column = issue.location.column { #expect(column >= 1, "\(issue)", sourceLocation: sourceLocation) }
            switch lines {
            case .always:
                #expect(issue.location.line != nil, "\(issue)", sourceLocation: sourceLocation)
            case .never:
                break
            case .whenParsed(let text):
                if composes(text), issue.location.field != nil {
                    #expect(issue.location.line != nil, "\(issue)", sourceLocation: sourceLocation)
                }
            case .unlessWholeFile(let rows):
                if rows.count > 1, issue.location.column != nil {
                    #expect(issue.location.line != nil, "\(issue)", sourceLocation: sourceLocation)
                }
            }
        }
    }

    /// A plan document is drafted, or refused naming the file: a `PlanImportError`, nothing else.
    static func draftOrRefusal(_ data: Data, fileName: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        do {
            let draft = try PlanImporter.draft(data: data, fileName: fileName)
            #expect(draft.document.fileName == fileName, sourceLocation: sourceLocation)
            #expect(draft.document.lines.count <= DocumentReader.maximumLines, sourceLocation: sourceLocation)
        } catch {
            #expect(error.fileName == fileName, "\(error)", sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        }
    }

    /// A table is read into rows numbered upwards from 1, or refused naming the file.
    static func rowsOrRefusal(_ data: Data, fileName: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        do {
            let rows = try TableFile.rows(data: data, fileName: fileName)
            #expect(rows.allSatisfy { $0.line >= 1 }, sourceLocation: sourceLocation)
            #expect(rows.map(\.line) == rows.map(\.line).sorted(), sourceLocation: sourceLocation)
        } catch {
            located(error, file: fileName, lines: .never, sourceLocation: sourceLocation)
        }
    }
}

/// Whether text composes as YAML at all (then its problems have places).
private func composes(_ text: String) -> Bool { (try? YAMLFile.decode(Ignored.self, from: text, file: "")) != nil }

private struct Ignored: Decodable {
    init(from decoder: any Decoder) throws {}
}

// MARK: - Seeds

enum Seeds {
    static func read(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent(relative)))
    }

    static func files(in directory: String, ext: String) throws -> [[UInt8]] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix("." + ext) }.sorted()
            .map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent($0))) }
    }

    /// Excerpts of the seed plan documents (shared/seeds; a short made-up plan when absent): 20–120 lines each,
    /// from the start (title, leading group) and from the middle (tasks), so one draft stays quick.
    static func documentExcerpts() -> [[UInt8]] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.seedsDirectory.path))?
            .filter { $0.hasSuffix(".txt") }.sorted() ?? []
        var excerpts: [[UInt8]] = []
        for name in names {
            guard let text = try? String(contentsOf: Fixtures.seedsDirectory.appendingPathComponent(name), encoding: .utf8) else { continue }
            let lines = text.components(separatedBy: "\n")
            for (start, count) in [(0, 60), (lines.count / 3, 40), (lines.count / 2, 120), (max(0, lines.count - 30), 30)] {
                excerpts.append(Array(lines.dropFirst(start).prefix(count).joined(separator: "\n").utf8))
            }
        }
        if excerpts.isEmpty {
            excerpts.append(Array("""
            青河县创建健康县工作实施方案
            一、工作目标
            到2025年，婴儿死亡率降至3.9‰以下。
            二、组织领导
            成立创建健康县工作领导小组，由县长担任组长。
            三、工作任务
            （一）健康环境。1.加强饮用水卫生监测。（责任单位：县卫健委、县水利局）
            四、实施步骤
            （一）启动阶段（2024年1月—2024年3月）。
            """.utf8))
        }
        return excerpts
    }

    /// A seed table as CSV and as xlsx; `isXLSX` tells them apart.
    struct Table: Sendable {
        var rows: [[String]]
        var isXLSX = false
    }

    static func tables(_ paths: [String] = ["demo/indicators-pianguan-2023.csv", "demo/cells-pianguan.csv",
                                            "demo/regions-pianguan.csv"]) throws -> [Table] {
        try paths.flatMap { path in
            let rows = try TableFile.rows(data: Data(try read(path)), fileName: path).map(\.cells)
            return [Table(rows: rows), Table(rows: rows, isXLSX: true)]
        }
    }

    /// pianguan's county with the demo townships and villages, as a programme's regions.
    static func regions() throws -> [Region] {
        let county = Region(id: UUID(), code: "140932", name: "偏关县", level: .county, parentID: nil)
        var regions = [county]
        let text = String(decoding: try read("demo/regions-pianguan.csv"), as: UTF8.self)
        for row in try RegionCSV.parse(text, file: "regions.csv") {
            let parent = regions.first { $0.code == row.parent || $0.name == row.parent }
            regions.append(Region(id: UUID(), code: row.code, name: row.name, level: row.level, parentID: parent?.id))
        }
        return regions
    }

    static func observationContext() throws -> ObservationContext {
        let plan = try Fixtures.plan("pianguan-2023")
        let programme = ProgrammeIndicators(plan: plan, settings: ProgrammeSettings(baselineYear: 2020, endYear: 2025), currentYear: 2025)
        return ObservationContext(programme: programme, regions: try regions(), annualValues: [:], states: [:])
    }

    /// The smoking questionnaire's survey in two townships, and a response file whose answers are its options.
    static func surveyIntake() throws -> (SurveyIntake, Table) {
        let questionnaire = try QuestionnaireFile.load(path: Fixtures.questionnairesDirectory + "/smoking.yaml")
        let towns = try regions().filter { $0.level == .township }.prefix(2)
        let survey = Survey(planID: "pianguan-2023", name: "吸烟调查", questionnaireID: questionnaire.id, year: 2025,
                            quotas: towns.map { SurveyQuota(regionID: $0.id, planned: 10) }, createdBy: "office")
        let header = questionnaire.columns + ["village", "weight"]
        var rows = [header]
        for n in 1...4 {
            var row = [String(n)]
            for item in questionnaire.scoredItems { row.append(item.item.options.first?.label ?? "A") }
            for question in questionnaire.questions {
                switch question.id {
                case "township": row.append(towns[towns.startIndex + n % towns.count].name)
                default:
                    if !question.options.isEmpty { row.append(question.options[n % question.options.count]) }
                    else {
                        let low = question.minimum ?? 0, high = question.maximum ?? low + 100
                        row.append(String(Int(low + (high - low) * Double(n) / 5)))
                    }
                }
            }
            rows.append(row + ["东关村", "1.5"])
        }
        return (SurveyIntake(survey: survey, questionnaire: questionnaire, townships: Array(towns)), Table(rows: rows))
    }
}

// MARK: - Mutations

enum Fuzz {
    /// Cases per importer: `n`, times `HEALTHCITY_FUZZ_SCALE` for a longer hunt (`HEALTHCITY_FUZZ_SCALE=20 swift test
    /// --filter ImporterFuzz`).
    static func count(_ n: Int) -> Int {
        n * max(1, Int(ProcessInfo.processInfo.environment["HEALTHCITY_FUZZ_SCALE"] ?? "") ?? 1)
    }

    /// A random source over the property checker's seeded generator, so a failing case can be replayed.
    struct Random {
        var rng: any SeededRandomNumberGenerator
        init(_ rng: any SeededRandomNumberGenerator) { self.rng = rng }
        mutating func next() -> UInt64 { rng.next() }
        mutating func int(_ range: Range<Int>) -> Int {
            range.isEmpty ? range.lowerBound : range.lowerBound + Int(next() % UInt64(range.count))
        }
        mutating func chance(_ percent: Int) -> Bool { int(0..<100) < percent }
        mutating func pick<T>(_ values: [T]) -> T { values[int(0..<values.count)] }
    }

    static let yamlTokens: [String] = [
        ":", ": ", "- ", "-", "\n", "\n  ", "  ", "\t", "{", "}", "[", "]", "{}", "[]", ",", "&a ", "*a", "!!binary ",
        "!!int ", "!!str ", "!custom ", "'", "\"", "#", "|", ">", "|-", "~", "null", "true", "no", "1e999", "-1", "0",
        "0x7FFFFFFFFFFFFFFF", "99999999999999999999", ".nan", ".inf", "2024-02-30", "2024-13-01", "---\n", "...\n", "? ",
        "%YAML 1.2\n", "<<: *a", "\u{FEFF}", "\u{0}", "\u{85}", "\u{2028}", "％", "１２", "‰", "第", "乡镇", "HC1",
        "id: x\n", "tasks:\n", "items:\n", "questions:\n", "phases:\n", "- name: ", "  - ", "targets:\n",
    ]
    static let csvTokens: [String] = [",", "\"", "\"\"", "\r\n", "\n", "\r", ",,", "\u{FEFF}", "\u{0}", " ", "code", "name",
                                      "level", "parent", "村", "镇", "县", "偏关县", "新关镇", "140932100", "１４０"]
    static let documentTokens: [String] = [
        "\n", "\r\n", "\r", "一、", "（一）", "1.", "（1）", "①", "第一条", "附件", "附件1", "（责任单位：", "）", "（", "：", "、", "；",
        "牵头单位：", "配合单位：", "由县长担任组长", "组长：", "副组长：", "成员：", "办公室设在", "到2025年，", "降至3.9‰以下",
        "不低于20%", "每月30日前", "2024年1月—2024年3月", "　", "\t", "\u{FEFF}", "\u{0}", "\u{7}", "健康", "实施方案", "通知",
        String(repeating: "（", count: 40), String(repeating: "一、", count: 20), String(repeating: "长", count: 2000),
    ]
    static let xmlTokens: [String] = ["<", ">", "</w:p>", "<w:p>", "<w:r>", "<w:t>", "</w:t>", "&amp;", "&", "&#0;", "&#x1F600;",
                                      "<w:tbl>", "<w:tr><w:tc>", "</w:tc></w:tr>", "<!--", "-->", "<![CDATA[", "]]>", "<?xml", "\"",
                                      "xmlns:w=\"x\"", "<w:br/>", "<w:tab/>", "<!DOCTYPE a [<!ENTITY b \"c\">]>", "&b;"]
    static func quoted(_ field: String) -> String {
        field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    static func escapeXML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
    /// Bytes that are not text: invalid UTF-8, GB18030 halves, BOMs, NUL, a zip header.
    static let rawTokens: [[UInt8]] = [[0xFF], [0xC3], [0xE4, 0xB8], [0x81], [0x81, 0x30], [0xD6, 0xD0], [0xEF, 0xBB, 0xBF],
                                       [0xFF, 0xFE], [0xFE, 0xFF], [0x00], [0x50, 0x4B, 0x03, 0x04], [0x1B], [0x7F], [0xC0, 0x80]]

    /// Values typed into cells that the readers must judge: numbers of every shape, dates, codes, names, options.
    static let cellValues: [String] = [
        "", " ", "0", "-0", "-1", "1", "3.5", "1e308", "1e309", "-1e309", "NaN", "nan", "inf", "Infinity", "９９.５", "1,234",
        "12%", "3‰", "100%%", "0x1F", "2024", "2023", "2019", "1900", "9999", "0000", "2024-13", "2024-02-30", "2024/5/31",
        "2024年", "2024年3月", "2024Q1", "2024-Q5", "2024-12", "2024-00", "2024-06-01", "9999999999999999999999",
        "-9223372036854775808", "9223372036854775807", "\u{0}", "\u{FEFF}", "\"", ",", "\n", "是", "否", "true", "no", "命名",
        "certified", "revoked", "school", "family", "健康驿站", "全国", "全省", "全县", "偏关县", "偏关县/新关镇", "新关镇/东关村",
        "东关村", "/", "//", ">", "140932100", "HC1", "HC38", "HC99", "A", "AB", "ABCDEFG", "对", "错", "男", "女", "15", "200",
        "-5", "每天吸", String(repeating: "长", count: 300), "=1+1", "region", "indicator", "period", "value", "type", "name",
        "weight", "township", "village", "id",
    ]
    /// What a cell of the round trip is made of: separators, quotes, line breaks, CJK and full-width text.
    static let cellPieces: [String] = ["a", "Z", "1", " ", ",", "\"", "\n", "\r\n", "\t", "中", "镇", "，", "：", "（", "é", "😀", "\u{3000}", "１"]

    /// Text seeds with 1–8 mutations (bytes, YAML/CSV tokens, whole lines, splices of another seed), or a seed kept.
    static func text(seeds: [[UInt8]], tokens: [String]) -> Generator<[UInt8], Shrink.None<[UInt8]>> {
        Generator(run: { rng in
            var r = Random(rng)
            defer { rng = r.rng }
            return mutate(r.pick(seeds), splice: seeds, tokens: tokens, in: &r)
        })
    }

    static func mutate(_ input: [UInt8], splice: [[UInt8]], tokens: [String], bytesOnly: Bool = false,
                       in r: inout Random) -> [UInt8] {
        var bytes = input
        let allTokens = tokens.map { Array($0.utf8) } + rawTokens
        for _ in 0..<r.int(1..<9) {
            let at = r.int(0..<(bytes.count + 1))
            switch r.int(0..<(bytesOnly ? 6 : 11)) {
            case 0 where !bytes.isEmpty:  // flip a bit
                let i = min(at, bytes.count - 1)
                bytes[i] ^= UInt8(1) << UInt8(r.int(0..<8))
            case 1 where !bytes.isEmpty:  // a random byte
                bytes[min(at, bytes.count - 1)] = UInt8(truncatingIfNeeded: r.next())
            case 2:  // random bytes inserted
                bytes.insert(contentsOf: (0..<r.int(1..<17)).map { _ in UInt8(truncatingIfNeeded: r.next()) }, at: at)
            case 3:  // a range deleted
                bytes.removeSubrange(at..<min(bytes.count, at + r.int(1..<64)))
            case 4:  // truncated
                bytes = Array(bytes.prefix(at))
            case 5 where !bytes.isEmpty:  // a range repeated
                let start = min(at, bytes.count - 1)
                let chunk = Array(bytes[start..<min(bytes.count, start + r.int(1..<200))])
                bytes.insert(contentsOf: chunk, at: r.int(0..<(bytes.count + 1)))
            case 6, 7:  // a token inserted or written over what was there
                let token = r.pick(allTokens)
                if r.chance(50) { bytes.insert(contentsOf: token, at: at) }
                else { bytes.replaceSubrange(at..<min(bytes.count, at + token.count), with: token) }
            case 8:  // lines deleted, repeated, swapped or re-indented
                bytes = mutateLines(bytes, in: &r)
            case 9 where !splice.isEmpty:  // another seed's piece spliced in
                let other = r.pick(splice)
                let start = r.int(0..<(other.count + 1))
                bytes.insert(contentsOf: other[start..<min(other.count, start + r.int(1..<400))], at: at)
            case 10:  // a value replaced: what follows the next ": " up to the line's end
                if let colon = firstIndex(of: [0x3A, 0x20], in: bytes, from: at) {
                    let end = bytes[colon...].firstIndex(of: 0x0A) ?? bytes.count
                    bytes.replaceSubrange((colon + 2)..<end, with: Array(r.pick(cellValues + tokens).utf8))
                }
            default:
                break
            }
        }
        return bytes
    }

    static func mutateLines(_ bytes: [UInt8], in r: inout Random) -> [UInt8] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        guard !lines.isEmpty else { return bytes }
        let i = r.int(0..<lines.count), j = r.int(0..<lines.count)
        switch r.int(0..<5) {
        case 0: lines.remove(at: i)
        case 1: lines.insert(lines[i], at: j)
        case 2: lines.swapAt(i, j)
        case 3: lines[i] = Array(repeating: 0x20, count: r.int(0..<9)) + lines[i].drop { $0 == 0x20 }
        default: lines[i] = Array(lines[i].drop { $0 == 0x20 })
        }
        return Array(lines.joined(separator: [0x0A]))
    }

    static func firstIndex(of pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        var i = min(start, bytes.count - pattern.count)
        while i <= bytes.count - pattern.count {
            if bytes[i] == pattern[0] && Array(bytes[i..<(i + pattern.count)]) == pattern { return i }
            i += 1
        }
        return nil
    }

    /// A table file: a seed's cells mutated (values, cells added or dropped, rows repeated or swapped, header
    /// names changed), written as CSV (UTF-8, with or without BOM, or GB18030; CRLF or LF) or as xlsx, and
    /// sometimes its bytes damaged after.
    struct TableFileInput: Sendable {
        var name: String
        var bytes: [UInt8]
    }

    static func table(seeds: [Seeds.Table], xlsx: Bool = true) -> Generator<TableFileInput, Shrink.None<TableFileInput>> {
        Generator(run: { rng in
            var r = Random(rng)
            defer { rng = r.rng }
            let seed = r.pick(seeds)
            var rows = seed.rows
            let columnValues = rows.flatMap { $0 }
            for _ in 0..<r.int(0..<7) {
                guard !rows.isEmpty else { break }
                let i = r.int(0..<rows.count)
                let j = rows[i].isEmpty ? 0 : r.int(0..<rows[i].count)
                switch r.int(0..<9) {
                case 0...2 where !rows[i].isEmpty: rows[i][j] = r.pick(cellValues)
                case 3 where !rows[i].isEmpty && !columnValues.isEmpty: rows[i][j] = r.pick(columnValues)
                case 4: rows[i].insert(r.pick(cellValues), at: r.int(0..<(rows[i].count + 1)))
                case 5 where !rows[i].isEmpty: rows[i].remove(at: j)
                case 6: rows.insert(rows[i], at: r.int(0..<(rows.count + 1)))
                case 7: rows.swapAt(i, r.int(0..<rows.count))
                case 8: rows.remove(at: i)
                default: break
                }
            }
            let asXLSX = xlsx && (seed.isXLSX || r.chance(10))
            var bytes: [UInt8]
            if asXLSX {
                let cells = rows.map { row in row.map { value -> XLSXCell in
                    if let number = Double(value), r.chance(50) { return .number(number) }
                    return value.isEmpty && r.chance(50) ? .empty : .text(value)
                } }
                bytes = [UInt8]((try? XLSXWorkbook(sheets: [XLSXSheet(name: "Sheet1", rows: cells)]).data()) ?? Data())
            } else {
                let text = rows.map(CSV.line).joined(separator: r.chance(50) ? "\r\n" : "\n")
                switch r.int(0..<4) {
                case 0: bytes = [UInt8]((text.data(using: TextDecoding.gb18030)) ?? Data(text.utf8))
                case 1: bytes = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
                default: bytes = Array(text.utf8)
                }
            }
            if r.chance(asXLSX ? 30 : 20) {
                bytes = mutate(bytes, splice: [], tokens: asXLSX ? xmlTokens : csvTokens, bytesOnly: asXLSX, in: &r)
            }
            return TableFileInput(name: asXLSX ? "表.xlsx" : "表.csv", bytes: bytes)
        })
    }
}

// MARK: - Found by the fuzzer

/// Inputs the fuzzer found crashing an importer, kept as plain tests.
@Suite struct ImporterFuzzFindingsTests {
    /// A .docx or .xlsx whose zip directory points past the end of the file: ZIPFoundation's in-memory archive
    /// read there and crashed the process ("Range requires lowerBound <= upperBound"). Now a damaged zip, by name.
    @Test(arguments: ["directory", "local header", "compressed size"])
    func aZipWhoseOffsetsPointPastTheEndIsDamaged(field: String) throws {
        let docx = try Self.damage(try DocxFixture.make(paragraphs: ["一、总体要求", "二、主要任务"]),
                                   field, of: "word/document.xml")
        do {
            _ = try DocumentReader.read(data: docx, fileName: "plan.docx")
            Issue.record("read")
        } catch {
            #expect(error.message.contains("zip 压缩包已损坏"), "\(error)")
        }
        let sheet = XLSXSheet(name: "Sheet1", header: ["region", "value"], rows: [[.text("偏关县"), .number(1)]])
        let xlsx = try Self.damage(try XLSXWorkbook(sheets: [sheet]).data(), field, of: "xl/workbook.xml")
        do {
            _ = try TableFile.rows(data: xlsx, fileName: "表.xlsx")
            Issue.record("read")
        } catch {
            #expect(error.issues.map(\.message) == ["不是有效的 .xlsx 文件（zip 压缩包已损坏）；请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"])
        }
    }

    /// "Billion laughs": ten aliases of ten aliases… of a list, used as a mapping key. Yams hashed the key whole
    /// while composing (and the decoder would walk every copy): seven levels, 400 bytes, held PlanFile.parse for
    /// 105 s, and each level more is ten times that. Aliases are refused now, at the first one's line, at once.
    @Test func yamlAliasesAreRefusedBeforeTheyExpand() throws {
        var bomb = "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for i in 1...9 { bomb += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        bomb += "? [*a9]\n: x\n"
        let parsers: [(String) throws -> Void] = [
            { _ = try PlanFile.parse($0, file: "f.yaml") },
            { _ = try ScoreSheetFile.parse($0, file: "f.yaml") },
            { _ = try QuestionnaireFile.parse($0, file: "f.yaml") },
        ]
        for parse in parsers {
            do {
                try parse(bomb)
                Issue.record("parsed")
            } catch let error as InputRejected {
                #expect(error.issues.map(\.description) == ["f.yaml:2:10: 不支持 YAML 别名「*a0」：请把内容直接写出，不要用 & 和 * 引用"])
            }
        }
        // A `*` in text, quotes or comments is no alias: the seed plan still reads with them.
        let plan = try String(contentsOfFile: Fixtures.planPath("pianguan-2023"), encoding: .utf8)
        let starred = plan + "\n# *注释中的星号\n"
        #expect(try PlanFile.parse(starred, file: "p.yaml") == PlanFile.parse(plan, file: "p.yaml"))
        let merged = "id: x\nbase: &b {a: 1}\nother:\n  <<: *b\n"
        #expect(throws: InputRejected.self) { try PlanFile.parse(merged, file: "p.yaml") }
    }

    /// Lines that all join into one paragraph (no sentence ends): each was weighed against the whole paragraph so
    /// far — its roster rows, its label, its brackets — so 16 KB of them took 20 s and a 20 MB file would have taken
    /// days. A paragraph now stops at `maximumParagraphCharacters`, and a document of them is read in linear time.
    @Test func linesThatAllJoinMakeBoundedParagraphs() throws {
        let line = "到2025年，婴儿死亡率降至3.9‰以下"
        let lines = (1...3_000).map { SourceLine(number: $0, text: line) }
        let paragraphs = ParagraphAssembler.paragraphs(from: lines)
        #expect(paragraphs.count > 1)
        #expect(paragraphs.allSatisfy { $0.text.count <= ParagraphAssembler.maximumParagraphCharacters })
        #expect(paragraphs.map(\.text).joined() == String(repeating: line, count: 3_000), "nothing lost at the cuts")
        #expect(paragraphs.map(\.rawLines.count).reduce(0, +) == 3_000)
        let text = "青河县创建健康县工作实施方案\n" + lines.prefix(1_000).map(\.text).joined(separator: "\n")
        #expect(throws: PlanImportError(fileName: "长.txt", message: "未识别出实施方案的内容：没有找到标题、编号的任务、实施阶段或领导小组。请确认上传的是实施方案正文。")) {
            try PlanImporter.draft(data: Data(text.utf8), fileName: "长.txt")
        }
    }

    /// The zip with one offset or size set to 2 GB: the end record's directory offset, or the local header offset
    /// or compressed size of the directory entry for `name`.
    static func damage(_ zip: Data, _ field: String, of name: String) throws -> Data {
        var data = zip
        func u16(_ i: Int) -> Int { Int(data[i]) | Int(data[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        let end = data.count - 22
        #expect(u32(end) == 0x0605_4B50)
        var at = end + 16
        if field != "directory" {
            var record = u32(end + 16)
            while Array(data[record + 46..<record + 46 + u16(record + 28)]) != Array(name.utf8) {
                record += 46 + u16(record + 28) + u16(record + 30) + u16(record + 32)
                try #require(u32(record) == 0x0201_4B50)
            }
            at = record + (field == "local header" ? 42 : 20)
        }
        for (k, byte) in [0x00, 0x00, 0x00, 0x80].enumerated() { data[at + k] = UInt8(byte) }
        return data
    }
}
