@testable import Formats
import Foundation
import Testing
import TestSupport
import ZIPFoundation

/// Spreadsheets written by `XLSXWorkbook` and read by `XLSXReader`, files as Excel and WPS write them, and the
/// files that must be turned away.
@Suite struct XLSXTests {
    func read(_ data: Data, name: String = "表.xlsx") throws -> [SpreadsheetRow] {
        try XLSXReader.rows(data: data, fileName: name)
    }

    /// The message of the error reading `data` throws; fails the test when nothing is thrown.
    func rejection(_ data: Data, name: String = "表.xlsx", sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        do {
            let rows = try XLSXReader.rows(data: data, fileName: name)
            Issue.record("accepted: \(rows.prefix(3))", sourceLocation: sourceLocation)
            return ""
        } catch {
            #expect(error.issues.count == 1 && error.issues.first?.location.file == name, sourceLocation: sourceLocation)
            return error.issues.first?.message ?? ""
        }
    }

    /// A package with the given workbook.xml, its relationships, sheets and shared strings.
    func package(workbook: String, relationships: String, parts: [(path: String, contents: String)]) throws -> Data {
        let namespaces = #"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
        return try DocxFixture.zip([
            ("xl/workbook.xml", Data("<workbook \(namespaces)><sheets>\(workbook)</sheets></workbook>".utf8)),
            ("xl/_rels/workbook.xml.rels", Data("""
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relationships)</Relationships>
            """.utf8)),
        ] + parts.map { ($0.path, Data($0.contents.utf8)) })
    }

    func worksheetRelationship(_ id: String, _ target: String) -> String {
        #"<Relationship Id="\#(id)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="\#(target)"/>"#
    }

    /// A one-sheet package whose sheet1.xml holds `sheetData`.
    func sheet(_ sheetData: String) throws -> Data {
        try package(workbook: #"<sheet name="Sheet1" sheetId="1" r:id="rId1"/>"#,
                    relationships: worksheetRelationship("rId1", "worksheets/sheet1.xml"),
                    parts: [("xl/worksheets/sheet1.xml", "<worksheet><sheetData>\(sheetData)</sheetData></worksheet>")])
    }

    // MARK: Round trip

    @Test func writtenWorkbooksReadBack() throws {
        let workbook = XLSXWorkbook(sheets: [
            XLSXSheet(name: "任务分解", header: ["单位", "数值", "备注"], rows: [
                [.text("县卫健局"), .number(23.1), .text(#"<&>"'"#)],
                [.text("左"), .empty, .text("右")],
                [.empty, .empty],
                [.number(0.231), .number(1), .number(-2.5e-7), .number(1e16)],
                [.text("=1+1"), .text("  两端空格  "), .text("第一行\n第二行\r\t制表"), .text("a\u{1}b\u{FFFF}")],
                [.text(""), .empty, .number(.nan)],
            ], columnWidths: [20, 10.5], headerFill: XLSXColor(red: 0xDD, green: 0xEB, blue: 0xF7), autoFilter: true),
            XLSXSheet(name: "第二张", rows: [[.text("不读")]]),
        ])
        let rows = try read(try workbook.data())
        #expect(rows == [
            SpreadsheetRow(row: 1, cells: ["单位", "数值", "备注"]),
            SpreadsheetRow(row: 2, cells: ["县卫健局", "23.1", #"<&>"'"#]),
            SpreadsheetRow(row: 3, cells: ["左", "", "右"]),
            SpreadsheetRow(row: 5, cells: ["0.231", "1", "-2.5e-07", "1e+16"]),
            SpreadsheetRow(row: 6, cells: ["=1+1", "  两端空格  ", "第一行\n第二行\r\t制表", "ab"]),
            SpreadsheetRow(row: 7, cells: ["", "", "nan"]),
        ])
    }

    @Test func thePackageHasTheStylesFrozenHeaderAndFilter() throws {
        let workbook = XLSXWorkbook(sheets: [
            XLSXSheet(name: "a", header: ["x", "y"], rows: [[.number(1)]], columnWidths: [12], autoFilter: true),
            XLSXSheet(name: "b", header: ["z"], rows: [], headerFill: XLSXColor(red: 255, green: 0, blue: 16)),
        ])
        let archive = try Archive(data: try workbook.data(), accessMode: .read)
        func part(_ path: String) throws -> String {
            let entry = try #require(archive[path])
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            return String(decoding: data, as: UTF8.self)
        }
        #expect(archive.map(\.path) == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                        "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
        let first = try part("xl/worksheets/sheet1.xml"), second = try part("xl/worksheets/sheet2.xml")
        #expect(first.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(first.contains(#"<col min="1" max="1" width="12" customWidth="1"/>"#))
        #expect(first.contains(#"<autoFilter ref="A1:B2"/>"#) && !second.contains("autoFilter"))
        #expect(first.contains(#"<c r="A1" s="1" t="inlineStr">"#) && second.contains(#"<c r="A1" s="2" t="inlineStr">"#))
        #expect(try part("xl/workbook.xml").contains(#"localSheetId="0" hidden="1">'a'!$A$1:$B$2</definedName>"#))
        let styles = try part("xl/styles.xml")
        #expect(styles.contains(#"<fgColor rgb="FFFF0010"/>"#))
        #expect(styles.contains(#"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#))
        #expect(styles.contains(#"<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>"#))
    }

    @Test func sheetNamesAreMadeAcceptableToExcel() {
        let long = String(repeating: "长", count: 40)
        #expect(XLSXWorkbook.sheetNames(["a/b", "A?B", "", "History", long, long, "'引号'", "[x]"]) == [
            "a_b", "A_B (2)", "Sheet3", "History (2)", String(repeating: "长", count: 31),
            String(repeating: "长", count: 27) + " (2)", "引号", "_x_",
        ])
    }

