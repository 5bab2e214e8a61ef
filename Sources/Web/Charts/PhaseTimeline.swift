import Core
import Domain

/// Draws a plan's phases as a timeline in SVG: one bar per phase on a shared month axis, its name on the line above,
/// with today's date marked when it falls inside the span.
///
/// Like `BarChart` it has no viewBox: positions across are percentages and text is in CSS pixels, so labels stay at
/// 13 px on a phone. The axis carries two sets of labels and the stylesheet shows one by width: months (every month,
/// quarter or year) on a wide screen, years only below 900 px, where month labels would run into each other.
struct PhaseTimeline {
    var phases: [Phase]
    var today: LocalDate?

    static let fontSize = 13.0
    private let rowHeight = 40.0
    private let axisHeight = 24.0

    func svg() -> String {
        guard let first = phases.map(\.start).min(), let last = phases.map(\.end).max() else { return "" }
        let start = LocalDate(year: first.year, month: first.month, day: 1)!
        let end = last.endOfMonth
        let span = Double(end.dayNumber - start.dayNumber + 1)
        // Percent of the width; the last 1% stays free so the end of the last bar shows.
        func x(_ date: LocalDate) -> Double { 99 * Double(date.dayNumber - start.dayNumber) / span }
        func anchor(_ at: Double) -> String { at > 85 ? "end" : "start" }
        let height = axisHeight + rowHeight * Double(phases.count) + 22

        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" class="phase-timeline" width="100%" height="\(fmt(height))" \
        style="width:100%;height:\(fmt(height))px" role="img" aria-label="实施阶段时间轴" \
        font-size="\(fmt(Self.fontSize))" font-family="inherit">
        """
        let months = (end.year - start.year) * 12 + end.month - start.month + 1
        let step = months <= 14 ? 1 : (months <= 40 ? 3 : 12)
        let yearStep = months <= 72 ? 1 : 2
        var lastYearLabel = -100.0
        var lastTickYear = 0
        for monthIndex in 0..<months {
            let year = start.year + (start.month - 1 + monthIndex) / 12
            let month = (start.month - 1 + monthIndex) % 12 + 1
            let tx = x(LocalDate(year: year, month: month, day: 1)!)
            if monthIndex % step == 0 {
                out += "<line x1=\"\(fmt(tx))%\" y1=\"\(fmt(axisHeight - 6))\" x2=\"\(fmt(tx))%\" y2=\"\(fmt(height - 20))\" stroke=\"#d9dee4\"/>"
                // The year is named on the first tick of each year, which need not be January when ticks are quarters.
                let label = year != lastTickYear ? "\(year)年\(month)月" : "\(month)月"
                lastTickYear = year
                out += "<text class=\"tick-month\" x=\"\(fmt(tx))%\" dx=\"3\" y=\"\(fmt(axisHeight - 10))\" fill=\"#5b6875\">\(escapeXML(label))</text>"
            }
            // Year labels for a narrow screen: at each January (or the start), never closer than 21% apart (a
            // 「2023年3月」 is about 60 px of a phone's 320).
            if (month == 1 && (year - start.year) % yearStep == 0) || monthIndex == 0, tx - lastYearLabel >= 21 {
                let label = monthIndex == 0 && month != 1 ? "\(year)年\(month)月" : "\(year)年"
                out += "<text class=\"tick-year\" x=\"\(fmt(tx))%\" y=\"\(fmt(axisHeight - 10))\" text-anchor=\"\(anchor(tx))\" fill=\"#5b6875\">\(escapeXML(label))</text>"
                lastYearLabel = tx
            }
        }
        let palette = ["#0b6e4f", "#2f7ebc", "#b7791f", "#8e44ad", "#c0392b", "#16a085"]
        for (i, phase) in phases.enumerated() {
            let y = axisHeight + rowHeight * Double(i)
            let x0 = x(phase.start)
            let x1 = max(x(phase.end) + 99 / span, x0 + 0.5)
            // The name starts at the bar in the left half and ends with it in the right, so it stays on screen.
            let (nameX, nameAnchor) = x0 <= 45 ? (x0, "start") : (min(x1, 99), "end")
            out += "<text x=\"\(fmt(nameX))%\" y=\"\(fmt(y + 14))\" text-anchor=\"\(nameAnchor)\" fill=\"#1d2733\">\(escapeXML(shorten(phase.name, 15)))</text>"
            out += "<rect x=\"\(fmt(x0))%\" y=\"\(fmt(y + 19))\" width=\"\(fmt(x1 - x0))%\" height=\"14\" rx=\"4\" fill=\"\(palette[i % palette.count])\">"
            out += "<title>\(escapeXML("\(phase.name)：\(phase.start.chinese)—\(phase.end.chinese)"))</title></rect>"
        }
        if let today, today >= start, today <= end {
            let tx = x(today)
            out += "<line x1=\"\(fmt(tx))%\" y1=\"\(fmt(axisHeight - 4))\" x2=\"\(fmt(tx))%\" y2=\"\(fmt(height - 18))\" stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>"
            out += "<text x=\"\(fmt(tx))%\" y=\"\(fmt(height - 4))\" text-anchor=\"\(tx > 85 ? "end" : tx < 10 ? "start" : "middle")\" fill=\"#c0392b\">今天</text>"
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
