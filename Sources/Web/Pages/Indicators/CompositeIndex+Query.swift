import Domain
import Foundation
import Vapor

extension CompositeIndexView.Model {
    /// The index for the year asked for (`?year=`), else the last full year.
    static func query(_ req: Request, programme: IndicatorWorkflow.Programme) async throws -> Self {
        let years = programme.indicators.dataYears
        let year = (try? req.query.get(Int.self, at: "year")).flatMap { years.contains($0) ? $0 : nil }
            ?? years.lastFullYear(asOf: req.indicatorWorkflow.currentYear)
        return .init(programme: programme, year: year, result: try await result(req, programme, year: year))
    }

    /// The programme's townships compared with each other (the comparison group), for one year.
    static func result(_ req: Request, _ programme: IndicatorWorkflow.Programme, year: Int) async throws
        -> Result<CompositeIndexResult, CompositeIndexError> {
        let values = try await req.indicatorStore.annualValues(planID: programme.plan.id)
        let references = try await req.indicatorStore.references(planID: programme.plan.id)
        let input = CompositeIndexing.input(programme: programme, values: values, references: references, year: year)
        return Result { () throws(CompositeIndexError) in try CompositeIndex.compute(input) }
    }
}
