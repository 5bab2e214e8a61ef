import Plot

extension Node where Context: HTML.BodyContext {
    /// The strip of key figures at the top of a board: `<div class="figures">` holding `figure`s.
    static func figures(_ figures: Node...) -> Node {
        .div(.class("figures"), .group(figures))
    }

    /// The strip of key figures from a list, for figures built in a loop.
    static func figures(_ figures: [Node]) -> Node {
        .div(.class("figures"), .group(figures))
    }

    /// One key figure: the number in bold, its label under it.
    static func figure(_ value: String, _ label: String) -> Node {
        .div(.class("figure"), .b(.text(value)), .span(.text(label)))
    }

    /// One key figure counting something.
    static func figure(_ count: Int, _ label: String) -> Node {
        .figure(String(count), label)
    }
}
