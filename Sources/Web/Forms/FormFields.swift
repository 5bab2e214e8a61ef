import Core
import Domain
import Foundation
import Vapor

/// A submitted form's text fields, read by name. Handlers that check values themselves (and name the field
/// in a problem) read them through this instead of each writing its own `text(_:)`.
struct FormFields: Sendable {
    /// The fields as sent, untrimmed: a refused form is shown again with exactly what was typed.
    var values: [String: String]

    init(_ values: [String: String] = [:]) { self.values = values }

    /// The field's text without surrounding spaces and line breaks; empty when the field was not sent.
    func text(_ name: String) -> String {
        (values[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The field's trimmed text, or nil when the field was not sent at all (unlike an empty field).
    func sent(_ name: String) -> String? {
        values[name].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The field's text, or nil when it is empty.
    func optional(_ name: String) -> String? { text(name).nilIfEmpty }

    /// The field as a whole number, or nil when it is empty or not one.
    func int(_ name: String) -> Int? { Int(text(name)) }

    /// The field as a date written 2025-03-01, or nil when it is empty or not one.
    func date(_ name: String) -> LocalDate? { LocalDate(iso: text(name)) }

    /// Names of the fields starting with `prefix`, without it (checkboxes such as `remove.<sha>`).
    func names(withPrefix prefix: String) -> Set<String> {
        Set(values.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) })
    }
}

extension Request {
    /// The URL-encoded (or JSON) form of this request as text fields.
    func formFields() async throws -> FormFields {
        FormFields(try await decodeBody([String: String].self))
    }
}
