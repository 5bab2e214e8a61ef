import Formats
import Foundation
import Testing
import TestSupport

/// Plan documents in every encoding and shape users send, and the files that must be turned away.
@Suite struct DocumentReaderTests {
    func read(_ bytes: [UInt8], name: String = "plan.txt") throws -> ImportedDocument {
        try DocumentReader.read(data: Data(bytes), fileName: name)
    }

    func texts(_ document: ImportedDocument) -> [String] { document.lines.map(\.text) }

    /// The message of the error reading `data` throws; fails the test when nothing is thrown.
    func rejection(_ data: Data, name: String = "plan.txt", sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        do {
            let document = try DocumentReader.read(data: data, fileName: name)
            Issue.record("accepted: \(document.lines.prefix(3))", sourceLocation: sourceLocation)
            return ""
        } catch {
            #expect(error.fileName == name, sourceLocation: sourceLocation)
            return error.message
        }
    }

    func docx(_ body: String) throws -> ImportedDocument {
        try DocumentReader.read(data: DocxFixture.make(documentXML: DocxFixture.document(body: body)), fileName: "plan.docx")
    }

    // MARK: Text

    @Test func utf8LinesKeepTheirNumbers() throws {
        let document = try read(Array("第一章 总则\n\n  二、任务（县卫健局）\n".utf8))
        #expect(document.format == .text && document.encoding == "UTF-8")
        #expect(document.lines == [
            SourceLine(number: 1, text: "第一章 总则"),
            SourceLine(number: 2, text: ""),
            SourceLine(number: 3, text: "  二、任务（县卫健局）"),
        ])
    }

    @Test func utf8ByteOrderMarkIsStripped() throws {
        let document = try read([0xEF, 0xBB, 0xBF] + Array("健康城市\n方案".utf8))
        #expect(document.encoding == "UTF-8")
        #expect(texts(document) == ["健康城市", "方案"])
    }

    @Test func gb18030AndGBKAreDecoded() throws {
        // 健康城市 in GBK, a line break, then U+20000, which only GB18030's four-byte form can carry.
        let bytes: [UInt8] = [0xBD, 0xA1, 0xBF, 0xB5, 0xB3, 0xC7, 0xCA, 0xD0, 0x0D, 0x0A, 0x95, 0x32, 0x82, 0x36, 0x41]
        let document = try read(bytes)
        #expect(document.encoding == "GB18030")
        #expect(texts(document) == ["健康城市", "\u{20000}A"])
    }

    @Test func utf16WithByteOrderMarkIsDecoded() throws {
        let text = "一、目标\r\n健康𠀀"
        let units = Array(text.utf16)
        let little: [UInt8] = [0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let le = try read(little), be = try read(big)
        #expect(le.encoding == "UTF-16LE" && be.encoding == "UTF-16BE")
        #expect(texts(le) == ["一、目标", "健康𠀀"] && texts(be) == texts(le))
    }

    @Test func everyLineEndingSplitsLines() throws {
        #expect(texts(try read(Array("a\r\nb\rc\n\nd".utf8))) == ["a", "b", "c", "", "d"])
        #expect(texts(try read(Array("\n\r\nx\r".utf8))) == ["", "", "x"])
        #expect(try read(Array("a\r\n\r\nb".utf8)).lines.last == SourceLine(number: 3, text: "b"))
    }

    @Test func emptyAndBlankFilesAreRejected() {
        #expect(rejection(Data()) == "文件为空")
        #expect(rejection(Data(" \n\t\u{3000}\r\n".utf8)).hasPrefix("文件为空"))
        #expect(rejection(Data([0xEF, 0xBB, 0xBF])).hasPrefix("文件为空"))
    }

    @Test func binaryDataIsRejectedWithWhereItStarts() {
        var generator = SeededGenerator(seed: 42)
        var bytes = Array("ab".utf8) + (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[2] = 0
        let message = rejection(Data(bytes))
        #expect(message == "文件不是文本：第 3 字节起含二进制数据；请上传 .docx 或文本文件")
    }

    @Test func aStrayControlCharacterIsTolerated() throws {
        let text = String(repeating: "一、建设健康环境。\n", count: 100) + "\u{1A}"
        #expect(try read(Array(text.utf8)).lines.count == 101)
    }

    @Test func bytesThatAreNeitherUTF8NorGB18030AreRejected() {
        let message = rejection(Data(Array("abc".utf8) + [0xFF, 0x41]))
        #expect(message.contains("UTF-8 或 GB18030"))
        #expect(message.contains("第 4 字节起"))
    }

    @Test func damagedUTF8IsNotReadAsGB18030() {
        // Valid Chinese UTF-8, then one broken byte: decoding as GB18030 would give mojibake instead.
        let good = Array(String(repeating: "健康城市建设", count: 3).utf8)
        let message = rejection(Data(good + [0xE5, 0x41]))
        #expect(message.contains("不是 UTF-8 编码"))
        #expect(message.contains("第 \(good.count + 1) 字节起"))
    }

    @Test func oversizedFilesAreRejectedBeforeDecoding() throws {
        let size = 21 * 1024 * 1024
        #expect(rejection(Data(count: size)) == "文件过大（21.0 MB），上限为 20 MB")
        #expect(rejection(Data(count: DocumentReader.maximumFileBytes + 1)) == "文件过大（20.1 MB），上限为 20 MB")

        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("big.txt")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        #expect(throws: DocumentReadError(fileName: "big.txt", message: "文件过大（21.0 MB），上限为 20 MB")) {
            try DocumentReader.read(fileAt: url)
        }
    }

    @Test func tooManyLinesAreRejected() throws {
        let limit = DocumentReader.maximumLines
        #expect(try read(Array(String(repeating: "a\n", count: limit).utf8)).lines.count == limit)
        #expect(rejection(Data(String(repeating: "a\n", count: limit + 1).utf8)).contains("不像是一份实施方案"))
        let paragraphs = try DocxFixture.make(documentXML: DocxFixture.document(body: "<w:p><w:r><w:t>甲</w:t></w:r></w:p>"
            + String(repeating: "<w:p/>", count: limit)))
        #expect(rejection(paragraphs, name: "plan.docx").contains("不像是一份实施方案"))
    }

    @Test func filesAreReadFromDisk() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = directory.appendingPathComponent("方案.txt")
        try Data("一、目标\n二、任务".utf8).write(to: text)
        let word = directory.appendingPathComponent("方案.docx")
        try DocxFixture.make(paragraphs: ["一、目标"]).write(to: word)

        let fromText = try DocumentReader.read(fileAt: text)
        #expect(fromText.fileName == "方案.txt" && texts(fromText) == ["一、目标", "二、任务"])
        #expect(try DocumentReader.read(fileAt: word).format == .docx)
        #expect(throws: DocumentReadError.self) { try DocumentReader.read(fileAt: directory.appendingPathComponent("无.txt")) }
    }

    @Test func pastedTextAndLocations() throws {
        let pasted = ImportedDocument.text("\u{FEFF}甲\r\n乙")
        #expect(pasted.fileName == "粘贴的文本" && pasted.format == .text)
        #expect(pasted.lines == [SourceLine(number: 1, text: "甲"), SourceLine(number: 2, text: "乙")])
        #expect(pasted.describe(12) == "第12行")
        #expect(try docx("<w:p><w:r><w:t>甲</w:t></w:r></w:p>").describe(12) == "第12段")
        #expect(DocumentReadError(fileName: "a.txt", message: "文件为空").description == "a.txt：文件为空")
    }

    // MARK: .docx

    @Test func docxParagraphsAreNumberedInOrder() throws {
        // A slice whose indices do not start at 0, as uploads sometimes are.
        let data = try Data([0, 0] + DocxFixture.make(paragraphs: ["一、总体要求", "", "A & B <C>"]))[2...]
        let document = try DocumentReader.read(data: data, fileName: "方案.docx")
        #expect(document.format == .docx && document.encoding == nil)
        #expect(document.lines == [
            SourceLine(number: 1, text: "一、总体要求"),
            SourceLine(number: 2, text: ""),
            SourceLine(number: 3, text: "A & B <C>"),
        ])
    }

    @Test func contentDecidesTheFormatNotTheName() throws {
        let zip = try DocxFixture.make(paragraphs: ["正文"])
        #expect(try DocumentReader.read(data: zip, fileName: "plan.txt").format == .docx)
        #expect(rejection(Data("一、目标".utf8), name: "plan.DOCX") == "不是有效的 .docx 文件（不是 zip 压缩包）；请用 Word 或 WPS 打开后另存为 .docx 再导入")
        #expect(rejection(Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 512)),
                          name: "plan.doc").contains("另存为 .docx"))
    }

    @Test func tablesTextBoxesAndHiddenMarkup() throws {
        let body = """
        <w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:bookmarkStart w:id="0" w:name="_Toc1"/>\
        <w:r><w:t>一、总体要求</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>
        <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 </w:instrText></w:r>\
        <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
        <w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>任务</w:t></w:r></w:p></w:tc>\
        <w:tc><w:p><w:proofErr w:type="spellStart"/><w:r><w:t>县卫健局</w:t></w:r><w:proofErr w:type="spellEnd"/></w:p>\
        <w:p/></w:tc></w:tr></w:tbl>
        <w:p><w:commentRangeStart w:id="1"/><w:r><w:t xml:space="preserve">牵头</w:t></w:r>\
        <w:del w:id="2" w:author="x"><w:r><w:delText>删去的</w:delText></w:r></w:del>\
        <w:ins w:id="3" w:author="x"><w:r><w:t>单位</w:t></w:r></w:ins>\
        <w:moveFrom w:id="4" w:author="x"><w:r><w:t>移走的</w:t></w:r></w:moveFrom><w:commentRangeEnd w:id="1"/>\
        <w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>\
        <w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>\
        <mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>\
        </v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>：县政府</w:t></w:r></w:p>
        <w:p><w:r><w:t>结尾</w:t></w:r></w:p>
        """
        let document = try docx(body)
        #expect(document.lines == [
            SourceLine(number: 1, text: "一、总体要求"),
            SourceLine(number: 2, text: "3"),
            SourceLine(number: 3, text: "任务"),
            SourceLine(number: 4, text: "县卫健局"),
            SourceLine(number: 5, text: ""),
            SourceLine(number: 6, text: "牵头单位：县政府"),
            SourceLine(number: 7, text: "文本框"),
            SourceLine(number: 8, text: "结尾"),
        ])
    }

    @Test func entitiesAreDecoded() throws {
        let document = try docx("<w:p><w:r><w:t>&amp;&lt;&gt;&quot;&apos;&#20013;&#x6587;<![CDATA[<x>]]></w:t></w:r></w:p>")
        #expect(texts(document) == ["&<>\"'中文<x>"])
    }

    @Test func tabsAndBreaksStayInTheirParagraph() throws {
        let body = """
        <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>\
        <w:r><w:t>1</w:t><w:tab/><w:t>目标</w:t><w:br/><w:t>第二行</w:t><w:cr/><w:t>第三行</w:t></w:r></w:p>
        """
        #expect(texts(try docx(body)) == ["1\t目标\n第二行\n第三行"])
    }

    @Test func aDocxWithoutTextIsRejected() throws {
        let message = rejection(try DocxFixture.make(paragraphs: ["", " "]), name: "scan.docx")
        #expect(message.hasPrefix("文档中没有文字"))
    }

    @Test func aZipWithoutDocumentIsNotWord() throws {
        let zip = try DocxFixture.zip([("xl/workbook.xml", Data("<workbook/>".utf8))])
        #expect(rejection(zip, name: "plan.docx").contains("不是 Word 文档"))
    }

    @Test func aDamagedZipIsRejected() {
        #expect(rejection(Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 7, count: 200)), name: "plan.docx")
            .contains("zip 压缩包已损坏"))
    }

    @Test func corruptedCompressedDataIsRejected() throws {
        var data = try DocxFixture.make(paragraphs: (1...50).map { "第\($0)段：建设健康环境，完善公共卫生设施。" })
        let start = try documentDataOffset(data)
        for k in 40..<60 { data[start + k] ^= 0x5A }
        #expect(rejection(data, name: "plan.docx").contains("损坏"))
    }

    /// A deflate block that claims more data than the entry holds: ZIPFoundation's own `extract` spins forever on
    /// it, asking an exhausted file for more.
    @Test(.timeLimit(.minutes(5))) func aTruncatedDeflateStreamEndsInAnError() throws {
        var data = try DocxFixture.make(paragraphs: ["一、总体要求", "二、主要任务"])
        let start = try documentDataOffset(data)
        for (k, byte) in [0x00, 0xFF, 0xFF, 0x00, 0x00].enumerated() { data[start + k] = UInt8(byte) }
        #expect(rejection(data, name: "plan.docx").contains("zip 压缩包已损坏"))
    }

    @Test(.timeLimit(.minutes(5)), arguments: [nil, 4096] as [UInt32?])
    func zipBombsAreStoppedAtTheLimit(declaredSize: UInt32?) throws {
        let bomb = try DocxFixture.bomb(expandedBytes: 200 * 1024 * 1024, declaredSize: declaredSize)
        #expect(bomb.count < 1024 * 1024)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(rejection(bomb, name: "bomb.docx") == "解压后的内容超过 64 MB，可能是压缩炸弹，已停止读取")
        #expect(clock.now - start < .seconds(20))
    }

    @Test(arguments: [
        "<w:p><w:r><w:t>未闭合</w:t></w:r>",
        "<w:p><w:r><w:t>错配</w:r></w:t></w:p>",
        "<w:p><w:r><w:t>&bogus;</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>&#0;</w:t></w:r></w:p>",
        "<w:p><!-- 没有结束",
        "<w:p><w:r w:rsidR=\"00A1",
        "</w:p>",
        "<!DOCTYPE x [<!ENTITY a \"b\">]><w:p/>",
    ])
    func malformedXMLIsAClearError(body: String) throws {
        let data = try DocxFixture.make(documentXML: "<w:document><w:body>" + body)
        #expect(rejection(data, name: "plan.docx").hasPrefix("文档内容已损坏（word/document.xml 不是有效的 XML"))
    }

    /// Where word/document.xml's compressed data starts: its local header is the archive's first.
    func documentDataOffset(_ data: Data) throws -> Int {
        let name = Array("word/document.xml".utf8)
        let header = try #require(DocxFixture.firstOffset(of: [0x50, 0x4B, 0x03, 0x04], in: data))
        #expect(Array(data[header + 30..<header + 30 + name.count]) == name)
        let extra = Int(data[header + 28]) | Int(data[header + 29]) << 8
        return header + 30 + name.count + extra
    }
}

/// Reproducible "random" bytes (SplitMix64).
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
