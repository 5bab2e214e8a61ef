import Foundation
import ZIPFoundation

/// A zip archive held in memory (a .docx or .xlsx upload) whose entries are read one at a time, each with a
/// bound on its expanded size that is counted while inflating, so a zip bomb stops at the limit whatever its
/// headers claim.
struct ZipEntryReader {
    enum Problem: Error, Equatable {
        /// Not a zip archive, or its directory, headers, compressed data or checksum do not hold together.
        case damaged
        /// The entry expands past the limit: most likely a zip bomb.
        case tooLarge
        /// Neither stored nor deflated.
        case unsupportedMethod
    }

    /// The same words for a zip bomb whatever the kind of file.
    static func tooLargeMessage(limit: Int) -> String {
        "解压后的内容超过 \(limit / 1_048_576) MB，可能是压缩炸弹，已停止读取"
    }

    private let bytes: [UInt8]
    private let entries: [String: ZipDirectory.Entry]

    /// Takes the bytes rather than the caller's `Data`, which may be a slice with indices not starting at 0.
    /// The directory is read here with every offset checked against the bytes, not by ZIPFoundation's `Archive`:
    /// its in-memory file crashes the process on a read after a seek past the end, which a damaged directory's
    /// offsets ask for (and it looks for the directory through the whole file, byte by byte).
    init(_ bytes: [UInt8]) throws(Problem) {
        guard let entries = ZipDirectory.entries(in: bytes) else { throw .damaged }
        self.bytes = bytes
        self.entries = entries
    }

    /// The expanded contents of the file entry at `path`; nil when the archive has none.
    func contents(of path: String, limit: Int) throws(Problem) -> [UInt8]? {
        guard !path.hasSuffix("/"), let entry = entries[path] else { return nil }
        guard let location = ZipDirectory.locate(entry, in: bytes),
              location.dataOffset + entry.compressedSize <= bytes.count else { throw .damaged }
        let stored = Data(bytes[location.dataOffset..<location.dataOffset + entry.compressedSize])
        let contents: Data
        switch location.method {
        case 0:
            guard stored.count <= limit else { throw .tooLarge }
            contents = stored
        case 8: contents = try Self.inflate(stored, limit: limit)
        default: throw .unsupportedMethod
        }
        guard contents.crc32(checksum: 0) == entry.checksum else { throw .damaged }
        return [UInt8](contents)
    }

    private struct Truncated: Error {}
    private struct TooLarge: Error {}

    /// Inflates from a bounded slice rather than through `Archive.extract`: that one keeps asking its file for
    /// more input after a deflate stream runs past the end (spinning forever), and on Linux tells zlib a short
    /// last chunk is full-sized. Here every chunk is padded to the size asked for, and asking again after the
    /// end is an error.
    private static func inflate(_ compressed: Data, limit: Int) throws(Problem) -> Data {
        var output = Data()
        do {
            _ = try Data.decompress(size: Int64(compressed.count), bufferSize: 64 * 1024, skipCRC32: true,
                                    provider: { position, size in
                guard position < compressed.count, size > 0 else { throw Truncated() }
                let start = compressed.startIndex + Int(position)
                var chunk = compressed.subdata(in: start..<min(start + size, compressed.endIndex))
                #if !canImport(Compression)
                if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                #endif
                return chunk
            }, consumer: { chunk in
                guard output.count + chunk.count <= limit else { throw TooLarge() }
                output.append(chunk)
            })
        } catch is TooLarge {
            throw .tooLarge
        } catch {
            throw .damaged
        }
        return output
    }
}

/// Just enough of the zip format to find each entry's data, with every offset checked against the bytes.
enum ZipDirectory {
    /// One central directory record. The checksum comes from here, which always has it; ZIPFoundation preferred
    /// a data descriptor after the data, which some writers leave without its signature.
    struct Entry { var compressedSize: Int; var localHeader: Int; var checksum: UInt32 }
    struct Location { var dataOffset: Int; var method: Int }

    /// The end-of-central-directory record: in the last 64 KiB + 22 bytes (its comment is at most 64 KiB).
    static func endRecord(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        var i = bytes.count - 22
        while i >= max(0, bytes.count - 22 - 0xFFFF) {
            if u32(bytes, i) == 0x0605_4B50 { return i }
            i -= 1
        }
        return nil
    }

