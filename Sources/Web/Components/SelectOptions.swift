import Plot

extension Node where Context == HTML.SelectContext {
    /// The options of a select, one per value, the one equal to `selected` marked so (an option's value is
    /// always written, even empty). `label` gives each value's text; by default the value itself.
    static func options<Value: Equatable>(_ values: [Value], selected: Value? = nil, value: (Value) -> String,
                                          label: (Value) -> String) -> Node {
        .group(values.map { item in .choice(value(item), label(item), selected: item == selected) })
    }

    /// The options of a select whose values are also their labels.
    static func options(_ values: [String], selected: String? = nil) -> Node {
        .options(values, selected: selected, value: { $0 }, label: { $0 })
    }
}
