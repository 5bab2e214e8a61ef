import Foundation
import ZIPFoundation

/// Why a dossier could not be written. Nothing is left behind: the partial zip is removed, and a file that was
/// already at the destination is kept as it was.
public enum DossierExportError: Error, Equatable, CustomStringConvertible {
    /// The store could not give the file's contents.
    case evidenceUnavailable(path: String, fileName: String, sha256: String, reason: String)
    /// The store gave contents of another size than the file was registered with: not the file that was uploaded.
    case evidenceSizeMismatch(path: String, fileName: String, sha256: String, expected: Int, actual: Int)
    /// The zip could not be written (no such folder, disk full…).
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .evidenceUnavailable(let path, let fileName, let sha256, let reason):
            "无法读取佐证文件「\(fileName)」（SHA-256 \(sha256.prefix(12))…，应放在 \(path)）：\(reason)。迎检资料未导出。"
        case .evidenceSizeMismatch(let path, let fileName, let sha256, let expected, let actual):
            "佐证文件「\(fileName)」（SHA-256 \(sha256.prefix(12))…，应放在 \(path)）登记为 \(expected) 字节，"
                + "读到的却是 \(actual) 字节，文件可能已损坏。迎检资料未导出。"
        case .cannotWrite(let path, let reason):
            "无法写入迎检资料压缩包 \(path)：\(reason)"
        }
    }
}

/// Writes a dossier as a zip file, streaming: one evidence file's bytes are held at a time, so a dossier of
/// thousands of photos never sits in memory.
///
/// The entries are 索引.xlsx, 说明.txt, every folder (the empty ones too, so each score item and task has a place
/// to put its evidence), then every evidence file. A file that cannot be fetched stops the export with an error
/// naming it, rather than leaving it out: an index that lists a file the zip lacks would mislead the assessors,
/// and the office is better told before the inspection than during it. The zip is written beside `url` under a
/// temporary name and moved into place only when complete, replacing any file there.
public enum DossierWriter {
    /// `data` gives a file's contents by its SHA-256; it is called once for each file of `plan.files`.
    public static func write(plan: DossierPlan, to url: URL, data: (String) throws -> Data) throws {
        let zip = try DossierZip(destination: url)
        do {
            try zip.begin(plan)
            for file in plan.files {
                let bytes: Data
                do { bytes = try data(file.evidence.sha256) } catch { throw DossierExportError.unavailable(file, error) }
                try zip.add(file, bytes)
            }
            try zip.finish()
        } catch {
            zip.abandon()
            throw DossierExportError.wrapping(error, url: url)
        }
    }

    /// The same for a store read asynchronously; stops (removing the partial zip) when the task is cancelled.
    public static func write(plan: DossierPlan, to url: URL, data: (String) async throws -> Data) async throws {
        let zip = try DossierZip(destination: url)
        do {
            try zip.begin(plan)
            for file in plan.files {
                try Task.checkCancellation()
                let bytes: Data
                do { bytes = try await data(file.evidence.sha256) } catch { throw DossierExportError.unavailable(file, error) }
                try zip.add(file, bytes)
            }
            try zip.finish()
        } catch {
            zip.abandon()
            throw DossierExportError.wrapping(error, url: url)
        }
    }
}

extension DossierExportError {
    static func unavailable(_ file: DossierFile, _ error: any Error) -> DossierExportError {
        if let known = error as? DossierExportError { return known }
        let reason = String(describing: error)
        return .evidenceUnavailable(path: file.path, fileName: file.evidence.fileName, sha256: file.evidence.sha256,
                                    reason: reason)
    }

    /// Errors of the export as they are; the archive's own (disk full…) as a failure to write `url`.
    static func wrapping(_ error: any Error, url: URL) -> any Error {
        if error is DossierExportError || error is CancellationError { return error }
        return DossierExportError.cannotWrite(path: url.path, reason: "\(error)")
    }
}

/// The zip being written, under a temporary name beside its destination.
private final class DossierZip {
    let destination: URL
    let temporary: URL
    private var archive: Archive?

    init(destination: URL) throws {
        self.destination = destination
        let folder = destination.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw DossierExportError.cannotWrite(path: destination.path, reason: "文件夹不存在")
        }
        temporary = folder.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).partial")
        do {
            let created: Archive = try Archive(url: temporary, accessMode: .create)
            archive = created
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw DossierExportError.cannotWrite(path: destination.path, reason: "\(error)")
        }
    }

    /// The index, the readme and the folders.
    func begin(_ plan: DossierPlan) throws {
        let index = try DossierIndex.workbook(for: plan).data()
        try addFile(DossierPlan.indexPath, index, date: plan.generatedAt, compress: false)
        try addFile(DossierPlan.readmePath, Data(DossierIndex.readme(for: plan).utf8), date: plan.generatedAt, compress: true)
        for folder in plan.folders {
            try archive?.addEntry(with: folder, type: .directory, uncompressedSize: Int64(0), modificationDate: plan.generatedAt,
                                  provider: { _, _ in Data() })
        }
    }

    func add(_ file: DossierFile, _ bytes: Data) throws {
        guard bytes.count == file.evidence.size else {
            throw DossierExportError.evidenceSizeMismatch(path: file.path, fileName: file.evidence.fileName,
                                                          sha256: file.evidence.sha256, expected: file.evidence.size,
                                                          actual: bytes.count)
        }
        try addFile(file.path, bytes, date: file.link.uploadedAt, compress: Self.worthCompressing(file.path))
    }

    /// Closes the archive and moves it into place (rename is atomic on one file system).
    func finish() throws {
        archive = nil
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw DossierExportError.cannotWrite(path: destination.path, reason: reason)
        }
    }

    func abandon() {
        archive = nil
        try? FileManager.default.removeItem(at: temporary)
    }

    private func addFile(_ path: String, _ bytes: Data, date: Date, compress: Bool) throws {
        let start = bytes.startIndex
        try archive?.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: date,
                              compressionMethod: compress ? .deflate : .none,
                              provider: { position, size in bytes.subdata(in: start + Int(position)..<start + Int(position) + size) })
    }

    /// Photos, PDFs and Office files are compressed already: deflating them again costs time and saves nothing.
    private static let compressible: Set<String> = [
        "txt", "csv", "tsv", "md", "json", "xml", "html", "htm", "svg", "rtf", "log",
        "doc", "xls", "ppt", "wps", "et", "dps", "bmp", "tif", "tiff", "wav",
    ]

    static func worthCompressing(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: ".") else { return false }
        return compressible.contains(path[path.index(after: dot)...].lowercased())
    }
}
