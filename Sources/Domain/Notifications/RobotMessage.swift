import Crypto
import Foundation

/// A request to a group robot: where to post and the JSON body, as each vendor documents it.
public struct RobotRequest: Equatable, Sendable {
    public var url: String
    public var body: Data

    public init(url: String, body: Data) { self.url = url; self.body = body }

    /// The body as a JSON object, for tests and logs.
    public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
}

/// The message formats of the three group robots, and their signatures. Pure: the time is passed in.
public enum RobotMessage {
    /// The text a robot posts: title, body and the link to the work.
    public static func text(title: String, body: String, link: String?) -> String {
        [title, body, link.map { "办理：\($0)" }].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    public static func markdown(title: String, body: String, link: String?) -> String {
        var text = "### \(title)\n\(body)"
        if let link, !link.isEmpty { text += "\n\n[前往办理](\(link))" }
        return text
    }

    /// 企业微信 group robot: `{"msgtype":"markdown","markdown":{"content":…}}` posted to the webhook as given.
    public static func wecom(url: String, title: String, body: String, link: String?) -> RobotRequest {
        RobotRequest(url: url, body: encode(["msgtype": "markdown", "markdown": ["content": markdown(title: title, body: body, link: link)]]))
    }

    /// 钉钉 group robot: `{"msgtype":"markdown","markdown":{"title":…,"text":…}}`; with a secret, `timestamp`
    /// (milliseconds) and `sign` are added to the URL's query.
    public static func dingtalk(url: String, secret: String?, title: String, body: String, link: String?, at instant: Date) -> RobotRequest {
        var target = url
        if let secret, !secret.isEmpty {
            let timestamp = String(Int64((instant.timeIntervalSince1970 * 1000).rounded(.down)))
            let sign = dingtalkSign(timestamp: timestamp, secret: secret)
            target += (url.contains("?") ? "&" : "?") + "timestamp=\(timestamp)&sign=\(urlEncode(sign))"
        }
        return RobotRequest(url: target, body: encode([
            "msgtype": "markdown", "markdown": ["title": title, "text": markdown(title: title, body: body, link: link)],
        ]))
    }

    /// 飞书 group robot: `{"msg_type":"text","content":{"text":…}}`; with a secret, `timestamp` (seconds) and
    /// `sign` go in the body.
    public static func feishu(url: String, secret: String?, title: String, body: String, link: String?, at instant: Date) -> RobotRequest {
        var object: [String: Any] = ["msg_type": "text", "content": ["text": text(title: title, body: body, link: link)]]
        if let secret, !secret.isEmpty {
            let timestamp = String(Int64(instant.timeIntervalSince1970.rounded(.down)))
            object["timestamp"] = timestamp
            object["sign"] = feishuSign(timestamp: timestamp, secret: secret)
        }
        return RobotRequest(url: url, body: encode(object))
    }

    public static func request(for hook: RobotHook, title: String, body: String, link: String?, at instant: Date) -> RobotRequest {
        switch hook.channel {
        case .wecom: wecom(url: hook.url, title: title, body: body, link: link)
        case .dingtalk: dingtalk(url: hook.url, secret: hook.secret, title: title, body: body, link: link, at: instant)
        case .feishu, .email: feishu(url: hook.url, secret: hook.secret, title: title, body: body, link: link, at: instant)
        }
    }

    /// DingTalk: base64(HMAC-SHA256(key: secret, message: "timestamp\nsecret")), not yet URL-encoded.
    public static func dingtalkSign(timestamp: String, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp)\n\(secret)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).base64EncodedString()
    }

    /// Feishu: base64(HMAC-SHA256(key: "timestamp\nsecret", message: empty)).
    public static func feishuSign(timestamp: String, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(), using: SymmetricKey(data: Data("\(timestamp)\n\(secret)".utf8)))
        return Data(mac).base64EncodedString()
    }

    /// Percent-encodes everything but unreserved characters, so `+`, `/` and `=` of base64 survive a query.
    public static func urlEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// Whether a robot's answer means the message was accepted: each answers HTTP 200 with an error code in the body.
    public static func accepted(channel: DeliveryChannel, status: Int, body: Data) -> (ok: Bool, problem: String?) {
        guard (200..<300).contains(status) else { return (false, "机器人地址回应 HTTP \(status)") }
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else { return (true, nil) }
        let code = (object["errcode"] ?? object["code"] ?? object["StatusCode"]) as? Int ?? 0
        if code == 0 { return (true, nil) }
        let message = (object["errmsg"] ?? object["msg"] ?? object["StatusMessage"]) as? String ?? ""
        return (false, "机器人拒收（代码 \(code)\(message.isEmpty ? "" : "：\(message)")）")
    }

    private static func encode(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}

/// Reading channel settings typed into a form: each problem names its field in Chinese.
public enum ChannelInput {
    public struct Problem: Equatable, Sendable {
        public var field: String
        public var message: String

        public init(field: String, message: String) { self.field = field; self.message = message }
    }

    /// An empty address clears the channel; anything else must look like an address.
    public static func email(_ raw: String, field: String = "电子邮箱") -> (String?, Problem?) {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty { return (nil, nil) }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        let ok = parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && value.count <= 254
            && !value.contains { $0.isWhitespace || "<>(),;:\"[]\\".contains($0) }
        return ok ? (value, nil) : (nil, Problem(field: field, message: "「\(value)」不是有效的电子邮箱地址"))
    }

    /// An empty URL clears the robot; otherwise it must be http(s) with a host.
    public static func webhook(_ raw: String, secret rawSecret: String, channel: DeliveryChannel) -> (RobotHook?, [Problem]) {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let secret = rawSecret.trimmingCharacters(in: .whitespacesAndNewlines)
        let field = "\(channel.chineseName)地址"
        if value.isEmpty {
            return (nil, secret.isEmpty ? [] : [Problem(field: "\(channel.chineseName)签名密钥", message: "填写了密钥，但没有填写机器人地址")])
        }
        guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            return (nil, [Problem(field: field, message: "须是完整的网址（在群设置的机器人详情中复制）")])
        }
        if value.count > 1000 { return (nil, [Problem(field: field, message: "网址过长")]) }
        if channel == .wecom && !secret.isEmpty {
            return (nil, [Problem(field: "\(channel.chineseName)签名密钥", message: "企业微信群机器人没有签名密钥，请留空")])
        }
        if secret.count > 200 { return (nil, [Problem(field: "\(channel.chineseName)签名密钥", message: "密钥过长")]) }
        return (RobotHook(channel: channel, url: value, secret: secret.isEmpty ? nil : secret), [])
    }
}