    @Test func anEmptyWorkbookStillOpens() throws {
        #expect(try read(try XLSXWorkbook(sheets: []).data()).isEmpty)
    }

    @Test func aSheetOverExcelsLimitsIsNotWritten() {
        let wide = XLSXSheet(name: "宽", rows: [Array(repeating: .number(1), count: XLSXWorkbook.maximumColumns + 1)])
        #expect(throws: XLSXSheetTooLarge(sheet: "宽")) { try XLSXWorkbook(sheets: [wide]).data() }
    }

    /// Every row of a large sheet comes back, in order (speed is measured in bench/, not here).
    @Test func aLargeSheetReadsCompletely() throws {
        let rows: [[XLSXCell]] = (1...20_000).map { [.text("单位\($0 % 97)"), .number(Double($0) / 10), .text("备注")] }
        let data = try XLSXWorkbook(sheets: [XLSXSheet(name: "大表", header: ["单位", "数值", "备注"], rows: rows)]).data()
        let read = try read(data)
        #expect(read.count == 20_001)
        #expect(read[1] == SpreadsheetRow(row: 2, cells: ["单位1", "0.1", "备注"]))
        #expect(read.last == SpreadsheetRow(row: 20_001, cells: ["单位\(20_000 % 97)", "2000", "备注"]))
    }

    // MARK: Files as Excel and WPS write them

