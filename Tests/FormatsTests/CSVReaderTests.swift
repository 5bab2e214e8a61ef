@testable import Formats
import Foundation
import Testing

/// The one CSV reader: the same records whether the bytes come at once or one at a time, in UTF-8 or GB18030.
@Suite struct CSVReaderTests {
    static let text = "\u{FEFF}类型,名称\r\n家庭,\"张,三\"\r\n\r\n家庭,\"李\n四\"\r家庭,\"王\"\"五\"\n"

    func records(_ bytes: [UInt8], blockSize: Int) throws -> [CSV.Record] {
        var offset = 0
        var reader = CSVReader(blocks: {
            defer { offset += blockSize }
            return offset < bytes.count ? Array(bytes[offset..<min(offset + blockSize, bytes.count)]) : []
        })
        var records: [CSV.Record] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    @Test func blocksOfAnySizeGiveTheSameRecords() throws {
        let whole = try CSV.parse(Self.text)
        #expect(whole.map(\.line) == [1, 2, 3, 4, 6])
        #expect(whole.map(\.fields) == [["类型", "名称"], ["家庭", "张,三"], [""], ["家庭", "李\n四"], ["家庭", "王\"五"]])
        for size in [1, 2, 3, 7] {
            #expect(try records(Array(Self.text.utf8), blockSize: size) == whole)
        }
    }

    @Test func gb18030IsDecidedFromTheFirstBlock() throws {
        let gbk = try #require(Self.text.dropFirst().data(using: TextDecoding.gb18030))
        let read = try records([UInt8](gbk), blockSize: 4096)
        #expect(read == Array(try CSV.parse(String(Self.text.dropFirst()))))
    }

    @Test func errorsNameTheLine() {
        #expect(throws: Never.self) { try CSV.parse("") }
        do {
            _ = try CSV.parse("a,b\nc,d\"e\n")
            Issue.record("a quote inside a field was accepted")
        } catch {
            #expect(error.line == 2 && error.message == "引号只能出现在字段开头")
        }
        do {
            _ = try CSV.parse("a,b\n\"c\nd\n")
            Issue.record("an unclosed quote was accepted")
        } catch {
            #expect(error.line == 2 && error.message == "引号未闭合")
        }
    }
}
