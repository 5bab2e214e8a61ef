@testable import Domain
@testable import Formats
import Foundation
import Testing

/// Word documents written by `DOCXWriter`: the package, the page and styles of an official document, the body in
/// order, and text that XML cannot carry.
@Suite struct DOCXWriterTests {
    static let created = Date(timeIntervalSince1970: 1_743_379_200)  // 2025-03-31T00:00:00Z

    /// Every kind of block, with text that needs escaping, breaks and a short table row.
    static let sample = DOCXDocument(title: "样例<文档>", blocks: [
        .title("关于样例的通报"),
        .heading("一、基本情况", level: 1),
        .heading("（一）检查范围", level: 2),
        .heading("级别过深", level: 7),
        .paragraph([DOCXRun("加粗：", bold: true), "正文 a < b && c > \"d\" 'e'"]),
        .paragraph(["第一行\n第二行\r\n第三行\t制表"]),
        .table(DOCXTable(header: ["序号", "单位", "说明"], rows: [
            ["1", "县卫健局", "两行\n说明"],
            ["2", "县教育局"],
        ], relativeColumnWidths: [1, 4, 5])),
        .pageBreak,
        .paragraph([]),
        .rightAligned(["某某办公室"]),
        .rightAligned(["2025年3月31日"]),
    ], creator: "某某办公室", created: created)