    @Test func sharedStringsRichTextGapsAndFormulas() throws {
        let strings = """
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">\
        <si><t>健康城市</t></si>\
        <si><r><rPr><b/><sz val="11"/></rPr><t>健康</t></r><r><t xml:space="preserve">县区 </t></r>\
        <rPh sb="0" eb="2"><t>けんこう</t></rPh><phoneticPr fontId="1"/></si>\
        <si><t>第一行_x000D_\n第二行 &amp; _x005F_x0041_</t></si>\
        <si><t/></si></sst>
        """
        let sheet = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A2:F6"/>\
        <x:sheetData>\
        <x:row r="2" spans="1:5"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="C2" s="3"><x:v>0.23100000000000001</x:v></x:c>\
        <x:c r="E2" t="inlineStr"><x:is><x:t>内联</x:t><x:r><x:t><![CDATA[<文本>]]></x:t></x:r></x:is></x:c></x:row>\
        <x:row><x:c t="b"><x:v>1</x:v></x:c><x:c><x:f>SUM(C2:C9)</x:f><x:v>42</x:v></x:c>\
        <x:c t="str"><x:f>"结"&amp;"果"</x:f><x:v>结果</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c r="F3"><x:v>45292</x:v></x:c></x:row>\
        <x:row r="4"><x:c r="A4" s="1"/><x:c r="B4" t="s"><x:v>3</x:v></x:c></x:row>\
        <x:row r="5"/>\
        <x:row r="6"><x:c r="B6" t="s"><x:v>1</x:v></x:c><x:c r="AA6" t="s"><x:v>2</x:v></x:c></x:row>\
        </x:sheetData></x:worksheet>
        """
        let other = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>9</v></c></row></sheetData></worksheet>"
        // The first sheet in the workbook is the second in the relationships, at an absolute target.
        let data = try package(
            workbook: #"<sheet name="数据" sheetId="2" r:id="rId7"/><sheet name="其他" sheetId="1" r:id="rId1"/>"#,
            relationships: worksheetRelationship("rId1", "worksheets/sheet1.xml") + worksheetRelationship("rId7", "/xl/worksheets/data.xml")
                + #"<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/>"#,
            parts: [("xl/worksheets/sheet1.xml", other), ("xl/worksheets/data.xml", sheet), ("xl/strings.xml", strings)])
        var sixth = Array(repeating: "", count: 27)
        sixth[1] = "健康县区 "
        sixth[26] = "第一行\r\n第二行 & _x0041_"
        #expect(try read(data) == [
            SpreadsheetRow(row: 2, cells: ["健康城市", "", "0.231", "", "内联<文本>"]),
            SpreadsheetRow(row: 3, cells: ["TRUE", "42", "结果", "#N/A", "", "45292"]),
            SpreadsheetRow(row: 6, cells: sixth),
        ])
    }

    @Test func numbersKeepTheirStoredTextUnlessExcelPaddedThem() {
        #expect(["23.1", "100", "1E-3", "-0", "1.5E+20", "0.30000000000000004", "abc"].map(WorksheetReader.number)
            == ["23.1", "100", "1E-3", "-0", "1.5E+20", "0.30000000000000004", "abc"])
        #expect(["0.23100000000000001", "4.0000000000000001E-3", "12.000"].map(WorksheetReader.number) == ["0.231", "0.004", "12"])
    }

    // MARK: Files to turn away

    @Test func filesThatAreNotWorkbooksAreRejected() throws {
        #expect(rejection(Data()) == "文件为空")
        #expect(rejection(Data("名称,数值\n".utf8)).hasPrefix("不是有效的 .xlsx 文件（不是 zip 压缩包）"))
        #expect(rejection(Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 512)))
            .hasPrefix("这是旧版 Excel（.xls）"))
        #expect(rejection(Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 7, count: 200))).hasPrefix("不是有效的 .xlsx 文件（zip 压缩包已损坏）"))
        #expect(rejection(try DocxFixture.make(paragraphs: ["一、总体要求"])) == "压缩包里没有 xl/workbook.xml，不是 Excel 工作簿（.xlsx）")
        #expect(rejection(Data(count: XLSXReader.maximumFileBytes + 1)) == "文件过大（20.1 MB），上限为 20 MB")
        #expect(rejection(try package(workbook: "", relationships: "", parts: [])) == "工作簿中没有工作表")
    }

    @Test(arguments: [
        "<row><c><v>1</v></row>",
        "<row><c r=\"A1\"><v>1</v></c>",
        "<row><c r=\"1A\"><v>1</v></c></row>",
        "<row><c r=\"XFE1\"><v>1</v></c></row>",
        "<row r=\"0\"><c><v>1</v></c></row>",
        "<row><c t=\"s\"><v>5</v></c></row>",
        "<row><c><v>&bogus;</v></c></row>",
        "<row><c r=A1><v>1</v></c></row>",
        "<!DOCTYPE x [<!ENTITY a \"b\">]><row/>",
    ])
    func malformedSheetsAreAClearError(sheetData: String) throws {
        #expect(rejection(try sheet(sheetData)).hasPrefix("表格内容已损坏（xl/worksheets/sheet1.xml 不是有效的 XML："))
    }

    @Test(.timeLimit(.minutes(5))) func zipBombsAreStoppedAtTheLimit() throws {
        let valid = try sheet("")
        let archive = try Archive(data: valid, accessMode: .update)
        try archive.remove(try #require(archive["xl/worksheets/sheet1.xml"]))
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: 100 * 1_048_576,
                             compressionMethod: .deflate, bufferSize: 1 << 20, provider: { (_: Int64, size: Int) in
            Data(repeating: UInt8(ascii: " "), count: size)
        })
        let bomb = try #require(archive.data)
        #expect(bomb.count < 1_048_576)
        #expect(rejection(bomb) == "解压后的内容超过 64 MB，可能是压缩炸弹，已停止读取")
    }

    @Test(.timeLimit(.minutes(5))) func tooManyRowsAreRejected() throws {
        let rows = String(repeating: "<row><c><v>1</v></c></row>", count: XLSXReader.maximumRows + 1)
        #expect(rejection(try sheet(rows)) == "超过 100 万行，请检查是否选错了文件")
    }
}
