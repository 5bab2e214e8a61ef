import Domain
import Foundation
import Vapor

extension IndicatorController {
    /// Every field of the entry form by name (`value.HC38`), and the files chosen (`evidence.HC38`).
    struct EntryFields: Decodable {
        var texts: [String: String] = [:]
        var files: [String: File] = [:]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            for key in container.allKeys {
                // A file part has a file name (empty when none was chosen); a text field has none.
                if let file = try? container.decode(File.self, forKey: key) { files[key.stringValue] = file }
                else if let text = try? container.decode(String.self, forKey: key) { texts[key.stringValue] = text }
            }
        }
    }
}

/// A submitted entry form: the unit, region, period and action, and for each indicator its figures, note and file.
struct IndicatorEntryForm {
    var fields: FormFields
    var files: [String: File]

    /// Every field read from one decoding of the body: asking `req.content` per field parses the whole multipart
    /// body again each time (five fields for each of some fifty indicators, with the files in it).
    static func read(_ req: Request) async throws -> Self {
        let decoded = try await req.decodeBody(IndicatorController.EntryFields.self)
        return .init(fields: FormFields(decoded.texts), files: decoded.files)
    }

    var unit: String? { fields.optional("unit") }
    var period: String { fields.text("period") }
    var region: String { fields.text("region") }
    /// The section whose form was sent (its category); nil from a client that sends every indicator at once.
    var section: String? { fields.optional("section") }

    /// The indicators this form saves: its section's, or all of them without one. An unknown section saves nothing.
    func indicators(_ model: IndicatorEntryView.Model) -> [Indicator] {
        guard let section else { return model.indicators }
        return model.sections.first { $0.key == section }?.indicators ?? []
    }

    /// The state the figures are saved in: `submit` files them for review, `approve` (the office) locks them.
    var state: ReviewState {
        switch fields.text("action") {
        case "submit": .submitted
        case "approve": .approved
        default: .draft
        }
    }

    /// The form's region and period are read as sent: one that is not the programme's is refused, never replaced
    /// by the county or the last full year (which filed figures where nobody meant them).
    func placeProblems(_ model: IndicatorEntryView.Model) -> [String] {
        var refused: [String] = []
        if !model.regions.contains(where: { $0.id.uuidString.lowercased() == region.lowercased() }) {
            refused.append(region.isEmpty ? "地区：请选择本方案的县（区）或乡镇（街道）"
                           : "地区：「\(region.prefix(60))」不是本方案的县（区）或乡镇（街道）")
        }
        let years = model.programme.indicators.dataYears
        if Period(parsing: period).map({ years.contains($0.year) }) != true {
            refused.append("期间：「\(period.prefix(20))」不是本方案数据年份（\(years.lowerBound)–\(years.upperBound)年）内的期间（如 2023、2023Q1、2023-03）")
        }
        return refused
    }

    /// Each filled-in indicator of the form's section checked, its evidence file stored: the figures to record, or
    /// why each is refused, and the files kept for the form shown again.
    func prepare(_ req: Request, _ model: IndicatorEntryView.Model, unit: String?) async throws
        -> (prepared: [PreparedObservation], errors: [String: String], kept: [String: KeptUpload]) {
        let context = try await req.indicatorWorkflow.context(for: model.programme)
        let unlocked = indicators(model).filter { model.stored[$0.code]?.state != .approved }
        let slots = Dictionary(uniqueKeysWithValues: unlocked.map { ($0.code, (file: "evidence.\($0.code)", token: "kept.\($0.code)")) })
        let (kept, fileProblems) = try await KeptUpload.collect(slots, files: files, texts: fields.values, req: req)
        var prepared: [PreparedObservation] = []
        var errors = fileProblems
        for indicator in indicators(model) where errors[indicator.code] == nil {
            do {
                if let figure = try prepare(indicator, model, context: context, unit: unit, evidence: kept[indicator.code]?.ref) {
                    prepared.append(figure)
                }
            } catch let refused as Refused {
                errors[indicator.code] = refused.message
            }
        }
        return (prepared, errors, kept)
    }

    /// Why one indicator's row is not saved.
    private struct Refused: Error { var message: String }

    private func prepare(_ indicator: Indicator, _ model: IndicatorEntryView.Model, context: ObservationContext, unit: String?,
                         evidence: EvidenceRef?) throws -> PreparedObservation? {
        let code = indicator.code
        let texts = (value: fields.text("value.\(code)"), numerator: fields.text("numerator.\(code)"),
                     denominator: fields.text("denominator.\(code)"))
        let note = fields.text("note.\(code)")
        if texts.value.isEmpty && texts.numerator.isEmpty && texts.denominator.isEmpty {
            if !note.isEmpty || evidence != nil { throw Refused(message: "填写了说明或附件，但没有填写数值") }
            return nil
        }
        let stored = model.stored[code]
        if stored?.state == .approved { throw Refused(message: "已审核锁定，不能修改") }
        // The figure changed since the form showed it (revision 0: there was none): refuse, naming who and when.
        if let opened = fields.int("revision.\(code)"), opened != (stored?.revision ?? 0) {
            throw Refused(message: EditConflict(updatedBy: stored?.updatedBy, updatedAt: stored?.updatedAt).description)
        }
        var input = ObservationInput(value: nil)
        var unreadable: [String] = []
        for (text, path, label) in [(texts.value, \ObservationInput.value, "数值"), (texts.numerator, \.numerator, "分子"),
                                    (texts.denominator, \.denominator, "分母")] where !text.isEmpty {
            if let number = TableFile.number(text) { input[keyPath: path] = number } else { unreadable.append("\(label)「\(text)」不是数字") }
        }
        if !unreadable.isEmpty { throw Refused(message: unreadable.joined(separator: "；")) }
        let previous = model.period.kind == .year
            ? context.annualValues[ObservationKey(indicator: code, regionID: model.region.id, period: .year(model.period.year - 1))]
            : nil
        let outcome = ValidationRules.check(input, indicator: indicator, previousYear: previous, settings: context.settings)
        if !outcome.errors.isEmpty { throw Refused(message: outcome.errors.map(\.message).joined(separator: "；")) }
        return PreparedObservation(key: ObservationKey(indicator: code, regionID: model.region.id, period: model.period), line: nil,
                                   value: outcome.value!, numerator: input.numerator, denominator: input.denominator,
                                   note: note.nilIfEmpty, sourceUnit: unit ?? model.programme.indicators.sourceUnits[code],
                                   warnings: outcome.warnings.map(\.message), evidence: evidence)
    }
}
