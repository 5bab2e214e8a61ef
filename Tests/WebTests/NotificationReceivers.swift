import Domain
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor

/// A local webhook receiver: an HTTP server on 127.0.0.1 at a port the system picks, recording every POST to
/// /hook/<name> and answering each with the next scripted status (200 with `{"errcode":0}` when the script is empty).
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var name: String
        var query: String
        var body: Data
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
    }

    let app: Application
    let port: Int
    private let state = NIOLockedValueBox<(received: [Received], script: [String: [Int]])>(([], [:]))

    private init(app: Application, port: Int) { self.app = app; self.port = port }

    static func start() async throws -> WebhookReceiver {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        let box = NIOLockedValueBox<WebhookReceiver?>(nil)
        app.on(.POST, "hook", ":name", body: .collect(maxSize: "1mb")) { req -> Response in
            guard let receiver = box.withLockedValue({ $0 }) else { return Response(status: .serviceUnavailable) }
            let name = req.parameters.get("name") ?? ""
            let body = req.body.data.map { Data($0.readableBytesView) } ?? Data()
            let status = receiver.state.withLockedValue { state -> Int in
                state.received.append(Received(name: name, query: req.url.query ?? "", body: body))
                return state.script[name]?.isEmpty == false ? state.script[name]!.removeFirst() : 200
            }
            let response = Response(status: HTTPResponseStatus(statusCode: status))
            response.body = .init(string: status == 200 ? #"{"errcode":0,"errmsg":"ok"}"# : "busy")
            return response
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(app.http.server.shared.localAddress?.port)
        let receiver = WebhookReceiver(app: app, port: port)
        box.withLockedValue { $0 = receiver }
        return receiver
    }

    func url(_ name: String, query: String = "") -> String { "http://127.0.0.1:\(port)/hook/\(name)\(query)" }

    /// The statuses the next requests to `name` get, in order.
    func script(_ name: String, _ statuses: [Int]) { state.withLockedValue { $0.script[name] = statuses } }

    func received(_ name: String? = nil) -> [Received] {
        state.withLockedValue { state in state.received.filter { name == nil || $0.name == name } }
    }

    private let stopped = NIOLockedValueBox(false)

    /// Stops the server once (a second call does nothing).
    func stop() async throws {
        guard stopped.withLockedValue({ was in defer { was = true }; return !was }) else { return }
        await app.server.shutdown()
        try await app.asyncShutdown()
    }
}

/// The SMTP server `.ci/run` starts on loopback (aiosmtpd writing each message into a Maildir): its port and folder.
enum TestSMTP {
    static var server: (port: Int, directory: String)? {
        let env = ProcessInfo.processInfo.environment
        guard let port = env["TEST_SMTP_PORT"].flatMap(Int.init), let directory = env["TEST_SMTP_DIR"], !directory.isEmpty else { return nil }
        return (port, directory)
    }

    /// The decoded subjects of the messages received for `recipient`.
    static func subjects(to recipient: String, in directory: String) -> [String] {
        let files = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []
        return files.compactMap { file -> String? in
            let path = (directory as NSString).appendingPathComponent(file)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
            guard let headerEnd = normalised.range(of: "\n\n") else { return nil }
            // Unfold continuation lines, then pick the headers.
            let headers = normalised[..<headerEnd.lowerBound].replacingOccurrences(of: "\n\t", with: " ")
                .replacingOccurrences(of: "\n ", with: " ").components(separatedBy: "\n")
            guard headers.contains(where: { $0.lowercased().hasPrefix("to:") && $0.contains(recipient) }),
                  let subject = headers.first(where: { $0.lowercased().hasPrefix("subject:") }) else { return nil }
            return EmailMessage.decodeWords(String(subject.dropFirst("subject:".count)).trimmingCharacters(in: .whitespaces))
        }
    }
}
