import Foundation
import NIOCore
import Testing
import VaporTesting
@testable import Web

/// Sends example requests to the test site and holds each answer to the OpenAPI document: the request must
/// reach a documented operation, the status must be one the operation documents, and a JSON body must
/// conform to the schema documented for that status. Remembers which operations were reached.
struct OpenAPIConformance {
    /// Who sends a request: no one, a signed-in browser (with its CSRF token on writes), or an API token.
    enum Caller {
        case anonymous
        case browser(TestBrowser)
        case token(String)
    }

    /// One request as it was sent, so the probes can send it again as someone else.
    struct Sent {
        var method: HTTPMethod
        var path: String
        var body: Data?
        var contentType: String
    }

    let site: TestSite
    let document: JSONValue
    let schemas: OpenAPISchema
    /// "GET /api/v1/plans/{id}", for every operation in the document.
    let operations: Set<String>
    private(set) var exercised: Set<String> = []
    private(set) var sent: [Sent] = []

    init(site: TestSite) async throws {
        self.site = site
        let served = try await site.get("/api/v1/openapi.json", as: nil)
        try #require(served.status == .ok)
        document = try JSONValue.parse(Data(served.body.readableBytesView))
        schemas = OpenAPISchema(document: document)
        var operations: Set<String> = []
        for (path, item) in document["paths"]?.object ?? [:] {
            for method in item.object.map({ Array($0.keys) }) ?? [] where Self.methods.contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        self.operations = operations
    }

    static let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]

    /// The documented path template `path` (without its query) falls under; the one with most literal segments
    /// when several do.
    func template(for path: String) -> String? {
        let parts = path.split(separator: "?", maxSplits: 1)[0].split(separator: "/", omittingEmptySubsequences: false)
        let candidates = (document["paths"]?.object.map { Array($0.keys) } ?? []).filter { template in
            let pattern = template.split(separator: "/", omittingEmptySubsequences: false)
            return pattern.count == parts.count && zip(pattern, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
        return candidates.max { literals($0) < literals($1) }
    }

    private func literals(_ template: String) -> Int { template.split(separator: "/").filter { !$0.hasPrefix("{") }.count }

    /// Sends the request, checks the answer against the document and, when `expect` is given, that the status is
    /// that one (so an example meant to succeed cannot pass by failing in a documented way). Returns the JSON body.
    @discardableResult
    mutating func send(_ method: HTTPMethod, _ path: String, as caller: Caller, body: String? = nil,
                       contentType: String = "application/json", expect: HTTPStatus? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue? {
        try await send(Sent(method: method, path: path, body: body.map { Data($0.utf8) }, contentType: contentType), as: caller,
                       expect: expect, sourceLocation: sourceLocation)
    }

    @discardableResult
    mutating func send(_ request: Sent, as caller: Caller, expect: HTTPStatus? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue? {
        sent.append(request)
        let label = "\(request.method.rawValue) \(request.path)"
        guard let template = template(for: request.path), let operation = document["paths"]?[template]?[request.method.rawValue.lowercased()] else {
            Issue.record("\(label): 文档中没有这个接口", sourceLocation: sourceLocation)
            return nil
        }
        exercised.insert("\(request.method.rawValue) \(template)")
        if let body = request.body {
            // The body's type must be one the operation takes; a body meant to be accepted must match its schema.
            if let media = operation["requestBody"]?["content"]?[request.contentType] {
                if request.contentType == "application/json", let expect, expect.code < 300, let schema = media["schema"] {
                    let problems = schemas.problems(try JSONValue.parse(body), schema)
                    if !problems.isEmpty { Issue.record("\(label) 的请求体与文档不符：\n\(problems.prefix(20).joined(separator: "\n"))", sourceLocation: sourceLocation) }
                }
            } else {
                Issue.record("\(label): 请求类型 \(request.contentType) 不在文档中", sourceLocation: sourceLocation)
            }
        }
        var headers: HTTPHeaders = [:]
        if request.body != nil { headers.add(name: .contentType, value: request.contentType) }
        switch caller {
        case .anonymous: break
        case .browser(let browser):
            headers.add(name: .cookie, value: "\(Cookies.session)=\(browser.cookie)")
            if request.method != .GET { headers.add(name: "X-CSRF-Token", value: browser.csrf) }
        case .token(let secret): headers.add(name: .authorization, value: "Bearer \(secret)")
        }
        let res = try await site.app.testing().sendRequest(request.method, request.path, headers: headers,
                                                           body: request.body.map { ByteBuffer(data: $0) })
        let code = Int(res.status.code)
        if let expect { #expect(res.status == expect, "\(label): \(res.body.string.prefix(400))", sourceLocation: sourceLocation) }
        let responses = operation["responses"]
        guard let documented = responses?["\(code)"] ?? responses?["\(code / 100)XX"] ?? responses?["default"] else {
            Issue.record("\(label): 状态 \(code) 未写入文档（文档：\(responses?.object?.keys.sorted() ?? [])）\n\(res.body.string.prefix(300))",
                         sourceLocation: sourceLocation)
            return nil
        }
        let mediaType = res.headers.contentType.map { "\($0.type)/\($0.subType)" }
        guard let content = documented["content"]?.object else {
            #expect(res.body.readableBytes == 0, "\(label): 状态 \(code) 文档中没有响应体", sourceLocation: sourceLocation)
            return nil
        }
        guard let mediaType, let media = content[mediaType] else {
            Issue.record("\(label): 响应类型 \(mediaType ?? "无") 不在文档中（\(content.keys.sorted())）", sourceLocation: sourceLocation)
            return nil
        }
        guard mediaType == "application/json" else { return nil }
        let json = try JSONValue.parse(Data(res.body.readableBytesView))
        if let schema = media["schema"] {
            // The same problem in every item of a list is told once.
            var seen: Set<String> = []
            let problems = schemas.problems(json, schema)
                .map { $0.replacingOccurrences(of: #"\[\d+\]"#, with: "[]", options: .regularExpression) }
                .filter { seen.insert($0).inserted }
            if !problems.isEmpty {
                Issue.record("\(label) → \(code) 与文档不符：\n\(problems.prefix(20).joined(separator: "\n"))", sourceLocation: sourceLocation)
            }
        }
        return json
    }
}
