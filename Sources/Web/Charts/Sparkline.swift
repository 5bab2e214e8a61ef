import Core
import Domain
import Foundation

/// A small line of an indicator's yearly values, drawn as SVG by our own code. Missing years leave a gap.
struct Sparkline {
    var points: [(year: Int, value: Double?)]
    /// A horizontal line for the target level, when the target is a plain threshold.
    var level: Double?
    var width = 120.0
    var height = 32.0

    func svg() -> String {
        let values = points.compactMap(\.value) + (level.map { [$0] } ?? [])
        guard let low = values.min(), let high = values.max(), points.count > 1 else {
            return "<svg class=\"spark\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"无数据\"></svg>"
        }
        let span = high - low == 0 ? 1 : high - low
        let pad = 4.0
        func x(_ i: Int) -> Double { pad + Double(i) * (width - 2 * pad) / Double(points.count - 1) }
        func y(_ v: Double) -> Double { height - pad - (v - low) / span * (height - 2 * pad) }
        var segments: [[String]] = [[]]
        var dots = ""
        for (i, point) in points.enumerated() {
            guard let v = point.value else { if !(segments.last?.isEmpty ?? true) { segments.append([]) }; continue }
            segments[segments.count - 1].append(String(format: "%.1f,%.1f", x(i), y(v)))
            dots += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\"/>", x(i), y(v))
        }
        let lines = segments.filter { $0.count > 1 }
            .map { "<polyline fill=\"none\" stroke=\"#1f5f8b\" stroke-width=\"1.5\" points=\"\($0.joined(separator: " "))\"/>" }
            .joined()
        let target = level.map { String(format: "<line x1=\"0\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#a15c00\" stroke-dasharray=\"3 2\" stroke-width=\"1\"/>", width, y($0), y($0)) } ?? ""
        let label = points.map { "\($0.year)年 \($0.value.map { NumberText.format($0) } ?? "缺")" }.joined(separator: "，")
        return "<svg class=\"spark\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escapeXML(label))\"><title>\(escapeXML(label))</title>\(target)\(lines)<g fill=\"#1f5f8b\">\(dots)</g></svg>"
    }
}
