import Core
import Domain
import Foundation
import Plot

func points(_ value: Decimal) -> String { NumberText.format(NSDecimalNumber(decimal: value).doubleValue) }

extension Node where Context: HTML.BodyContext {
    /// The input an item takes: pass/fail for a zero-point veto item, a count for a counted item, points otherwise.
    static func scoreInput(_ item: ScoreItem, name prefix: String, texts: [String: String], compact: Bool) -> Node {
        func typed(_ field: String) -> String { texts["\(prefix)\(field).\(item.id)"] ?? "" }
        let label = "\(item.id) \(item.title)"
        if item.isPassFail {
            let chosen = typed("passed")
            return .select(.attribute(named: "name", value: attr("\(prefix)passed.\(item.id)")), .attribute(named: "aria-label", value: attr(label)),
                .choice("", "未评", selected: chosen.isEmpty),
                .choice("yes", "达标", selected: chosen == "yes"), .choice("no", "不达标", selected: chosen == "no"))
        }
        if let per = item.perCount, per > 0 {
            // The count that earns the item's full points, for the batch form's 满分 button.
            let full = Int(NSDecimalNumber(decimal: item.points / per).doubleValue.rounded(.up))
            return .input(.type(.number), .name(attr("\(prefix)count.\(item.id)")), .value(attr(typed("count"))),
                          .attribute(named: "data-full", value: String(full)),
                          // For the running total: points per count, up to the item's points.
                          .attribute(named: "data-per", value: attr(points(per))), .attribute(named: "data-max", value: attr(points(item.points))),
                          .attribute(named: "min", value: "0"), .attribute(named: "step", value: "1"),
                          .attribute(named: "aria-label", value: attr(label + "（\(item.unitOfCount)数）")),
                          .placeholder(attr("\(item.unitOfCount)数")))
        }
        return .input(.type(.number), .name(attr("\(prefix)points.\(item.id)")), .value(attr(typed("points"))),
                      .attribute(named: "min", value: "0"), .attribute(named: "max", value: attr(points(item.points))),
                      .attribute(named: "step", value: "0.5"), .attribute(named: "aria-label", value: attr(label)),
                      .attribute(named: "data-full", value: attr(points(item.points))),
                      // A range, never the full points alone: a grey 8 in an empty box read as a score already given.
                      .placeholder(attr("0–\(points(item.points))")))
    }
}

// MARK: - Scoring one place

// MARK: - One assessment

// MARK: - Office review

// MARK: - Township batch

// MARK: - A sheet

