import Foundation
#if canImport(CoreFoundation)
import CoreFoundation
#endif

/// Text files as users send them: UTF-8 with or without a BOM, UTF-16 with a BOM, GB18030 (GBK, GB2312) as
/// Chinese Windows writes them; binary files and damaged text refused with the byte where they break.
enum TextDecoding {
    /// GB18030 through CoreFoundation's converter (ICU on Linux); it also covers GBK and GB2312.
    static let gb18030 = String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(
        CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))

    /// The text and the name of its encoding: a BOM decides; otherwise UTF-8, then GB18030.
    static func decode(_ bytes: [UInt8]) throws(ReadProblem) -> (String, String) {
        if bytes.starts(with: [0xFF, 0xFE]) { return try decodeUTF16(bytes, bigEndian: false) }
        if bytes.starts(with: [0xFE, 0xFF]) { return try decodeUTF16(bytes, bigEndian: true) }
        let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let body = hasBOM ? bytes[3...] : bytes[...]
        if let at = binaryStart(body) { throw binary(at: body.startIndex + at) }
        // Foundation's UTF-8 decoding is strict (returns nil on any invalid byte) and drops the BOM itself.
        if let text = String(bytes: bytes, encoding: .utf8) { return (text, "UTF-8") }
        let utf8 = decodableSpan(bytes, as: Unicode.UTF8.self)
        // Many good multi-byte characters before the first bad byte: a damaged UTF-8 file, which GB18030 would
        // turn into mojibake. GBK text almost never gets past its first few characters as UTF-8.
        if hasBOM || utf8.multiUnitScalars >= 8 { throw undecodable(at: utf8.invalidAt ?? 0, "UTF-8") }
        if let text = String(bytes: bytes, encoding: gb18030) { return (text, "GB18030") }
        // Name the place where the likelier encoding (the one that got further) broke.
        let at = [utf8.invalidAt, firstInvalidGB18030(bytes)].compactMap { $0 }.max() ?? 0
        throw undecodable(at: at, "UTF-8 或 GB18030（GBK）")
    }

    private static func decodeUTF16(_ bytes: [UInt8], bigEndian: Bool) throws(ReadProblem) -> (String, String) {
        guard bytes.count % 2 == 0 else { throw ReadProblem("UTF-16 文件的字节数是奇数，文件不完整") }
        let units: [UInt16] = stride(from: 2, to: bytes.count, by: 2).map { i in
            let (high, low) = bigEndian ? (bytes[i], bytes[i + 1]) : (bytes[i + 1], bytes[i])
            return UInt16(high) << 8 | UInt16(low)
        }
        if let at = binaryStart(units) { throw binary(at: 2 + 2 * at) }
        let name = bigEndian ? "UTF-16BE" : "UTF-16LE"
        let text = String(data: Data(bytes[2...]), encoding: bigEndian ? .utf16BigEndian : .utf16LittleEndian)
        guard let text else { throw undecodable(at: 2 + 2 * (decodableSpan(units, as: Unicode.UTF16.self).invalidAt ?? 0), name) }
        return (text, name)
    }

    /// The index of the first control character (other than \t \n \f \r), when there are more than a stray
    /// one in a thousand: old editors leave the odd \u{1A}, but binary files are full of them.
    static func binaryStart<Unit: FixedWidthInteger>(_ units: some Collection<Unit>) -> Int? {
        var first: Int?
        var count = 0
        for (i, unit) in units.enumerated() where unit < 0x20 && unit != 0x09 && unit != 0x0A && unit != 0x0C && unit != 0x0D {
            if first == nil { first = i }
            count += 1
        }
        return count * 1000 > units.count ? first : nil
    }

    /// How far `units` decode: the index of the first unit that does not (nil if all do), and how many
    /// characters before it took more than one unit.
    static func decodableSpan<Encoding: Unicode.Encoding>(_ units: [Encoding.CodeUnit], as: Encoding.Type)
        -> (invalidAt: Int?, multiUnitScalars: Int) {
        var parser = Encoding.ForwardParser()
        var iterator = units.makeIterator()
        var index = 0
        var multiUnit = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                index += scalar.count
                if scalar.count > 1 { multiUnit += 1 }
            case .error: return (index, multiUnit)
            case .emptyInput: return (nil, multiUnit)
            }
        }
    }

    /// The index of the first byte that breaks GB18030's shape (one, two or four bytes); nil if none does.
    static func firstInvalidGB18030(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            if lead < 0x80 { i += 1; continue }
            guard (0x81...0xFE).contains(lead), i + 1 < bytes.count else { return i }
            let second = bytes[i + 1]
            if (0x40...0x7E).contains(second) || (0x80...0xFE).contains(second) { i += 2; continue }
            guard (0x30...0x39).contains(second), i + 3 < bytes.count,
                  (0x81...0xFE).contains(bytes[i + 2]), (0x30...0x39).contains(bytes[i + 3]) else { return i }
            i += 4
        }
        return nil
    }

    private static func binary(at index: Int) -> ReadProblem {
        ReadProblem("文件不是文本：第 \(index + 1) 字节起含二进制数据；请上传 .docx 或文本文件")
    }

    private static func undecodable(at index: Int, _ encodings: String) -> ReadProblem {
        ReadProblem("文件不是 \(encodings) 编码的文本：第 \(index + 1) 字节起无法识别；请另存为 UTF-8 文本或 .docx 后再导入")
    }
}
