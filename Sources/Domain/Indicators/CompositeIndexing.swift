import Foundation

/// Builds the composite index's input for a programme: its townships are the comparison group, the
/// indicators with a first-level dimension (the 2018 system and the cell coverage ones) that have at
/// least one figure in the group, expert weights and substitution rules from the programme's settings.
public enum CompositeIndexing {
    public static func input(programme: IndicatorWorkflow.Programme, values: [String: [UUID: [Int: Double]]],
                             references: [ReferenceValue], year: Int) -> CompositeIndexInput {
        let group = programme.townships
        let settings = programme.indicators.settings
        let candidates = programme.indicators.indicators.filter { indicator in
            indicator.firstLevel != nil && indicator.kind != .yesNo
                && group.contains { values[indicator.code]?[$0.id]?[year] != nil }
        }
        var current: [String: [String: Double]] = [:]
        var previous: [String: [String: Double]] = [:]
        for region in group {
            for indicator in candidates {
                current[region.name, default: [:]][indicator.code] = values[indicator.code]?[region.id]?[year]
                previous[region.name, default: [:]][indicator.code] = values[indicator.code]?[region.id]?[year - 1]
            }
        }
        // The provincial figure where the programme has one, else the national one.
        var substitutes: [String: Double] = [:]
        for kind in [TargetExpression.ReferenceKind.national, .province] {
            for reference in references where reference.kind == kind && reference.year == year {
                substitutes[reference.indicator] = reference.value
            }
        }
        return CompositeIndexInput(
            year: year, regions: group.map(\.name),
            indicators: candidates.map {
                .init(code: $0.code, name: $0.name, dimension: $0.firstLevel!, higherIsBetter: $0.direction == .higher,
                      expertWeight: settings.expertWeights[$0.code] ?? 1)
            },
            values: current, previousYear: previous, references: substitutes, substitution: settings.substitution)
    }
}
