import Plot

extension Node where Context: HTML.BodyContext {
    /// The hidden CSRF field every state-changing form carries.
    static func csrfField() -> Node {
        .input(.type(.hidden), .name("csrf"), .value(attr(PageContext.current.csrfToken ?? "")))
    }

    /// The hidden revision a form was opened at: a save after someone else's is refused, not silently applied.
    static func revisionField(_ revision: Int) -> Node {
        .input(.type(.hidden), .name("revision"), .value(String(revision)))
    }
}
