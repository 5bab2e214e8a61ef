import Foundation

/// A save refused because someone else saved the same record after the form was opened: the later save would
/// silently undo theirs. Says who and when, so the person can compare before saving again.
public struct EditConflict: Error, Equatable, Sendable, CustomStringConvertible {
    public var updatedBy: String?
    public var updatedAt: Date?

    public init(updatedBy: String?, updatedAt: Date?) {
        self.updatedBy = updatedBy; self.updatedAt = updatedAt
    }

    public var description: String {
        let who = updatedBy.map { "「\($0)」" } ?? "别人"
        let when = updatedAt.map { " 于 \(Self.chinaTime($0))" } ?? ""
        return "未保存：打开此页后，\(who)\(when)已修改了这条记录。下面保留了您填写的内容，并显示了最新的记录；请核对后再保存。"
    }

    /// Beijing time, to the minute, as the office reads it.
    public static func chinaTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "zh_CN")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// A short, stable fingerprint of a record as a form showed it (its canonical JSON, FNV-1a): a form carries it
    /// back, and a save whose record no longer has it was opened before someone else's save.
    public static func fingerprint(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        let data = (try? encoder.encode(value)) ?? Data()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return String(hash, radix: 16)
    }
}
