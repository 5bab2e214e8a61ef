import Foundation

/// A horizontal bar chart in SVG: one labelled row per bar, scaled to a shared maximum, with an
/// optional reference line (a target, or "time gone"). Drawn here so that pages need no script
/// and print as they look.
struct BarChart {
    enum Tone: String {
        case accent = "#0b6e4f", good = "#2e7d32", warn = "#f9a825", bad = "#c62828", muted = "#9aa5b1"
    }

    struct Bar {
        var label: String
        var value: Double
        var valueLabel: String
        var tone: Tone = .accent
    }

    var title: String
    var bars: [Bar]
    /// The value at the right edge; defaults to the largest bar.
    var maximum: Double?
    var reference: (value: Double, label: String)?

    private let width = 720.0
    private let labelWidth = 190.0
    private let valueWidth = 150.0
    private let rowHeight = 28.0
    private let top = 8.0

    func svg() -> String {
        let maxValue = max(maximum ?? bars.map(\.value).max() ?? 1, 1e-9)
        let plotWidth = width - labelWidth - valueWidth
        let height = top + rowHeight * Double(max(bars.count, 1)) + (reference == nil ? 8 : 26)
        func x(_ value: Double) -> Double { labelWidth + plotWidth * min(max(value / maxValue, 0), 1) }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(fmt(width)) \(fmt(height))" role="img" \
        aria-label="\(escapeXML(title))" font-size="13" font-family="inherit"><title>\(escapeXML(title))</title>
        """
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(index)
            out += """
            <g><text x="\(fmt(labelWidth - 8))" y="\(fmt(y + 18))" text-anchor="end" fill="#1d2733">\(escapeXML(Self.shorten(bar.label)))</text>\
            <rect x="\(fmt(labelWidth))" y="\(fmt(y + 5))" width="\(fmt(plotWidth))" height="16" fill="#eef1f4" rx="3"/>\
            <rect x="\(fmt(labelWidth))" y="\(fmt(y + 5))" width="\(fmt(x(bar.value) - labelWidth))" height="16" fill="\(bar.tone.rawValue)" rx="3"/>\
            <text x="\(fmt(labelWidth + plotWidth + 8))" y="\(fmt(y + 18))" fill="#5b6875">\(escapeXML(bar.valueLabel))</text></g>
            """
        }
        if let reference {
            let rx = x(reference.value)
            let bottom = top + rowHeight * Double(bars.count)
            out += """
            <line x1="\(fmt(rx))" y1="\(fmt(top))" x2="\(fmt(rx))" y2="\(fmt(bottom + 4))" stroke="#c62828" stroke-dasharray="4 3"/>\
            <text x="\(fmt(rx))" y="\(fmt(bottom + 18))" text-anchor="middle" fill="#c62828">\(escapeXML(reference.label))</text>
            """
        }
        return out + "</svg>"
    }

    /// Long unit names are cut so the label column stays readable; the full name is in the table below each chart.
    static func shorten(_ label: String, limit: Int = 13) -> String {
        label.count <= limit ? label : String(label.prefix(limit - 1)) + "…"
    }

    private func fmt(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
