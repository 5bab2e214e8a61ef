import Foundation
import ZIPFoundation

/// Minimal .docx files built in memory: [Content_Types].xml, _rels/.rels and word/document.xml.
public enum DocxFixture {
    /// One paragraph per string, each a single run; an empty string is an empty paragraph.
    public static func make(paragraphs: [String]) throws -> Data {
        let body = paragraphs.map { text in
            text.isEmpty ? "<w:p/>" : "<w:p><w:r><w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r></w:p>"
        }
        return try make(documentXML: document(body: body.joined()))
    }

    public static func make(documentXML: String) throws -> Data {
        try zip([(documentPath, Data(documentXML.utf8))] + packageParts)
    }

    /// `body` (paragraphs, tables…) inside `<w:document><w:body>`, with the namespaces Word declares.
    public static func document(body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
        xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" \
        xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" \
        xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"><w:body>\(body)<w:sectPr/></w:body></w:document>
        """
    }

    /// A zip of the given files, in order, deflated.
    public static func zip(_ entries: [(path: String, contents: Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, contents) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(contents.count),
                                 compressionMethod: .deflate, provider: { (position: Int64, size: Int) in
                contents.subdata(in: Int(position)..<Int(position) + size)
            })
        }
        return archive.data ?? Data()
    }

    /// A zip bomb: a .docx whose document.xml inflates to `expandedBytes` of one repeated letter. The content is
    /// streamed into the archive, never held whole. With `declaredSize` the headers lie about the expanded size,
    /// as a hostile file's would.
    public static func bomb(expandedBytes: Int, declaredSize: UInt32? = nil) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        try archive.addEntry(with: documentPath, type: .file, uncompressedSize: Int64(expandedBytes),
                             compressionMethod: .deflate, bufferSize: 1 << 20, provider: { (_: Int64, size: Int) in
            Data(repeating: UInt8(ascii: "a"), count: size)
        })
        var data = archive.data ?? Data()
        if let declaredSize {
            // The first entry: its local header starts the file; its central directory record follows the data.
            guard let centralRecord = firstOffset(of: [0x50, 0x4B, 0x01, 0x02], in: data) else { throw CocoaError(.fileReadCorruptFile) }
            write(declaredSize, at: 22, in: &data)
            write(declaredSize, at: centralRecord + 24, in: &data)
        }
        return data
    }

    static let documentPath = "word/document.xml"

    static let packageParts: [(path: String, contents: Data)] = [
        ("[Content_Types].xml", Data("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
        """.utf8)),
        ("_rels/.rels", Data("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" \
        Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
        Target="word/document.xml"/></Relationships>
        """.utf8)),
    ]

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Where `pattern` first occurs in `data` (0-based), if it does.
    public static func firstOffset(of pattern: [UInt8], in data: Data) -> Int? {
        let bytes = [UInt8](data)
        guard bytes.count >= pattern.count else { return nil }
        return (0...bytes.count - pattern.count).first { bytes[$0..<$0 + pattern.count].elementsEqual(pattern) }
    }

    private static func write(_ value: UInt32, at offset: Int, in data: inout Data) {
        for k in 0..<4 { data[data.startIndex + offset + k] = UInt8(truncatingIfNeeded: value >> (8 * k)) }
    }
}
