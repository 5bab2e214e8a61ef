import Foundation
import ZIPFoundation

/// A stretch of text in one format. A line feed in the text becomes a line break, a tab a tab stop.
public struct DOCXRun: Sendable, Equatable, ExpressibleByStringLiteral {
    public var text: String
    public var bold: Bool

    public init(_ text: String, bold: Bool = false) { self.text = text; self.bold = bold }
    public init(stringLiteral text: String) { self.init(text) }
}

/// A table with borders; the header row is bold on grey and repeats on every page the table runs onto.
public struct DOCXTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]
    /// Shares of the text width for columns 1, 2…: [1, 3] makes the second column three times the first.
    /// Columns past the end, and every column when empty, get a share of 1.
    public var relativeColumnWidths: [Double]

    public init(header: [String], rows: [[String]], relativeColumnWidths: [Double] = []) {
        self.header = header; self.rows = rows; self.relativeColumnWidths = relativeColumnWidths
    }

    /// The widest row decides, so a short row is padded with empty cells rather than left ragged.
    var columnCount: Int { max(header.count, rows.map(\.count).max() ?? 0) }
}

/// One block of the document's body, in the order it is printed.
public enum DOCXBlock: Sendable, Equatable {
    /// The document's title (标题): centred, large.
    case title(String)
    /// 一、… at level 1 (黑体), （一）… at level 2 (楷体), 1. … at level 3 (仿宋 bold); other levels are clamped.
    case heading(String, level: Int)
    /// Body text with its first line indented two characters.
    case paragraph([DOCXRun])
    /// Set against the right margin, four characters in, as the issuer and date lines of an official document are.
    case rightAligned([DOCXRun])
    case table(DOCXTable)
    case pageBreak
}

/// A Word document to write: properties, then the body.
public struct DOCXDocument: Sendable, Equatable {
    /// Shown as the file's title in Word's properties; the body's title is a `.title` block.
    public var title: String
    public var blocks: [DOCXBlock]
    /// The author in the file's properties: the issuing office.
    public var creator: String
    public var created: Date

    public init(title: String, blocks: [DOCXBlock], creator: String = "健康城市建设管理平台", created: Date) {
        self.title = title; self.blocks = blocks; self.creator = creator; self.created = created
    }
}

