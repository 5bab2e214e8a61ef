import Foundation

/// Gathers what the acceptance dossier files: the links the office made by hand (to score-sheet items and tasks)
/// and every piece of evidence already attached elsewhere — monthly reports, rectified problems, activities, task
/// progress notes and indicator figures — so nothing is uploaded twice to be filed once.
public struct RunningWorkflow: Sendable {
    public var running: any RunningStore
    public var indicators: any IndicatorStore
    /// The healthy-cell register, for the evidence of confirmed assessments; with the programme's regions.
    public var cells: (store: any CellStore, regionIDs: [UUID])?

    public init(running: any RunningStore, indicators: any IndicatorStore, cells: (store: any CellStore, regionIDs: [UUID])? = nil) {
        self.running = running; self.indicators = indicators; self.cells = cells
    }

    public func evidenceLinks(planID: String) async throws -> [EvidenceLink] {
        var links = try await running.records(ProgrammeEvidenceLink.self, planID: planID).map(\.value.link)
        for report in try await running.records(MonthlyReport.self, planID: planID).map(\.value) where report.state != .draft {
            links += report.attachments.map {
                EvidenceLink(evidence: $0, target: .monthlyReport(unit: report.unit, month: report.month), uploadedBy: report.updatedBy,
                             uploadedAt: report.submittedAt ?? report.updatedAt)
            }
        }
        for problem in try await running.records(InspectionProblem.self, planID: planID).map(\.value) {
            links += problem.evidence.map {
                EvidenceLink(evidence: $0, target: .supervisionProblem(id: problem.id, title: problem.text), uploadedBy: problem.unit,
                             uploadedAt: Date(timeIntervalSince1970: 0))
            }
        }
        for activity in try await running.records(Activity.self, planID: planID).map(\.value) {
            links += activity.evidence.map {
                EvidenceLink(evidence: $0, target: .activity(id: activity.id, title: activity.title), uploadedBy: activity.organisers.first ?? "",
                             uploadedAt: Date(timeIntervalSince1970: 0))
            }
        }
        for assignment in try await running.records(TaskAssignment.self, planID: planID).map(\.value) {
            for note in assignment.notes {
                links += note.evidence.map {
                    EvidenceLink(evidence: $0, target: .planTask(index: assignment.taskIndex, number: assignment.taskNumber),
                                 note: note.text, uploadedBy: note.author, uploadedAt: Date(timeIntervalSince1970: 0))
                }
            }
        }
        for observation in try await indicators.observations(planID: planID, indicator: nil, regionIDs: nil) {
            if let evidence = observation.evidence {
                links.append(EvidenceLink(evidence: evidence, target: .indicator(code: observation.indicator, year: observation.period.year),
                                          note: observation.note, uploadedBy: observation.updatedBy, uploadedAt: observation.updatedAt))
            }
        }
        if let cells {
            var names: [UUID: String] = [:]
            for assessment in try await cells.store.assessments(regionIDs: cells.regionIDs, state: .confirmed, limit: 100_000) {
                let refs = assessment.evidence.values.flatMap { $0 }
                guard !refs.isEmpty else { continue }
                if names[assessment.placeID] == nil { names[assessment.placeID] = try await cells.store.place(id: assessment.placeID)?.name ?? "" }
                links += refs.map {
                    EvidenceLink(evidence: $0, target: .place(id: assessment.placeID, name: names[assessment.placeID] ?? ""),
                                 uploadedBy: assessment.assessor, uploadedAt: assessment.createdAt)
                }
            }
        }
        return links
    }

    /// The dossier's layout for the programme: every item of the comprehensive score sheet and every task, with
    /// their evidence or the gap.
    public func dossier(plan: Plan, sheet: ScoreSheet, at date: Date = Clock.system.now()) async throws -> DossierPlan {
        let activities = try await running.records(Activity.self, planID: plan.id).map(\.value)
        let problems = try await running.records(InspectionProblem.self, planID: plan.id).map(\.value)
        // Meetings' minutes and courses' materials go under the sheet's items for them (or, lacking those, their own folders).
        let meetings = try await running.records(Meeting.self, planID: plan.id).map(\.value)
        let trainings = try await running.records(Training.self, planID: plan.id).map(\.value)
        let subjects = DossierSubjects(activities: Dictionary(activities.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
                                           .merging(MeetingDossier.subjects(meetings: meetings, trainings: trainings)) { a, _ in a },
                                       supervisionProblems: Dictionary(problems.map { ($0.id, $0.text) }, uniquingKeysWith: { a, _ in a }))
        let links = try await evidenceLinks(planID: plan.id) + MeetingDossier.links(meetings: meetings, trainings: trainings, sheet: sheet)
        return DossierBuilder(sheet: sheet, plan: plan, subjects: subjects).build(links: links, generatedAt: date)
    }

    /// Writes the dossier zip to `url`, fetching each file from the evidence store as it is written.
    public func exportDossier(_ dossier: DossierPlan, to url: URL) async throws {
        let store = indicators
        try await DossierWriter.write(plan: dossier, to: url) { sha in
            guard let file = try await store.evidence(sha256: sha) else { throw MissingEvidence() }
            return file.data
        }
    }
}

/// The evidence store has no file with that hash (the writer names the file and where it belonged).
struct MissingEvidence: Error, CustomStringConvertible {
    var description: String { "证据库中没有这个文件" }
}
