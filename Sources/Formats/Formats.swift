/// Files as bytes and text: CSV (UTF-8 with or without a BOM, GB18030/GBK as Chinese Excel writes it), .xlsx read
/// and written, .docx written, plan documents (.docx or text) read as numbered lines, zip entries, the XML of Office
/// packages, and strict YAML.
///
/// The dependency runs one way: Domain depends on Formats, and Formats on nothing of ours, only on Yams and
/// ZIPFoundation. What a file means to a programme (a region row, a plan, a score sheet, a figure's column) stays
/// in Domain, which calls these readers and maps their rows and nodes onto its types. The small value types that
/// say where a problem is (`InputIssue`, `SourceLocation`, `FieldPath`) live here because every reader throws them;
/// Domain re-exports this module (`Domain/Formats+Export.swift`), so code that imports Domain sees them as before.

/// The first bytes that tell a file's kind whatever its name says.
enum FileSignature {
    /// A zip archive: .docx and .xlsx.
    static let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    /// An OLE compound file: old Word (.doc), Excel (.xls) and WPS files.
    static let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
}
