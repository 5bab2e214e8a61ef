import Plot

extension Node where Context == HTML.TableRowContext {
    /// A table cell that carries its column's name in `data-label`: on a phone a `table.stack` shows each row
    /// as a card, and the label stands before the value. `numeric` right-aligns figures (`class="num"`).
    static func cell(_ label: String, numeric: Bool = false, _ content: Node<HTML.BodyContext>...) -> Node {
        .td(.if(numeric, .class("num")), .attribute(named: "data-label", value: attr(label)), .group(content))
    }

    /// A cell holding only text.
    static func cell(_ label: String, numeric: Bool = false, text: String) -> Node {
        .cell(label, numeric: numeric, .text(text))
    }
}
