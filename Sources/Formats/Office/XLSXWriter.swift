import Foundation
import ZIPFoundation

/// A cell of a sheet to write. Cells are typed, so text that looks like a formula ("=1+1") stays text.
public enum XLSXCell: Sendable, Equatable {
    case text(String)
    case number(Double)
    case empty
}

/// An RGB colour, for the header row's fill.
public struct XLSXColor: Sendable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) { self.red = red; self.green = green; self.blue = blue }

    /// ARGB as styles.xml wants it, opaque.
    var argb: String { String(format: "FF%02X%02X%02X", red, green, blue) }
}

public struct XLSXSheet: Sendable {
    /// Made acceptable to Excel when written: see `XLSXWorkbook.sheetNames(_:)`.
    public var name: String
    /// The first row, in bold (on `headerFill` when given) and frozen so it stays in view while scrolling;
    /// no header row when empty.
    public var header: [String]
    /// The rows below the header, column A first.
    public var rows: [[XLSXCell]]
    /// Widths of columns A, B… in characters; the columns past the end keep the default width.
    public var columnWidths: [Double]
    public var headerFill: XLSXColor?
    /// Filter buttons on the header row, over every row below it; only with a header.
    public var autoFilter: Bool

    public init(name: String, header: [String] = [], rows: [[XLSXCell]], columnWidths: [Double] = [],
                headerFill: XLSXColor? = nil, autoFilter: Bool = false) {
        self.name = name; self.header = header; self.rows = rows; self.columnWidths = columnWidths
        self.headerFill = headerFill; self.autoFilter = autoFilter
    }

    /// Rows and columns in use, the header's included.
    var rowCount: Int { rows.count + (header.isEmpty ? 0 : 1) }
    var columnCount: Int { max(header.count, rows.map(\.count).max() ?? 0) }
}

/// A sheet larger than Excel can open.
public struct XLSXSheetTooLarge: Error, Equatable, CustomStringConvertible {
    public var sheet: String

    public var description: String {
        "工作表「\(sheet)」超过 Excel 的上限（\(XLSXWorkbook.maximumRows) 行、\(XLSXWorkbook.maximumColumns) 列）"
    }
}

/// An .xlsx workbook written from scratch: the smallest package Excel, WPS and LibreOffice open without
/// complaint, text as inline strings (no shared-string table to keep in step).
public struct XLSXWorkbook: Sendable {
    public var sheets: [XLSXSheet]

    public init(sheets: [XLSXSheet]) { self.sheets = sheets }

    static let maximumRows = 1_048_576
    static let maximumColumns = 16_384
    /// Excel's limit for a cell's text; a longer one makes it "repair" the file on opening.
    static let maximumCellCharacters = 32_767

    /// The .xlsx file. A workbook needs at least one sheet, so one without gets an empty Sheet1.
    public func data() throws -> Data {
        let sheets = sheets.isEmpty ? [XLSXSheet(name: "Sheet1", rows: [])] : sheets
        let names = Self.sheetNames(sheets.map(\.name))
        let styles = HeaderStyles(sheets)
        var parts = [
            ("[Content_Types].xml", contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", Self.packageRelationships),
            ("xl/workbook.xml", workbook(sheets, names: names)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", styles.xml),
        ]
        for (index, sheet) in sheets.enumerated() {
            guard sheet.rowCount <= Self.maximumRows,
                  sheet.columnCount <= Self.maximumColumns else {
                throw XLSXSheetTooLarge(sheet: names[index])
            }
            parts.append(("xl/worksheets/sheet\(index + 1).xml", worksheet(sheet, headerStyle: styles.index(for: sheet))))
        }
        return try OfficePackage.zip(parts)
    }

    /// Names Excel accepts, in order: none of []:*?/\ (each becomes _), no apostrophe at either end, at most
    /// 31 characters, not empty, and unique ignoring case (a repeat gets " (2)"…). "History" is reserved by Excel.
    static func sheetNames(_ names: [String]) -> [String] {
        var used: Set<String> = ["history"]
        return names.enumerated().map { index, raw in
            let scalars = raw.unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
                guard scalar.value >= 0x20, scalar.isXMLCharacter else { return nil }
                return "[]:*?/\\".unicodeScalars.contains(scalar) ? "_" : scalar
            }
            var base = String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespaces)
            while base.hasPrefix("'") { base.removeFirst() }
            while base.hasSuffix("'") { base.removeLast() }
            if base.isEmpty { base = "Sheet\(index + 1)" }
            var name = base.prefix(utf16Count: 31)
            var copy = 2
            while used.contains(name.lowercased()) {
                let suffix = " (\(copy))"
                name = base.prefix(utf16Count: 31 - suffix.utf16.count) + suffix
                copy += 1
            }
            used.insert(name.lowercased())
            return name
        }
    }

