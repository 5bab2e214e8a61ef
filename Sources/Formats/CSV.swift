import Foundation

/// CSV as Excel and WPS write it (RFC 4180: quoted fields, doubled quotes, CRLF, LF or CR, a leading BOM).
public enum CSV {
    public struct Record: Equatable, Sendable {
        public var line: Int
        public var fields: [String]
    }

    public struct ParseError: Error, Sendable {
        public var line: Int
        public var message: String
    }

    /// Every record of text already decoded, read by the same `CSVReader` as a file.
    public static func parse(_ text: String) throws(ParseError) -> [Record] {
        var reader = CSVReader(bytes: Array(text.utf8), encoding: .utf8)
        var records: [Record] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }
}

/// The one CSV reader, over bytes that arrive in blocks, so a province's millions of rows never sit in memory at
/// once. The separators (`,` `"` CR LF) never occur inside a UTF-8 or GB18030 multi-byte character, so the bytes are
/// split first and each field decoded after; the encoding is UTF-8 (a BOM is dropped) unless the first block is not,
/// then GB18030, which covers GBK and GB2312 as Chinese Excel saves CSV.
public struct CSVReader {
    private let read: () -> [UInt8]
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var line = 1
    private var encoding: String.Encoding?
    /// Bytes taken from `read` so far.
    public private(set) var consumed = 0

    /// `read` gives the next block, empty at the end; `encoding` nil decides it from the first block.
    public init(blocks read: @escaping () -> [UInt8], encoding: String.Encoding? = nil) {
        self.read = read
        self.encoding = encoding
    }

    /// Bytes already in memory, as one block.
    public init(bytes: [UInt8], encoding: String.Encoding? = nil) {
        var pending: [UInt8]? = bytes
        self.init(blocks: { defer { pending = nil }; return pending ?? [] }, encoding: encoding)
    }

    /// Bytes read but not yet parsed, for progress.
    public var unparsed: Int { buffer.count - position }

    /// The next record with the line it starts on, nil at the end.
    public mutating func next() throws(CSV.ParseError) -> CSV.Record? {
        if position >= buffer.count && !fill() { return nil }
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var started = false
        let startLine = line
        while true {
            if position >= buffer.count, !fill() {
                if inQuotes { throw CSV.ParseError(line: startLine, message: "引号未闭合") }
                fields.append(try decode(field[...], line: startLine))
                return CSV.Record(line: startLine, fields: fields)
            }
            let byte = buffer[position]
            position += 1
            if inQuotes {
                if byte == 0x22 {
                    if position >= buffer.count { _ = fill() }
                    if position < buffer.count && buffer[position] == 0x22 { field.append(0x22); position += 1 } else { inQuotes = false }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 0x22:
                guard !started else { throw CSV.ParseError(line: line, message: "引号只能出现在字段开头") }
                inQuotes = true; started = true
            case 0x2C:
                fields.append(try decode(field[...], line: startLine)); field.removeAll(keepingCapacity: true); started = false
            case 0x0A, 0x0D:
                if byte == 0x0D {
                    if position >= buffer.count { _ = fill() }
                    if position < buffer.count && buffer[position] == 0x0A { position += 1 }
                }
                line += 1
                fields.append(try decode(field[...], line: startLine))
                return CSV.Record(line: startLine, fields: fields)
            default:
                field.append(byte); started = true
            }
        }
    }

    private mutating func fill() -> Bool {
        guard !atEnd else { return false }
        let block = read()
        if block.isEmpty { atEnd = true; return false }
        let first = consumed == 0
        consumed += block.count
        if position > 0 { buffer.removeFirst(position); position = 0 }
        buffer.append(contentsOf: block)
        if first {
            // Enough bytes to see a BOM, however small the blocks.
            while buffer.count < 3, !atEnd {
                let more = read()
                if more.isEmpty { atEnd = true } else { consumed += more.count; buffer.append(contentsOf: more) }
            }
            // A BOM is dropped whatever the encoding was said to be: text decoded from a file may keep it.
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3; encoding = .utf8 }
            if encoding == nil { encoding = Self.encoding(ofFirstBlock: buffer[...]) }
        }
        return true
    }

    /// UTF-8 when the first block is valid UTF-8 up to a character cut at the block's end, else GB18030.
    private static func encoding(ofFirstBlock block: ArraySlice<UInt8>) -> String.Encoding {
        var bytes = block
        for _ in 0..<4 {
            if String(bytes: bytes, encoding: .utf8) != nil { return .utf8 }
            guard !bytes.isEmpty else { break }
            bytes = bytes.dropLast()
        }
        return TextDecoding.gb18030
    }

    private func decode(_ bytes: ArraySlice<UInt8>, line: Int) throws(CSV.ParseError) -> String {
        if bytes.isEmpty { return "" }
        let encoding = encoding ?? .utf8
        // The standard library's validating decoder is far quicker than Foundation's per-field conversion.
        if encoding == .utf8, let text = String(validating: bytes, as: UTF8.self) { return text }
        if encoding != .utf8, bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(bytes: bytes, encoding: encoding) { return text }
        throw CSV.ParseError(line: line, message: "第 \(line) 行有无法识别的字符：文件应为 UTF-8 或 GB18030（GBK）编码的 CSV")
    }
}

extension CSV {
    /// One CSV line: fields quoted when they hold a comma, quote or line break; CRLF-terminated.
    /// Text that Excel or WPS would run as a formula (=, +, @, or - not starting a number) gets a
    /// leading apostrophe, so a typed-in note cannot become a formula in someone's spreadsheet.
    public static func line(_ fields: [String]) -> String {
        fields.map { raw in
            let field = neutralised(raw)
            return field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }

    static func neutralised(_ field: String) -> String {
        guard let first = field.first else { return field }
        if first == "=" || first == "+" || first == "@" || first == "\t" || first == "\r" { return "'" + field }
        if first == "-", Double(field) == nil { return "'" + field }
        return field
    }
}
