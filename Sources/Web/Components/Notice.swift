import Plot

/// The component kit: small pieces of markup every page writes the same way. Each returns a Plot `Node`;
/// text goes through Plot's `.text` (escaped) and attribute values through `attr(…)` or literals, so a
/// component cannot write unescaped user input.

/// How a notice reads: `notice` (information, green), `notice warn` (amber), `notice error` (red).
enum NoticeKind: Sendable {
    case info, warn, error

    var className: String {
        switch self {
        case .info: "notice"
        case .warn: "notice warn"
        case .error: "notice error"
        }
    }
}

/// What a screen reader does with a notice: `status` (read when it appears, politely), `alert` (at once),
/// or nothing (a notice that is part of the page, not news).
enum NoticeRole: String, Sendable {
    case status, alert
}

extension Node where Context: HTML.BodyContext {
    /// A one-line notice: `<p class="notice …" role="…">text</p>`.
    static func notice(_ text: String, _ kind: NoticeKind = .info, role: NoticeRole? = nil) -> Node {
        .p(.class(attr(kind.className)), .unwrap(role) { .attribute(named: "role", value: attr($0.rawValue)) }, .text(text))
    }

    /// A notice of several parts (a heading and a list, say): `<div class="notice …" role="…">…</div>`.
    static func noticeBlock(_ kind: NoticeKind, role: NoticeRole? = nil, _ content: Node...) -> Node {
        .div(.class(attr(kind.className)), .unwrap(role) { .attribute(named: "role", value: attr($0.rawValue)) }, .group(content))
    }

    /// The message a page carries after a redirect (`?notice=`), as a status notice; nothing when there is none.
    static func flash(_ message: String?) -> Node {
        .unwrap(message) { .notice($0, role: .status) }
    }

    /// The problems of a refused form, listed under a heading ("未保存，请更正："); nothing when there are none.
    static func problemList(_ problems: [String], heading: String = "未保存，请更正：") -> Node {
        .if(!problems.isEmpty, .noticeBlock(.error, role: .alert, .p(.text(heading)), .ul(.forEach(problems) { .li(.text($0)) })))
    }
}
