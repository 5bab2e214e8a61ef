import Foundation

/// Wording shared by the documents the office issues.
enum OfficialDocumentText {
    /// 一, 十, 十一, 二十三, 一百零五… for numbered headings (一、 （一）); from 1,000 on, Arabic digits.
    static func chineseNumeral(_ number: Int) -> String {
        guard number > 0 && number < 1_000 else { return String(number) }
        let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        let hundreds = number / 100, tens = number / 10 % 10, ones = number % 10
        var text = hundreds > 0 ? digits[hundreds] + "百" : ""
        if tens > 0 {
            // 十二 rather than 一十二, but 一百一十二.
            text += (tens == 1 && hundreds == 0 ? "" : digits[tens]) + "十"
        } else if hundreds > 0 && ones > 0 {
            text += "零"
        }
        return text + digits[ones]
    }

    /// The items joined with 、, as Chinese lists are written.
    static func list(_ items: [String]) -> String { items.joined(separator: "、") }

    /// One body paragraph per line of a user's text, blank lines dropped, the first after a bold lead ("存在问题：");
    /// `whenEmpty` when there is no text at all, or nothing when that is nil.
    static func paragraphs(_ text: String, lead: String? = nil, whenEmpty: String? = "无。") -> [DOCXBlock] {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let body = lines.isEmpty ? whenEmpty.map { [$0] } ?? [] : lines
        return body.enumerated().map { index, line in
            if index == 0, let lead { return .paragraph([DOCXRun(lead, bold: true), DOCXRun(line)]) }
            return .paragraph([DOCXRun(line)])
        }
    }
}