    @Test func thePackageHasEveryPartAndEachIsWellFormed() throws {
        let docx = try OpenedDOCX(try DOCXWriter.data(Self.sample))
        #expect(docx.paths == ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
                               "word/styles.xml", "word/settings.xml", "word/fontTable.xml", "docProps/core.xml",
                               "docProps/app.xml"])
        for path in docx.paths {
            #expect(BodyParser.isWellFormed(try docx.part(path)), "\(path)")
        }
        let types = try docx.text("[Content_Types].xml")
        for part in docx.paths where part.hasSuffix(".xml") && part != "[Content_Types].xml" {
            #expect(types.contains(#"PartName="/\#(part)""#), "\(part) has no content type")
        }
        let core = try docx.text("docProps/core.xml")
        #expect(core.contains("<dc:title>样例&lt;文档&gt;</dc:title>"))
        #expect(core.contains("<dc:creator>某某办公室</dc:creator>"))
        #expect(core.contains(#"<dcterms:created xsi:type="dcterms:W3CDTF">2025-03-31T00:00:00Z</dcterms:created>"#))
    }

    @Test func thePageAndStylesAreThoseOfAnOfficialDocument() throws {
        let docx = try OpenedDOCX(try DOCXWriter.data(Self.sample))
        let document = try docx.text("word/document.xml")
        // A4; margins 37, 35, 28 and 26 mm in twips.
        #expect(document.contains(#"<w:pgSz w:w="11906" w:h="16838"/>"#))
        #expect(document.contains(#"<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587""#))
        let styles = try docx.text("word/styles.xml")
        func style(_ id: String) throws -> Substring {
            let start = try #require(styles.range(of: #"w:styleId="\#(id)""#))
            let end = try #require(styles[start.upperBound...].range(of: "</w:style>"))
            return styles[start.upperBound..<end.lowerBound]
        }
        let normal = try style("Normal"), title = try style("Title")
        #expect(normal.contains(#"w:eastAsia="仿宋_GB2312""#) && normal.contains(#"<w:sz w:val="32"/>"#))
        #expect(title.contains(#"w:eastAsia="方正小标宋简体""#) && title.contains(#"<w:sz w:val="44"/>"#)
                && title.contains(#"<w:jc w:val="center"/>"#))
        #expect(try style("Heading1").contains(#"w:eastAsia="黑体""#))
        #expect(try style("Heading2").contains(#"w:eastAsia="楷体""#))
        #expect(try style("Signature").contains(#"<w:jc w:val="right"/>"#))
        let fonts = try docx.text("word/fontTable.xml")
        #expect(fonts.contains(#"<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>"#))
        #expect(fonts.contains(#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>"#))
    }

    @Test func theBodyHasTheBlocksInOrder() throws {
        let body = try OpenedDOCX(try DOCXWriter.data(Self.sample)).body()
        #expect(body == Self.sample.expectedXMLBody)
        #expect(body[4] == .paragraph(style: nil, text: #"加粗：正文 a < b && c > "d" 'e'"#))
        #expect(body[5] == .paragraph(style: nil, text: "第一行\n第二行\n第三行\t制表"))
        #expect(body[6] == .table([["序号", "单位", "说明"], ["1", "县卫健局", "两行\n说明"], ["2", "县教育局", ""]]))
        let document = try OpenedDOCX(try DOCXWriter.data(Self.sample)).text("word/document.xml")
        // The header row repeats on every page and is shaded; the bold run is bold.
        #expect(document.contains("<w:trPr><w:tblHeader/></w:trPr>") && document.contains(#"w:fill="D9D9D9""#))
        #expect(document.contains(#"<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">加粗：</w:t></w:r>"#))
        #expect(document.contains(#"<w:br w:type="page"/>"#))
    }

    @Test func charactersXMLCannotCarryAreLeftOut() throws {
        let dirty = "问\u{0}题\u{1}描\u{B}述\u{C}\u{1F}\u{FFFE}\u{FFFF}]]><!-- &amp;"
        let document = DOCXDocument(title: "标\u{7}题", blocks: [
            .title(dirty), .paragraph([DOCXRun(dirty, bold: true)]), .rightAligned([DOCXRun(dirty)]),
            .table(DOCXTable(header: [dirty], rows: [[dirty]])),
        ], creator: "办\u{8}公室", created: Self.created)
        let docx = try OpenedDOCX(try DOCXWriter.data(document))
        for path in docx.paths { #expect(BodyParser.isWellFormed(try docx.part(path)), "\(path)") }
        let clean = "问题描述]]><!-- &amp;"
        #expect(try docx.body() == [
            .paragraph(style: "Title", text: clean), .paragraph(style: nil, text: clean),
            .paragraph(style: "Signature", text: clean), .table([[clean], [clean]]), .paragraph(style: nil, text: ""),
        ])
        #expect(try docx.text("docProps/core.xml").contains("<dc:title>标题</dc:title><dc:creator>办公室</dc:creator>"))
    }

    @Test func tablesAlwaysHaveARowAndFillTheTextWidth() throws {
        let empty = DOCXDocument(title: "空表", blocks: [.table(DOCXTable(header: [], rows: []))], created: Self.created)
        #expect(try OpenedDOCX(try DOCXWriter.data(empty)).body() == [.table([[""]]), .paragraph(style: nil, text: "")])

        let width = DOCXWriter.textWidth
        #expect(width == 11906 - 1587 - 1474)  // 210 − 28 − 26 mm
        #expect(DOCXWriter.columnWidths([], count: 3) == [2948, 2948, 2949])
        let shared = DOCXWriter.columnWidths([1, 3], count: 2)
        #expect(shared == [2211, 6634] && shared.reduce(0, +) == width)
        // Unusable shares count as 1, as do columns past the end; the last column takes the rounding.
        let odd = DOCXWriter.columnWidths([0, -2, .nan, .infinity], count: 7)
        #expect(Set(odd.dropLast()) == [1263] && odd.reduce(0, +) == width)
    }

    /// The project's own importer reads the written file back, paragraph by paragraph.
    @Test func theImporterReadsTheParagraphsBack() throws {
        let document = try DocumentReader.read(data: try DOCXWriter.data(Self.sample), fileName: "样例.docx")
        let texts = document.lines.map(\.text)
        expectInOrder(["关于样例的通报", "一、基本情况", "（一）检查范围", "加粗：正文", "县卫健局", "某某办公室", "2025年3月31日"],
                      in: texts)
    }

    @Test(.enabled(if: RealDOCXReader.shouldRun, "python-docx is not installed"))
    func pythonDocxReadsTheDocument() throws {
        guard let view = try RealDOCXReader.read(try DOCXWriter.data(Self.sample)) else { return }
        #expect(view.items == Self.sample.expectedReaderBody)
        #expect(view.core == ReaderView.Core(title: "样例<文档>", author: "某某办公室"))
        #expect(view.section == ["page_width": 210, "page_height": 297, "top_margin": 37, "bottom_margin": 35,
                                 "left_margin": 28, "right_margin": 26])
        #expect(view.styles["Normal"] == ReaderView.Style(eastAsiaFont: "仿宋_GB2312", asciiFont: "仿宋_GB2312",
                                                          sizePoints: 16, bold: false, alignment: "JUSTIFY"))
        #expect(view.styles["Title"] == ReaderView.Style(eastAsiaFont: "方正小标宋简体", asciiFont: "方正小标宋简体",
                                                         sizePoints: 22, bold: false, alignment: "CENTER"))
        #expect(view.styles["Heading 1"]?.eastAsiaFont == "黑体" && view.styles["Heading 1"]?.sizePoints == 16)
        #expect(view.styles["Heading 2"]?.eastAsiaFont == "楷体" && view.styles["Heading 2"]?.sizePoints == 16)
        #expect(view.body.first?.alignment == "CENTER" && view.body.last?.alignment == "RIGHT")
    }
}
