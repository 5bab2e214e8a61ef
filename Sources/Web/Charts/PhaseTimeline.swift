import Core
import Domain

/// Draws a plan's phases as a horizontal timeline in SVG: one bar per phase on a shared month axis,
/// with today's date marked when it falls inside the span.
struct PhaseTimeline {
    var phases: [Phase]
    var today: LocalDate?

    private let width = 1000.0
    private let labelWidth = 220.0
    private let rowHeight = 34.0
    private let axisHeight = 28.0

    func svg() -> String {
        guard let first = phases.map(\.start).min(), let last = phases.map(\.end).max() else { return "" }
        let start = LocalDate(year: first.year, month: first.month, day: 1)!
        let end = last.endOfMonth
        let span = Double(end.dayNumber - start.dayNumber + 1)
        let plotWidth = width - labelWidth - 10
        func x(_ date: LocalDate) -> Double { labelWidth + plotWidth * Double(date.dayNumber - start.dayNumber) / span }
        let height = axisHeight + rowHeight * Double(phases.count) + 8

        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(fmt(width)) \(fmt(height))" role="img" \
        aria-label="实施阶段时间轴" font-size="13" font-family="inherit">
        """
        // Month ticks: every month when short, else quarters.
        let months = (end.year - start.year) * 12 + end.month - start.month + 1
        let step = months <= 14 ? 1 : (months <= 40 ? 3 : 12)
        var monthIndex = 0
        while monthIndex < months {
            let year = start.year + (start.month - 1 + monthIndex) / 12
            let month = (start.month - 1 + monthIndex) % 12 + 1
            let tickDate = LocalDate(year: year, month: month, day: 1)!
            let tx = x(tickDate)
            out += "<line x1=\"\(fmt(tx))\" y1=\"\(fmt(axisHeight - 6))\" x2=\"\(fmt(tx))\" y2=\"\(fmt(height - 4))\" stroke=\"#d9dee4\"/>"
            let label = month == 1 || monthIndex == 0 ? "\(year)年\(month)月" : "\(month)月"
            out += "<text x=\"\(fmt(tx + 3))\" y=\"\(fmt(axisHeight - 10))\" fill=\"#5b6875\">\(escapeXML(label))</text>"
            monthIndex += step
        }
        let palette = ["#0b6e4f", "#2f7ebc", "#b7791f", "#8e44ad", "#c0392b", "#16a085"]
        for (i, phase) in phases.enumerated() {
            let y = axisHeight + rowHeight * Double(i) + 6
            let x0 = x(phase.start)
            let x1 = max(x(phase.end) + plotWidth / span, x0 + 3)
            out += "<text x=\"0\" y=\"\(fmt(y + 16))\" fill=\"#1d2733\">\(escapeXML(shorten(phase.name, 15)))</text>"
            out += "<rect x=\"\(fmt(x0))\" y=\"\(fmt(y))\" width=\"\(fmt(x1 - x0))\" height=\"\(fmt(rowHeight - 12))\" rx=\"4\" fill=\"\(palette[i % palette.count])\">"
            out += "<title>\(escapeXML("\(phase.name)：\(phase.start.chinese)—\(phase.end.chinese)"))</title></rect>"
        }
        if let today, today >= start, today <= end {
            let tx = x(today)
            out += "<line x1=\"\(fmt(tx))\" y1=\"\(fmt(axisHeight - 4))\" x2=\"\(fmt(tx))\" y2=\"\(fmt(height - 2))\" stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>"
            out += "<text x=\"\(fmt(tx + 4))\" y=\"\(fmt(height - 4))\" fill=\"#c0392b\">今天</text>"
        }
        out += "</svg>"
        return out
    }

    private func shorten(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    private func fmt(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

/// Escapes text for XML/HTML content and attribute values.
func escapeXML(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for c in text {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}
