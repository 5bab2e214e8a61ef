import Domain
import Foundation

extension IndicatorEntryView {
    struct Model {
        var programme: IndicatorWorkflow.Programme
        var unit: String?
        var units: [String]
        var period: Period
        var region: Region
        var regions: [Region]
        var indicators: [Indicator]
        /// The unit's indicators the register counts: named, not asked for.
        var fromRegister: [Indicator] = []
        var stored: [String: Observation]
        var isOffice: Bool
        var errors: [String: String] = [:]
        var typed: [String: String] = [:]
        var problem: String?
        var notice: String?
        /// The section just saved or refused: its notice is repeated there and the page opens on it.
        var section: String?
        /// Files chosen before a refused save, by indicator code: kept and named so they are not chosen again.
        var keptFiles: [String: KeptUpload] = [:]
    }

    /// A group of indicators saved by its own form: a 一级 category (健康环境 …), split by its 二级 categories when
    /// it is long, so a phone shows a short form with its buttons close by.
    struct Section {
        var key: String
        var title: String
        var indicators: [Indicator]
        var anchor: String
    }
}

extension IndicatorEntryView.Model {
    /// The longest section kept whole; a longer category is split by its 二级 categories.
    static let sectionLimit = 12

    var sections: [IndicatorEntryView.Section] {
        var order: [String] = []
        var groups: [String: [Indicator]] = [:]
        let byFirst = Dictionary(grouping: indicators) { $0.firstLevel?.nilIfEmpty ?? "其他指标" }
        for indicator in indicators {
            let first = indicator.firstLevel?.nilIfEmpty ?? "其他指标"
            var key = first
            if byFirst[first, default: []].count > Self.sectionLimit, let second = indicator.secondLevel?.nilIfEmpty { key += " · " + second }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(indicator)
        }
        return order.enumerated().map { index, key in
            .init(key: key, title: key, indicators: groups[key] ?? [], anchor: "section-\(index + 1)")
        }
    }
}