    /// "A" for 0, "Z" for 25, "AA" for 26…
    static func columnName(_ index: Int) -> String {
        var name = ""
        var rest = index + 1
        while rest > 0 {
            rest -= 1
            name.insert(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(rest % 26))), at: name.startIndex)
            rest /= 26
        }
        return name
    }

    // MARK: Parts

    private static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    private static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationshipTypes = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let contentTypePrefix = "application/vnd.openxmlformats-officedocument.spreadsheetml"

    private func contentTypes(sheetCount: Int) -> String {
        var xml = Self.declaration + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="\(Self.contentTypePrefix).sheet.main+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="\(Self.contentTypePrefix).styles+xml"/>
        """
        for number in 1...sheetCount {
            xml += #"<Override PartName="/xl/worksheets/sheet\#(number).xml" ContentType="\#(Self.contentTypePrefix).worksheet+xml"/>"#
        }
        return xml + "</Types>"
    }

    private static let packageRelationships = declaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationshipTypes)/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """

    private func workbook(_ sheets: [XLSXSheet], names: [String]) -> String {
        // The sheets' views refer to workbook view 0.
        var xml = Self.declaration + #"<workbook xmlns="\#(Self.mainNamespace)" xmlns:r="\#(Self.relationshipTypes)">"#
            + "<bookViews><workbookView/></bookViews><sheets>"
        var filters = ""
        for (index, name) in names.enumerated() {
            xml += #"<sheet name="\#(name.xmlEscaped)" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
            // Excel keeps an autofilter's range in this hidden name too, and expects it.
            if let range = Self.filterRange(sheets[index]) {
                let reference = "'\(name.replacingOccurrences(of: "'", with: "''"))'!\(range.absolute)"
                filters += #"<definedName name="_xlnm._FilterDatabase" localSheetId="\#(index)" hidden="1">\#(reference.xmlEscaped)</definedName>"#
            }
        }
        xml += "</sheets>"
        if !filters.isEmpty { xml += "<definedNames>\(filters)</definedNames>" }
        return xml + "</workbook>"
    }

    private func workbookRelationships(sheetCount: Int) -> String {
        var xml = Self.declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for number in 1...sheetCount {
            xml += #"<Relationship Id="rId\#(number)" Type="\#(Self.relationshipTypes)/worksheet" Target="worksheets/sheet\#(number).xml"/>"#
        }
        xml += #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(Self.relationshipTypes)/styles" Target="styles.xml"/>"#
        return xml + "</Relationships>"
    }

    private func worksheet(_ sheet: XLSXSheet, headerStyle: Int) -> String {
        let hasHeader = !sheet.header.isEmpty
        var xml = Self.declaration + #"<worksheet xmlns="\#(Self.mainNamespace)" xmlns:r="\#(Self.relationshipTypes)">"#
        let lastCell = "\(Self.columnName(max(sheet.columnCount, 1) - 1))\(max(sheet.rowCount, 1))"
        xml += #"<dimension ref="\#(lastCell == "A1" ? "A1" : "A1:" + lastCell)"/>"#
        xml += #"<sheetViews><sheetView workbookViewId="0">"#
        if hasHeader {
            xml += #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>"#
        }
        xml += #"</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>"#
        if !sheet.columnWidths.isEmpty {
            xml += "<cols>"
            for (index, width) in sheet.columnWidths.enumerated() {
                // Excel's range for a width is 0 to 255 characters.
                xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(min(max(width, 0), 255).shortestText)" customWidth="1"/>"#
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        if hasHeader {
            Self.appendRow(sheet.header.map(XLSXCell.text), number: 1, style: headerStyle, to: &xml)
        }
        for (offset, cells) in sheet.rows.enumerated() {
            Self.appendRow(cells, number: offset + (hasHeader ? 2 : 1), style: nil, to: &xml)
        }
        xml += "</sheetData>"
        if let range = Self.filterRange(sheet) { xml += #"<autoFilter ref="\#(range.relative)"/>"# }
        return xml + "</worksheet>"
    }

    /// Cells are written with their references, as Excel does; empty cells are left out.
    private static func appendRow(_ cells: [XLSXCell], number: Int, style: Int?, to xml: inout String) {
        guard cells.contains(where: { $0 != .empty && $0 != .text("") }) else { return }
        xml += #"<row r="\#(number)">"#
        let styleAttribute = style.map { #" s="\#($0)""# } ?? ""
        for (column, cell) in cells.enumerated() {
            let reference = "\(columnName(column))\(number)"
            switch cell {
            case .text(let text) where !text.isEmpty:
                let capped = text.utf16.count > maximumCellCharacters ? text.prefix(utf16Count: maximumCellCharacters) : text
                xml += #"<c r="\#(reference)"\#(styleAttribute) t="inlineStr"><is><t xml:space="preserve">\#(capped.xmlEscaped)</t></is></c>"#
            case .number(let value) where value.isFinite:
                xml += #"<c r="\#(reference)"\#(styleAttribute)><v>\#(value.shortestText)</v></c>"#
            case .number(let value):
                // Excel has no NaN or infinity: shown as text rather than lost.
                xml += #"<c r="\#(reference)"\#(styleAttribute) t="inlineStr"><is><t>\#(value)</t></is></c>"#
            case .text, .empty: break
            }
        }
        xml += "</row>"
    }

    /// The header row and every row below it, in A1 style: relative for the sheet, absolute for the defined name.
    private static func filterRange(_ sheet: XLSXSheet) -> (relative: String, absolute: String)? {
        guard sheet.autoFilter, !sheet.header.isEmpty else { return nil }
        let lastColumn = columnName(sheet.columnCount - 1)
        let lastRow = sheet.rowCount
        return ("A1:\(lastColumn)\(lastRow)", "$A$1:$\(lastColumn)$\(lastRow)")
    }
}

/// styles.xml: the default cell format, then one bold format for each distinct header fill (or none).
private struct HeaderStyles {
    /// In order of first use; the format of the n-th is n + 1.
    private var fills: [XLSXColor?] = []

    init(_ sheets: [XLSXSheet]) {
        for sheet in sheets where !sheet.header.isEmpty && !fills.contains(sheet.headerFill) { fills.append(sheet.headerFill) }
    }

    /// The format of the sheet's header row, for a sheet that has one.
    func index(for sheet: XLSXSheet) -> Int { (fills.firstIndex(of: sheet.headerFill) ?? 0) + 1 }

    var xml: String {
        let colours = fills.compactMap { $0 }
        // Fills 0 and 1 are reserved (none, gray125): Excel ignores whatever stands there.
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n" + """
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
        <fills count="\(colours.count + 2)"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
        """
        for colour in colours {
            xml += #"<fill><patternFill patternType="solid"><fgColor rgb="\#(colour.argb)"/><bgColor indexed="64"/></patternFill></fill>"#
        }
        xml += """
        </fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="\(fills.count + 1)"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
        """
        for fill in fills {
            let fillID = fill.flatMap { colours.firstIndex(of: $0) }.map { $0 + 2 } ?? 0
            xml += #"<xf numFmtId="0" fontId="1" fillId="\#(fillID)" borderId="0" xfId="0" applyFont="1"\#(fillID == 0 ? "" : #" applyFill="1""#)/>"#
        }
        return xml + #"</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
    }
}

extension Double {
    /// The shortest text that reads back as this value, without Swift's ".0" on whole numbers: "23.1", "1", "1e-05".
    public var shortestText: String {
        let text = description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}

extension Unicode.Scalar {
    /// Whether XML 1.0 can carry it at all (tab, line feed, carriage return and from U+0020, less U+FFFE and U+FFFF).
    var isXMLCharacter: Bool {
        value >= 0x20 ? value != 0xFFFE && value != 0xFFFF : value == 0x09 || value == 0x0A || value == 0x0D
    }
}

extension String {
    /// For XML content and attribute values: markup characters escaped, a carriage return as a reference (a parser
    /// turns a literal one into a line feed), characters XML 1.0 cannot carry left out.
    var xmlEscaped: String {
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
            case _ where scalar.isXMLCharacter: out.append(scalar)
            default: break
            }
        }
        return String(out)
    }

    /// The longest prefix of whole characters that fits in `utf16Count` UTF-16 units, as Excel counts length.
    func prefix(utf16Count limit: Int) -> String {
        var count = 0
        var end = startIndex
        for character in self {
            count += character.utf16.count
            guard count <= limit else { break }
            end = index(after: end)
        }
        return String(self[..<end])
    }
}

/// An Office Open XML package (xlsx, docx): its XML parts deflated into a zip held in memory.
enum OfficePackage {
    static func zip(_ parts: [(String, String)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, xml) in parts {
            let bytes = Data(xml.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate,
                                 provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) })
        }
        guard let data = archive.data else { throw Archive.ArchiveError.unwritableArchive }
        return data
    }
}
