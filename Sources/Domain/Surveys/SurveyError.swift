import Foundation

/// Why a survey design, an estimate, a weighting step or a selection cannot be made.
/// Record numbers are 1-based positions in the arrays given (the reader maps them back to file lines).
public enum SurveyError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyDesign
    case lengthMismatch(what: String, expected: Int, found: Int)
    case invalidWeight(record: Int, value: Double)
    case zeroTotalWeight
    case psuInTwoStrata(psu: String, strata: [String])
    case singletonStrata([String])
    case missingPopulationPSUs(stratum: String)
    case invalidPopulationPSUs(stratum: String, sampled: Int, population: Double)
    case notBinary(record: Int, value: Double)
    case notFinite(record: Int)
    case emptyDomain(String)
    case noDegreesOfFreedom
    case invalidConfidence(Double)
    case invalidProbability(record: Int, stage: Int, value: Double)
    case emptyCell(margin: String?, cell: String)
    case missingTotal(margin: String?, cell: String)
    case invalidTotal(margin: String?, cell: String, value: Double)
    case inconsistentMargins([String: Double])
    case notConverged(iterations: Int, deviation: Double)
    case noRespondents(cell: String)
    case invalidSelection(String)

    public var description: String {
        func place(_ margin: String?, _ cell: String) -> String {
            margin.map { "边际「\($0)」的类别「\(cell)」" } ?? "调整格「\(cell)」"
        }
        switch self {
        case .emptyDesign: return "没有任何调查记录"
        case let .lengthMismatch(what, expected, found): return "\(what)有 \(found) 项，应与记录数 \(expected) 相同"
        case let .invalidWeight(record, value): return "第 \(record) 条记录的权重无效：\(value)（须为不小于 0 的有限数）"
        case .zeroTotalWeight: return "权重之和为 0，无法估计"
        case let .psuInTwoStrata(psu, strata):
            return "初级抽样单位（PSU）「\(psu)」出现在多个分层中：\(strata.joined(separator: "、"))"
        case let .singletonStrata(strata):
            return "分层\(strata.map { "「\($0)」" }.joined(separator: "、"))只有一个初级抽样单位（PSU），无法估计方差；"
                + "请合并分层，或选择单 PSU 分层的处理方法（skip、certainty、centered 或 combine）"
        case let .missingPopulationPSUs(stratum): return "分层「\(stratum)」缺少总体 PSU 数（有限总体校正）"
        case let .invalidPopulationPSUs(stratum, sampled, population):
            return "分层「\(stratum)」的总体 PSU 数 \(population) 小于样本 PSU 数 \(sampled)"
        case let .notBinary(record, value): return "第 \(record) 条记录的比例变量取值为 \(value)，只能是 0 或 1"
        case let .notFinite(record): return "第 \(record) 条记录的变量值不是有限数"
        case let .emptyDomain(name): return "分组「\(name)」的权重之和为 0，无法估计"
        case .noDegreesOfFreedom: return "自由度为 0（PSU 数不多于分层数），无法计算置信区间"
        case let .invalidConfidence(level): return "置信水平 \(level) 无效，须在 0 与 1 之间"
        case let .invalidProbability(record, stage, value):
            return "第 \(record) 条记录第 \(stage) 阶段的入样概率为 \(value)，须大于 0 且不大于 1"
        case let .emptyCell(margin, cell): return "\(place(margin, cell))在样本中没有记录（或权重之和为 0），无法调整到总体数"
        case let .missingTotal(margin, cell): return "\(place(margin, cell))缺少总体数"
        case let .invalidTotal(margin, cell, value): return "\(place(margin, cell))的总体数 \(value) 无效，须大于 0"
        case let .inconsistentMargins(sums):
            let list = sums.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: "，")
            return "各边际的总体数之和不一致（\(list)），迭代调整无法收敛"
        case let .notConverged(iterations, deviation):
            return "迭代调整（raking）\(iterations) 次后仍未收敛：与总体数的最大相对偏差为 \(deviation)"
        case let .noRespondents(cell): return "调整格「\(cell)」中没有应答者，无法做无应答调整；请合并调整格"
        case let .invalidSelection(message): return message
        }
    }
}