    /// Every entry of the central directory by name (the first of a name, as ZIPFoundation's subscript took);
    /// nil when the directory does not hold together: a record cut short or outside the bytes, a bad signature.
    static func entries(in bytes: [UInt8]) -> [String: Entry]? {
        guard let end = endRecord(in: bytes), var count = u16(bytes, end + 10), var record = u32(bytes, end + 16) else {
            return nil
        }
        if record == 0xFFFF_FFFF || count == 0xFFFF, u32(bytes, end - 20) == 0x0706_4B50 {
            // ZIP64: the locator just before the end record points at the ZIP64 end record.
            guard let zip64End = u64(bytes, end - 12), u32(bytes, zip64End) == 0x0606_4B50,
                  let total = u64(bytes, zip64End + 32), let offset = u64(bytes, zip64End + 48) else { return nil }
            count = total
            record = offset
        }
        var entries: [String: Entry] = [:]
        for _ in 0..<count {
            guard u32(bytes, record) == 0x0201_4B50, let nameLength = u16(bytes, record + 28),
                  let extraLength = u16(bytes, record + 30), let commentLength = u16(bytes, record + 32),
                  var compressed = u32(bytes, record + 20), var local = u32(bytes, record + 42),
                  let checksum = u32(bytes, record + 16),
                  record + 46 + nameLength + extraLength + commentLength <= bytes.count else { return nil }
            if compressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
                guard let wide = zip64Values(bytes, record: record, extra: record + 46 + nameLength,
                                             extraLength: extraLength) else { return nil }
                compressed = wide.compressed ?? compressed
                local = wide.local ?? local
            }
            let name = String(decoding: bytes[record + 46..<record + 46 + nameLength], as: UTF8.self)
            if entries[name] == nil {
                entries[name] = Entry(compressedSize: compressed, localHeader: local, checksum: UInt32(checksum))
            }
            record += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }

    /// Where an entry's data starts, from its local header; nil when the header is not there.
    static func locate(_ entry: Entry, in bytes: [UInt8]) -> Location? {
        let local = entry.localHeader
        guard u32(bytes, local) == 0x0403_4B50, let method = u16(bytes, local + 8),
              let localName = u16(bytes, local + 26), let localExtra = u16(bytes, local + 28) else { return nil }
        return Location(dataOffset: local + 30 + localName + localExtra, method: method)
    }

    /// The ZIP64 extra field holds, in order, only the sizes and offset that did not fit in 32 bits.
    private static func zip64Values(_ bytes: [UInt8], record: Int, extra: Int, extraLength: Int)
        -> (compressed: Int?, local: Int?)? {
        var field = extra
        while field + 4 <= extra + extraLength, let id = u16(bytes, field), let size = u16(bytes, field + 2) {
            if id == 1 {
                let fieldEnd = field + 4 + size
                var at = field + 4
                func next() -> Int? {
                    guard at + 8 <= fieldEnd, let value = u64(bytes, at) else { return nil }
                    at += 8
                    return value
                }
                if u32(bytes, record + 24) == 0xFFFF_FFFF { guard next() != nil else { return nil } }
                var compressed: Int?, local: Int?
                if u32(bytes, record + 20) == 0xFFFF_FFFF { guard let value = next() else { return nil }; compressed = value }
                if u32(bytes, record + 42) == 0xFFFF_FFFF { guard let value = next() else { return nil }; local = value }
                return (compressed, local)
            }
            field += 4 + size
        }
        return nil
    }

    private static func u16(_ bytes: [UInt8], _ i: Int) -> Int? {
        guard i >= 0, i + 2 <= bytes.count else { return nil }
        return Int(bytes[i]) | Int(bytes[i + 1]) << 8
    }

    private static func u32(_ bytes: [UInt8], _ i: Int) -> Int? {
        guard let low = u16(bytes, i), let high = u16(bytes, i + 2) else { return nil }
        return low | high << 16
    }

    /// Offsets past 4 GiB cannot be in a file of at most 20 MB: such a value is treated as damage.
    private static func u64(_ bytes: [UInt8], _ i: Int) -> Int? {
        guard let low = u32(bytes, i), u32(bytes, i + 4) == 0 else { return nil }
        return low
    }
}
