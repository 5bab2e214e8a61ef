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
    private let archive: Archive

    /// Takes the bytes rather than the caller's `Data`, which may be a slice with indices not starting at 0.
    init(_ bytes: [UInt8]) throws(Problem) {
        // Checked first: ZIPFoundation looks for the directory through the whole file, byte by byte.
        guard ZipDirectory.endRecord(in: bytes) != nil else { throw .damaged }
        do { archive = try Archive(data: Data(bytes), accessMode: .read) } catch { throw .damaged }
        self.bytes = bytes
    }

    /// The expanded contents of the file entry at `path`; nil when the archive has none.
    func contents(of path: String, limit: Int) throws(Problem) -> [UInt8]? {
        guard let entry = archive[path], entry.type == .file else { return nil }
        guard let location = ZipDirectory.locate(path, in: bytes), entry.compressedSize <= UInt64(bytes.count),
              location.dataOffset + Int(entry.compressedSize) <= bytes.count else { throw .damaged }
        let stored = Data(bytes[location.dataOffset..<location.dataOffset + Int(entry.compressedSize)])
        let contents: Data
        switch location.method {
        case 0:
            guard stored.count <= limit else { throw .tooLarge }
            contents = stored
        case 8: contents = try Self.inflate(stored, limit: limit)
        default: throw .unsupportedMethod
        }
        guard contents.crc32(checksum: 0) == location.checksum else { throw .damaged }
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

/// Just enough of the zip format to find where an entry's data starts, which ZIPFoundation keeps internal.
enum ZipDirectory {
    /// The checksum comes from the central directory, which always has it; ZIPFoundation prefers a data
    /// descriptor after the data, which some writers leave without its signature.
    struct Location { var dataOffset: Int; var method: Int; var checksum: UInt32 }

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

    /// The first entry named `path` in the central directory (ZIPFoundation's subscript also takes the first).
    static func locate(_ path: String, in bytes: [UInt8]) -> Location? {
        guard let end = endRecord(in: bytes), var record = u32(bytes, end + 16) else { return nil }
        if record == 0xFFFF_FFFF {
            // ZIP64: the locator just before the end record points at the ZIP64 end record.
            guard u32(bytes, end - 20) == 0x0706_4B50, let zip64End = u64(bytes, end - 12),
                  u32(bytes, zip64End) == 0x0606_4B50, let offset = u64(bytes, zip64End + 48) else { return nil }
            record = offset
        }
        let name = Array(path.utf8)
        while u32(bytes, record) == 0x0201_4B50 {
            guard let nameLength = u16(bytes, record + 28), let extraLength = u16(bytes, record + 30),
                  let commentLength = u16(bytes, record + 32), var local = u32(bytes, record + 42),
                  record + 46 + nameLength <= bytes.count else { return nil }
            if Array(bytes[record + 46..<record + 46 + nameLength]) == name {
                if local == 0xFFFF_FFFF {
                    guard let offset = zip64LocalOffset(bytes, record: record, extra: record + 46 + nameLength,
                                                        extraLength: extraLength) else { return nil }
                    local = offset
                }
                guard u32(bytes, local) == 0x0403_4B50, let method = u16(bytes, local + 8),
                      let localName = u16(bytes, local + 26), let localExtra = u16(bytes, local + 28) else { return nil }
                guard let checksum = u32(bytes, record + 16) else { return nil }
                return Location(dataOffset: local + 30 + localName + localExtra, method: method, checksum: UInt32(checksum))
            }
            record += 46 + nameLength + extraLength + commentLength
        }
        return nil
    }

    /// The ZIP64 extra field holds, in order, only the sizes and offset that did not fit in 32 bits.
    private static func zip64LocalOffset(_ bytes: [UInt8], record: Int, extra: Int, extraLength: Int) -> Int? {
        var field = extra
        while field + 4 <= extra + extraLength, let id = u16(bytes, field), let size = u16(bytes, field + 2) {
            if id == 1 {
                var at = field + 4
                if u32(bytes, record + 24) == 0xFFFF_FFFF { at += 8 }
                if u32(bytes, record + 20) == 0xFFFF_FFFF { at += 8 }
                return at + 8 <= field + 4 + size ? u64(bytes, at) : nil
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
