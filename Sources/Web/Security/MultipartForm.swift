import Foundation
import MultipartKit
import NIOCore
import Vapor

extension MultipartFields {
    /// Every part of a multipart body in one pass, in order: a field chosen with several files (`multiple`) keeps
    /// them all — the Codable decoder keeps only the last part of a repeated name.
    static func parse(_ body: ByteBuffer, boundary: String) throws -> MultipartFields {
        let parser = MultipartParser(boundary: boundary)
        var result = MultipartFields()
        var headers: [(name: String, value: String)] = []
        var data = ByteBuffer()
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { chunk in data.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let disposition = headers.first { $0.name.lowercased() == "content-disposition" }?.value ?? ""
            let parameters = Self.dispositionParameters(disposition)
            if let name = parameters["name"] {
                if let fileName = parameters["filename*"].flatMap(Self.extendedValue) ?? parameters["filename"] {
                    // The declared type is not trusted: evidence is judged by its bytes (EvidenceUpload).
                    result.files[name, default: []].append(File(data: data, filename: fileName))
                } else {
                    result.texts[name] = String(buffer: data)
                }
            }
            headers = []
            data = ByteBuffer()
        }
        try parser.execute(body)
        return result
    }

    /// `form-data; name="a"; filename="照片.png"` → ["name": "a", "filename": "照片.png"]; quoted values may hold ';'.
    static func dispositionParameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(header)
        // Skip the disposition type.
        guard let first = rest.firstIndex(of: ";") else { return result }
        rest = rest[rest.index(after: first)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == ";" }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let c = rest.first {
                    rest = rest.dropFirst()
                    if escaped { value.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { break } else { value.append(c) }
                }
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            result[key] = value
        }
        return result
    }

    /// RFC 5987 `UTF-8''%E7%85%A7.png` → 照.png.
    static func extendedValue(_ value: String) -> String? {
        let parts = value.components(separatedBy: "'")
        guard parts.count == 3 else { return nil }
        return parts[2].removingPercentEncoding
    }
}

extension Request {
    /// The multipart form of this request (or a URL-encoded one's fields); a large body is parsed on the parsing pool.
    func multipartFields() async throws -> MultipartFields {
        guard let type = headers.contentType, type.type == "multipart", type.subType == "form-data",
              let boundary = type.parameters["boundary"], let body = body.data else {
            return try await decodeBody(MultipartFields.self)
        }
        guard body.readableBytes > Self.inlineDecodeBytes else { return try MultipartFields.parse(body, boundary: boundary) }
        return try await offload { try MultipartFields.parse(body, boundary: boundary) }
    }
}
