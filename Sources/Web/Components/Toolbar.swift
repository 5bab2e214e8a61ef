import Plot

extension Node where Context: HTML.BodyContext {
    /// A row of buttons and links. `printed: false` (the default) hides it on paper (`no-print`), where
    /// buttons mean nothing.
    static func toolbar(printed: Bool = false, _ items: Node...) -> Node {
        .div(.class(printed ? "toolbar" : "toolbar no-print"), .group(items))
    }

    /// A link styled as a button; `secondary` for the quieter kind.
    static func buttonLink(_ title: String, to url: SiteURL, secondary: Bool = false) -> Node {
        .a(.class(secondary ? "button secondary" : "button"), .href(url.path), .text(title))
    }
}
