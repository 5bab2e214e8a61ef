import Foundation

/// A plain-text email as SMTP's DATA carries it: headers in ASCII (Chinese words as RFC 2047 base64), the body in
/// base64, lines ending CRLF and dot-stuffed, so any server accepts it whatever it says about 8BITMIME.
public struct EmailMessage: Equatable, Sendable {
    public var from: String
    public var fromName: String
    public var to: String
    public var subject: String
    public var body: String
    public var date: Date
    public var messageID: String

    public init(from: String, fromName: String = "健康城市建设管理平台", to: String, subject: String, body: String, date: Date,
                messageID: String = UUID().uuidString) {
        self.from = from; self.fromName = fromName; self.to = to; self.subject = subject; self.body = body
        self.date = date; self.messageID = messageID
    }

    /// RFC 2047 encoded words (`=?UTF-8?B?…?=`), each at most 75 characters and never splitting a character,
    /// folded onto continuation lines.
    public static func encodedWords(_ text: String) -> String {
        if text.allSatisfy({ $0.isASCII && $0 != "=" && $0 != "?" && !$0.isNewline }) { return text }
        var words: [String] = []
        var chunk = Data()
        for character in text {
            let bytes = Data(String(character).utf8)
            // 45 bytes of UTF-8 become 60 characters of base64: with the 12 of =?UTF-8?B??= under 75.
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Decodes encoded words back to text (what a mail reader shows); other text is kept as it is.
    public static func decodeWords(_ header: String) -> String {
        let unfolded = header.replacingOccurrences(of: "\r\n ", with: " ").replacingOccurrences(of: "\n ", with: " ")
        var result = ""
        var previousWasWord = true  // nothing before the first word
        for token in unfolded.split(separator: " ", omittingEmptySubsequences: false) {
            let text = String(token)
            let lower = text.lowercased()
            if lower.hasPrefix("=?utf-8?b?") && text.hasSuffix("?="),
               let data = Data(base64Encoded: String(text.dropFirst(10).dropLast(2))) {
                // Whitespace between two encoded words is folding, not text.
                if !previousWasWord { result += " " }
                result += String(decoding: data, as: UTF8.self)
                previousWasWord = true
            } else {
                if !result.isEmpty { result += " " }
                result += text
                previousWasWord = false
            }
        }
        return result
    }

    /// RFC 5322 date, in China's time zone.
    public static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// The DATA section, without the terminating `.` line.
    public var data: String {
        let domain = from.split(separator: "@").last.map(String.init) ?? "healthcity.local"
        let headers = [
            "From: \(Self.encodedWords(fromName)) <\(from)>",
            "To: <\(to)>",
            "Subject: \(Self.encodedWords(subject))",
            "Date: \(Self.rfc5322(date))",
            "Message-ID: <\(messageID)@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
        ]
        let normalised = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let encoded = Data(normalised.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn,
                                                                           .endLineWithLineFeed])
        // Base64 never starts a line with "."; headers could only through the display name, which is encoded.
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + encoded + "\r\n"
    }

    /// Whether an address can be put in `MAIL FROM:<…>` / `RCPT TO:<…>` without breaking the command.
    public static func isSafeAddress(_ address: String) -> Bool {
        !address.isEmpty && address.contains("@") && !address.contains { $0.isNewline || $0 == "<" || $0 == ">" || $0.isWhitespace }
    }
}
