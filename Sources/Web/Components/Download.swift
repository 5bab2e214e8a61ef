import Foundation
import Vapor

extension Response {
    /// A file to download, one way everywhere: its Chinese name as RFC 5987's `filename*` (UTF-8, percent-encoded),
    /// which every current browser reads, and a plain ASCII `filename` for the rest.
    static func download(_ body: Response.Body, contentType: String, fileName: String) -> Response {
        let response = Response(status: .ok, body: body)
        response.headers.replaceOrAdd(name: .contentType, value: contentType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: contentDisposition(fileName))
        return response
    }

    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    static let docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    /// `attachment; filename="…"; filename*=UTF-8''…`: the ASCII name keeps the extension when the rest is Chinese.
    static func contentDisposition(_ fileName: String) -> String {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "download"
        let plain = fileName.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }
        let fallback = plain ? fileName : "download" + (fileName.split(separator: ".").last.map { ".\($0)" } ?? "")
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}
