import Crypto
import Domain
import Foundation

/// Random secrets and their stored digests.
public enum Secrets {
    /// 32 random bytes, URL-safe base64 without padding.
    public static func token(prefix: String = "") -> String {
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max) }
        let text = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    /// A temporary password people can read out over the phone: no 0/O or 1/l.
    public static func readablePassword() -> String {
        let letters = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ")
        let digits = Array("23456789")
        var chars = (0..<9).map { _ in letters.randomElement()! } + (0..<3).map { _ in digits.randomElement()! }
        chars.shuffle()
        return String(chars)
    }

    /// SHA-256 in hex. Tokens are long random values, so a fast digest is enough (no salt or
    /// slow hash needed) and lets the database look them up by equality.
    public static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares without leaking where the first difference is.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

extension AppCore {
    /// A secret every server on this database shares, for signing short-lived form tokens: created on first use and
    /// kept in the settings table, so a token one server wrote is accepted by another (never only in a process's memory).
    public func sharedSigningKey() async throws -> String {
        if let stored = try await settings.value(SettingKey.sharedSigningKey) { return stored }
        do {
            try await settings.set(SettingKey.sharedSigningKey, Secrets.token())
        } catch {
            // Another server created it at the same moment: theirs is read back below.
        }
        guard let stored = try await settings.value(SettingKey.sharedSigningKey) else {
            throw SecretsError.notStored
        }
        return stored
    }
}

enum SecretsError: Error, CustomStringConvertible {
    case notStored
    var description: String { "无法在数据库中保存签名密钥" }
}