/// Writes a `DOCXDocument` as a .docx: the parts Word, WPS and LibreOffice need and no more, laid out as an
/// official document (公文, GB/T 9704): A4, 仿宋_GB2312 三号 body text, fixed 28pt lines.
public enum DOCXWriter {
    public static func data(_ document: DOCXDocument) throws -> Data {
        let parts = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelationships),
            ("word/document.xml", body(document.blocks)),
            ("word/_rels/document.xml.rels", documentRelationships),
            ("word/styles.xml", styles),
            ("word/settings.xml", settings),
            ("word/fontTable.xml", fontTable),
            ("docProps/core.xml", coreProperties(document)),
            ("docProps/app.xml", appProperties),
        ]
        return try OfficePackage.zip(parts)
    }

    // MARK: Page

    /// Twentieths of a point (twips), Word's unit for lengths.
    static func twips(millimetres: Double) -> Int { Int((millimetres / 25.4 * 1440).rounded()) }

    /// A4 with the margins GB/T 9704 gives for official documents: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
    static let pageWidth = twips(millimetres: 210)
    static let pageHeight = twips(millimetres: 297)
    static let margins = (top: twips(millimetres: 37), bottom: twips(millimetres: 35),
                          left: twips(millimetres: 28), right: twips(millimetres: 26))
    static var textWidth: Int { pageWidth - margins.left - margins.right }

    /// 三号 (16pt) body text in half-points; one character of it in twips, for indents counted in characters.
    static let bodySize = 32
    static let bodyCharacter = 320

    // MARK: Parts

    private static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    private static let mainNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    private static let relationshipTypes = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let contentTypePrefix = "application/vnd.openxmlformats-officedocument.wordprocessingml"

    private static let contentTypes = declaration + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="\(contentTypePrefix).document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="\(contentTypePrefix).styles+xml"/>\
        <Override PartName="/word/settings.xml" ContentType="\(contentTypePrefix).settings+xml"/>\
        <Override PartName="/word/fontTable.xml" ContentType="\(contentTypePrefix).fontTable+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        </Types>
        """

    private static let packageRelationships = declaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationshipTypes)/officeDocument" Target="word/document.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        <Relationship Id="rId3" Type="\(relationshipTypes)/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """

    private static let documentRelationships = declaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationshipTypes)/styles" Target="styles.xml"/>\
        <Relationship Id="rId2" Type="\(relationshipTypes)/settings" Target="settings.xml"/>\
        <Relationship Id="rId3" Type="\(relationshipTypes)/fontTable" Target="fontTable.xml"/>\
        </Relationships>
        """

    private static func body(_ blocks: [DOCXBlock]) -> String {
        var xml = declaration + #"<w:document xmlns:w="\#(mainNamespace)" xmlns:r="\#(relationshipTypes)"><w:body>"#
        for block in blocks {
            switch block {
            case .title(let text):
                xml += paragraph(style: "Title", runs: [DOCXRun(text)])
            case .heading(let text, let level):
                xml += paragraph(style: "Heading\(min(max(level, 1), 3))", runs: [DOCXRun(text)])
            case .paragraph(let runs):
                xml += paragraph(style: nil, runs: runs)
            case .rightAligned(let runs):
                xml += paragraph(style: "Signature", runs: runs)
            case .table(let table):
                xml += Self.table(table)
            case .pageBreak:
                xml += #"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#
            }
        }
        // A table may not end the body: Word then adds a paragraph itself and asks whether to repair the file.
        if case .table = blocks.last { xml += "<w:p/>" }
        xml += "<w:sectPr>"
            + #"<w:pgSz w:w="\#(pageWidth)" w:h="\#(pageHeight)"/>"#
            + #"<w:pgMar w:top="\#(margins.top)" w:right="\#(margins.right)" w:bottom="\#(margins.bottom)" w:left="\#(margins.left)" w:header="851" w:footer="992" w:gutter="0"/>"#
            + #"<w:cols w:space="425"/></w:sectPr>"#
        return xml + "</w:body></w:document>"
    }

    private static func paragraph(style: String?, alignment: String? = nil, runs: [DOCXRun]) -> String {
        var properties = style.map { #"<w:pStyle w:val="\#($0)"/>"# } ?? ""
        if let alignment { properties += #"<w:jc w:val="\#(alignment)"/>"# }
        var xml = "<w:p>"
        if !properties.isEmpty { xml += "<w:pPr>\(properties)</w:pPr>" }
        for run in runs { xml += Self.run(run) }
        return xml + "</w:p>"
    }

    /// Line feeds become breaks and tabs tab stops: inside <w:t> Word would show them as spaces, or drop them.
    private static func run(_ run: DOCXRun) -> String {
        var xml = "<w:r>" + (run.bold ? "<w:rPr><w:b/><w:bCs/></w:rPr>" : "")
        let lines = run.text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        for (lineIndex, line) in lines.enumerated() {
            if lineIndex > 0 { xml += "<w:br/>" }
            for (pieceIndex, piece) in line.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
                if pieceIndex > 0 { xml += "<w:tab/>" }
                let escaped = String(piece).xmlEscaped
                if !escaped.isEmpty { xml += #"<w:t xml:space="preserve">\#(escaped)</w:t>"# }
            }
        }
        return xml + "</w:r>"
    }

    private static func table(_ table: DOCXTable) -> String {
        let columns = max(table.columnCount, 1)
        let widths = columnWidths(table.relativeColumnWidths, count: columns)
        let border = #"w:val="single" w:sz="4" w:space="0" w:color="000000""#
        var xml = "<w:tbl><w:tblPr>"
            + #"<w:tblW w:w="\#(widths.reduce(0, +))" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>"#
            + ["top", "left", "bottom", "right", "insideH", "insideV"].map { "<w:\($0) \(border)/>" }.joined()
            // Fixed layout keeps the given widths rather than letting the reader fit columns to their text.
            + #"</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>"#
            + "</w:tblPr><w:tblGrid>" + widths.map { #"<w:gridCol w:w="\#($0)"/>"# }.joined() + "</w:tblGrid>"
        func row(_ cells: [String], header: Bool) -> String {
            var xml = "<w:tr>" + (header ? "<w:trPr><w:tblHeader/></w:trPr>" : "")
            for column in 0..<columns {
                let text = column < cells.count ? cells[column] : ""
                xml += #"<w:tc><w:tcPr><w:tcW w:w="\#(widths[column])" w:type="dxa"/>"#
                    + (header ? #"<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>"# : "")
                    + #"<w:vAlign w:val="center"/></w:tcPr>"#
                // A cell must hold at least one paragraph, and each line of its text is one.
                for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
                    xml += paragraph(style: "TableText", alignment: header ? "center" : nil, runs: [DOCXRun(String(line), bold: header)])
                }
                xml += "</w:tc>"
            }
            return xml + "</w:tr>"
        }
        if !table.header.isEmpty { xml += row(table.header, header: true) }
        for cells in table.rows { xml += row(cells, header: false) }
        // Word refuses a table without rows.
        if table.header.isEmpty && table.rows.isEmpty { xml += row([], header: false) }
        return xml + "</w:tbl>"
    }

    /// The text width shared out in proportion; negative, zero or non-finite shares count as 1. The last column
    /// takes the rounding so the table is exactly as wide as the text.
    static func columnWidths(_ shares: [Double], count: Int) -> [Int] {
        let weights = (0..<count).map { index in
            index < shares.count && shares[index].isFinite && shares[index] > 0 ? shares[index] : 1
        }
        let total = weights.reduce(0, +)
        var widths = weights.map { Int((Double(textWidth) * $0 / total).rounded(.down)) }
        widths[count - 1] += textWidth - widths.reduce(0, +)
        return widths
    }

    // MARK: Styles

    /// rFonts for a Chinese font, the same for every script so digits and Latin letters match the text around them.
    private static func fonts(_ name: String) -> String {
        #"<w:rFonts w:ascii="\#(name)" w:hAnsi="\#(name)" w:eastAsia="\#(name)" w:cs="\#(name)" w:hint="eastAsia"/>"#
    }

    /// Fixed line spacing of 28pt: 22 lines to the A4 page at 三号, as GB/T 9704 asks.
    private static let bodyLine = #"<w:spacing w:before="0" w:after="0" w:line="560" w:lineRule="exact"/>"#

    private static let styles = declaration + """
        <w:styles xmlns:w="\(mainNamespace)">\
        <w:docDefaults><w:rPrDefault><w:rPr>\(fonts("仿宋_GB2312"))<w:kern w:val="2"/>\
        <w:sz w:val="\(bodySize)"/><w:szCs w:val="\(bodySize)"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>\
        </w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>\(bodyLine)</w:pPr></w:pPrDefault></w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:widowControl w:val="0"/>\(bodyLine)<w:ind w:firstLine="\(2 * bodyCharacter)"/><w:jc w:val="both"/></w:pPr>\
        <w:rPr>\(fonts("仿宋_GB2312"))<w:sz w:val="\(bodySize)"/><w:szCs w:val="\(bodySize)"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:spacing w:before="0" w:after="560" w:line="700" w:lineRule="exact"/><w:ind w:firstLine="0"/>\
        <w:jc w:val="center"/></w:pPr>\
        <w:rPr>\(fonts("方正小标宋简体"))<w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr>\
        <w:rPr>\(fonts("黑体"))<w:sz w:val="\(bodySize)"/><w:szCs w:val="\(bodySize)"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr>\
        <w:rPr>\(fonts("楷体"))<w:sz w:val="\(bodySize)"/><w:szCs w:val="\(bodySize)"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:ind w:left="0" w:right="\(4 * bodyCharacter)" w:firstLine="0"/><w:jc w:val="right"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:spacing w:before="0" w:after="0" w:line="300" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="left"/></w:pPr>\
        <w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>\
        <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/>\
        <w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>\
        <w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
        </w:styles>
        """

    /// Each font with the one Word and WPS put in its place when it is not installed: 方正小标宋简体 and
    /// 仿宋_GB2312 come with font packages many PCs lack, where 宋体 and 仿宋 are always there.
    private static let fontTable = declaration + """
        <w:fonts xmlns:w="\(mainNamespace)">
        """ + [
            ("仿宋_GB2312", "仿宋"), ("方正小标宋简体", "宋体"), ("黑体", "SimHei"), ("楷体", "KaiTi"),
        ].map { name, alternative in
            #"<w:font w:name="\#(name)"><w:altName w:val="\#(alternative)"/><w:charset w:val="86"/><w:family w:val="auto"/></w:font>"#
        }.joined() + "</w:fonts>"

    private static let settings = declaration + """
        <w:settings xmlns:w="\(mainNamespace)"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>\
        <w:characterSpacingControl w:val="compressPunctuation"/>\
        <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
        <w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>
        """

    private static func coreProperties(_ document: DOCXDocument) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let created = formatter.string(from: document.created)
        return declaration + """
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            <dc:title>\(document.title.xmlEscaped)</dc:title><dc:creator>\(document.creator.xmlEscaped)</dc:creator>\
            <cp:lastModifiedBy>\(document.creator.xmlEscaped)</cp:lastModifiedBy>\
            <dcterms:created xsi:type="dcterms:W3CDTF">\(created)</dcterms:created>\
            <dcterms:modified xsi:type="dcterms:W3CDTF">\(created)</dcterms:modified></cp:coreProperties>
            """
    }

    private static let appProperties = declaration + """
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
        xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
        <Application>健康城市建设管理平台</Application><DocSecurity>0</DocSecurity></Properties>
        """
}
