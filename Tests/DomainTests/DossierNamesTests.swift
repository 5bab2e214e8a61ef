@testable import Domain
import Foundation
import Testing

/// File and folder names in the dossier zip, and the stored form of evidence links.
@Suite struct DossierNamesTests {
    @Test(arguments: [
        ("会议记录.pdf", "会议记录.pdf"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("..", DossierNames.unnamedFile),
        ("...", DossierNames.unnamedFile),
        ("", DossierNames.unnamedFile),
        ("   ", DossierNames.unnamedFile),
        (".jpg", "未命名文件.jpg"),
        (".htaccess", "未命名文件.htaccess"),
        ("a\\b/c:d*e?f\"g<h>i|j.txt", "a_b_c_d_e_f_g_h_i_j.txt"),
        ("报告\u{0}\u{7}\u{1F}.doc", "报告.doc"),
        ("照片\u{202E}gpj.exe", "照片gpj.exe"),
        ("两行\n名字\t.txt", "两行 名字.txt"),
        ("结尾点和空格. . ", "结尾点和空格"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("Com1.jpg", "_Com1.jpg"),
        ("LPT9", "_LPT9"),
        ("CONSOLE.txt", "CONSOLE.txt"),
        ("nul.tar.gz", "_nul.tar.gz"),
    ])
    func fileNames(raw: String, expected: String) {
        #expect(DossierNames.fileName(raw) == expected)
    }

    @Test func decomposedAndComposedNamesAreOne() {
        #expect(DossierNames.fileName("Cafe\u{301}.txt") == DossierNames.fileName("Caf\u{E9}.txt"))
    }

    @Test func longNamesKeepTheirExtension() {
        let name = DossierNames.fileName(String(repeating: "长", count: 200) + ".jpeg")
        #expect(name.count == DossierNames.maximumFileNameCharacters)
        #expect(name.hasSuffix("长.jpeg"))
        #expect(name.utf8.count <= 240)
        // Not an extension: eleven letters, or not ASCII.
        #expect(DossierNames.fileName(String(repeating: "a", count: 100) + ".abcdefghijk").count == DossierNames.maximumFileNameCharacters)
        #expect(DossierNames.splitExtension("报告.文档") == ("报告.文档", ""))
        // 4-byte characters count once but weigh four bytes: the byte cap bites first.
        let emoji = DossierNames.fileName(String(repeating: "😀", count: 100) + ".png")
        #expect(emoji.utf8.count <= 240 && emoji.hasSuffix(".png"))
    }

    @Test func repeatsInAFolderAreNumberedIgnoringCase() {
        var names = DossierNames.Deduplicator()
        #expect(names.claim("签到表.xlsx", isFile: true) == "签到表.xlsx")
        #expect(names.claim("签到表.XLSX", isFile: true) == "签到表 (2).XLSX")
        #expect(names.claim("签到表.xlsx", isFile: true) == "签到表 (3).xlsx")
        #expect(names.claim("签到表", isFile: true) == "签到表")
        #expect(names.claim("签到表", isFile: false) == "签到表 (2)")
    }

    @Test func folderNamesAreShortAndSafe() {
        #expect(DossierNames.folderName("1.1 领导小组与协调机制") == "1.1 领导小组与协调机制")
        #expect(DossierNames.folderName(String(repeating: "健", count: 50)).count == DossierNames.maximumFolderNameCharacters)
        #expect(DossierNames.folderName("县卫体局/县医疗集团") == "县卫体局_县医疗集团")
        #expect(DossierNames.folderName("..") == "_")
        #expect(DossierNames.folderName("aux") == "_aux")
        #expect(DossierNames.folderName("编号 1.") == "编号 1")
    }

    @Test func shortTitlesStopAtTheFirstClause() {
        #expect(DossierNames.shortTitle("健康村（社区）") == "健康村（社区）")
        #expect(DossierNames.shortTitle("将健康促进县创建工作经费纳入财政预算,做到专款专用,规范管理。") == "将健康促进县创建工作经费纳入财政预算")
        #expect(DossierNames.shortTitle(String(repeating: "长", count: 30)) == String(repeating: "长", count: 19) + "…")
    }

    @Test func linksStoreTheirKindByName() throws {
        let link = EvidenceLink(
            evidence: EvidenceRef(sha256: String(repeating: "ab", count: 32), fileName: "照片.jpg", size: 12),
            target: .scoreItem(sheet: "county-comprehensive", item: "1.1"), note: "会议", uploadedBy: "office",
            uploadedAt: Date(timeIntervalSince1970: 1_700_000_000))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(link.target), as: UTF8.self)
        #expect(json == #"{"item":"1.1","kind":"scoreItem","sheet":"county-comprehensive"}"#)
        #expect(try JSONDecoder().decode(EvidenceLink.self, from: encoder.encode(link)) == link)

        let id = UUID()
        let targets: [EvidenceTarget] = [
            .planTask(index: 3, number: "（二）"), .planTask(index: 0, number: nil), .indicator(code: "HC38", year: 2023),
            .place(id: id, name: "县医院"), .activity(id: id, title: "讲座"), .supervisionProblem(id: id, title: "问题"),
            .monthlyReport(unit: "县卫体局", month: YearMonth(year: 2024, month: 2)!),
        ]
        for target in targets {
            #expect(try JSONDecoder().decode(EvidenceTarget.self, from: encoder.encode(target)) == target)
        }
        let report = String(decoding: try encoder.encode(targets.last!), as: UTF8.self)
        #expect(report == #"{"kind":"monthlyReport","month":"2024-02","unit":"县卫体局"}"#)
        #expect(Set(targets.map(\.kind)).count == EvidenceTarget.Kind.allCases.count - 1)
    }

    @Test(arguments: [
        #"{"kind":"monthlyReport","unit":"县卫体局","month":"2024-13"}"#,
        #"{"kind":"planTask","index":-1}"#,
        #"{"kind":"scoreItem","sheet":"county-comprehensive","item":"  "}"#,
        #"{"kind":"survey","id":"x"}"#,
        #"{"kind":"planTask","index":3,"numbr":"2"}"#,
        #"{"kind":"indicator","code":"HC38","year":2023,"item":"1.1"}"#,
    ])
    func badTargetsAreRefused(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(EvidenceTarget.self, from: Data(json.utf8)) }
    }
}
