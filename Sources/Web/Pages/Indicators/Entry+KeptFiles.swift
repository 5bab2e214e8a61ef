import Crypto
import Domain
import Foundation
import Plot
import Vapor

/// A file chosen in a form that was then refused for something else: it is stored with the other evidence files
/// (kept by content, so saving it later stores nothing twice) and the re-shown form carries a token for it in a
/// hidden field, so the person does not have to find the file again. The token is signed for the signed-in person
/// with a key every server on the database shares (`AppCore.sharedSigningKey`), so nobody can attach a file by guessing
/// or copying its digest, and a form re-shown by one server is accepted by another behind the same proxy. A kept file that is never saved stays only as an unreferenced
/// evidence file (stored once per content).
struct KeptUpload: Sendable, Equatable {
    var ref: EvidenceRef
    var token: String
    var fileName: String { ref.fileName }

    /// The key for this request's tokens, read from the database (created there on first use).
    static func signingKey(_ req: Request) async throws -> SymmetricKey {
        SymmetricKey(data: Data(try await req.appCore.sharedSigningKey().utf8))
    }

    private static func mac(_ ref: EvidenceRef, _ principal: Principal, key: SymmetricKey) -> String {
        let message = "\(ref.sha256)|\(ref.size)|\(ref.fileName)|\(principal.kind)"
        return Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key)).base64URL
    }

    init(ref: EvidenceRef, principal: Principal, key: SymmetricKey) {
        self.ref = ref
        token = [ref.sha256, String(ref.size), Self.mac(ref, principal, key: key), Data(ref.fileName.utf8).base64URL].joined(separator: ".")
    }

    /// The file a token names, when the token was made for this person and the file is still stored.
    static func read(_ token: String, principal: Principal, key: SymmetricKey, req: Request) async throws -> KeptUpload? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, let size = Int(parts[1]), let nameData = Data(base64URL: parts[3]),
              let name = String(data: nameData, encoding: .utf8) else { return nil }
        let ref = EvidenceRef(sha256: parts[0], fileName: name, size: size)
        guard mac(ref, principal, key: key) == parts[2], try await req.indicatorStore.evidence(sha256: ref.sha256) != nil else { return nil }
        return KeptUpload(ref: ref, principal: principal, key: key)
    }

    /// Each slot's file: a newly chosen one (checked by its content and stored) or else the one kept from a refused
    /// attempt. `slots` maps a slot (an indicator code, a score item, "" for a whole form) to its file and token
    /// field names. A file that cannot be kept is a problem for its slot; the others are kept even then.
    static func collect(_ slots: [String: (file: String, token: String)], files: [String: File], texts: [String: String],
                        req: Request) async throws -> (kept: [String: KeptUpload], problems: [String: String]) {
        let principal = try req.requirePrincipal()
        let key = try await signingKey(req)
        var kept: [String: KeptUpload] = [:]
        var problems: [String: String] = [:]
        for (slot, fields) in slots {
            if let file = files[fields.file], file.data.readableBytes > 0 {
                do {
                    let accepted = try EvidenceUpload.accept(file)
                    let ref = try await req.indicatorStore.storeEvidence(accepted.data, sha256: accepted.sha256, fileName: accepted.name,
                                                                         contentType: accepted.kind)
                    kept[slot] = KeptUpload(ref: ref, principal: principal, key: key)
                } catch let refused as EvidenceUpload.Refused {
                    problems[slot] = refused.message
                }
            } else if let token = texts[fields.token]?.nilIfEmpty {
                if let file = try await read(token, principal: principal, key: key, req: req) { kept[slot] = file }
                else { problems[slot] = "之前选择的附件已失效（表单过旧或已换账号），请重新选择文件" }
            }
        }
        return (kept, problems)
    }
}

extension KeptUpload {
    /// For a form taking several files in one box (a monthly report's attachments): every good new file stored and
    /// every file kept from before (`kept.<digest>` fields), together; a bad new file is a problem naming it, the good
    /// ones are kept even then.
    static func collect(many files: [File], texts: [String: String], req: Request) async throws
        -> (kept: [KeptUpload], problems: [String]) {
        let principal = try req.requirePrincipal()
        let key = try await signingKey(req)
        var kept: [KeptUpload] = []
        var problems: [String] = []
        for (name, token) in texts.sorted(by: { $0.key < $1.key }) where name.hasPrefix("kept.") && !token.isEmpty {
            if let file = try await read(token, principal: principal, key: key, req: req) { kept.append(file) }
            else { problems.append("之前选择的附件已失效（表单过旧或已换账号），请重新选择文件") }
        }
        for file in files where file.data.readableBytes > 0 {
            do {
                let accepted = try EvidenceUpload.accept(file)
                let ref = try await req.indicatorStore.storeEvidence(accepted.data, sha256: accepted.sha256, fileName: accepted.name,
                                                                     contentType: accepted.kind)
                if !kept.contains(where: { $0.ref.sha256 == ref.sha256 }) { kept.append(KeptUpload(ref: ref, principal: principal, key: key)) }
            } catch let refused as EvidenceUpload.Refused {
                problems.append(refused.message)
            }
        }
        return (kept, problems)
    }
}

extension Node where Context == HTML.BodyContext {
    /// Files kept from a refused attempt: a hidden token each (`kept.<digest>`) and 「已选文件：…（保留）」.
    static func keptUploads(_ files: [KeptUpload]) -> Node {
        .forEach(files) { file in
            .group(.input(.type(.hidden), .name(attr("kept.\(file.ref.sha256)")), .value(attr(file.token))),
                   .p(.class("small kept-file"), .text("已选文件：\(file.fileName)（保留）")))
        }
    }
}

fileprivate extension Data {
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}
