import Foundation

/// A bar chart in SVG: one row per bar, its label and value on a line above a full-width bar, scaled to a shared
/// maximum, with an optional reference line (a target, or "time gone"). Drawn here so that pages need no script and
/// print as they look.
///
/// The drawing has no viewBox: positions across are percentages of the width and text is in CSS pixels, so the
/// same chart redraws at any width and its labels stay at `fontSize` px on a 390 px phone as on a desktop (a
/// scaled viewBox shrank them to 5.8 px). Only the height is fixed, from the number of rows.
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

    /// Label size in CSS px, whatever the width the chart is drawn at.
    static let fontSize = 13.0
    private let rowHeight = 40.0
    private let barHeight = 12.0
    private let top = 4.0

    /// The height in px the chart takes: its rows plus the reference line's label.
    var height: Double { top + rowHeight * Double(max(bars.count, 1)) + (reference == nil ? 6 : 24) }

    func svg() -> String {
        let maxValue = max(maximum ?? bars.map(\.value).max() ?? 1, 1e-9)
        // Percent of the width a value reaches; the last 2% stay free so the end of a full bar shows.
        func x(_ value: Double) -> Double { 98 * min(max(value / maxValue, 0), 1) }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" width="100%" height="\(fmt(height))" \
        style="width:100%;height:\(fmt(height))px" role="img" aria-label="\(escapeXML(title))" \
        font-size="\(fmt(Self.fontSize))" font-family="inherit"><title>\(escapeXML(title))</title>
        """
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(index)
            out += """
            <g><text x="0" y="\(fmt(y + 14))" fill="#1d2733">\(escapeXML(Self.shorten(bar.label)))</text>\
            <text x="98%" y="\(fmt(y + 14))" text-anchor="end" fill="#5b6875">\(escapeXML(bar.valueLabel))</text>\
            <rect x="0" y="\(fmt(y + 20))" width="98%" height="\(fmt(barHeight))" fill="#eef1f4" rx="3"/>\
            <rect x="0" y="\(fmt(y + 20))" width="\(fmt(x(bar.value)))%" height="\(fmt(barHeight))" fill="\(bar.tone.rawValue)" rx="3"/></g>
            """
        }
        if let reference {
            let rx = x(reference.value)
            let bottom = top + rowHeight * Double(bars.count)
            // The label sits inside the chart: left of the line near the right edge, right of it otherwise.
            let anchor = rx > 70 ? "end" : rx < 15 ? "start" : "middle"
            out += """
            <line x1="\(fmt(rx))%" y1="\(fmt(top + 16))" x2="\(fmt(rx))%" y2="\(fmt(bottom + 2))" stroke="#c62828" stroke-dasharray="4 3"/>\
            <text x="\(fmt(rx))%" y="\(fmt(bottom + 16))" text-anchor="\(anchor)" fill="#c62828">\(escapeXML(reference.label))</text>
            """
        }
        return out + "</svg>"
    }

    /// Long names are cut so the label and the value share one line on a phone; the full name is in the table below
    /// each chart.
    static func shorten(_ label: String, limit: Int = 13) -> String {
        label.count <= limit ? label : String(label.prefix(limit - 1)) + "…"
    }

    private func fmt(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
