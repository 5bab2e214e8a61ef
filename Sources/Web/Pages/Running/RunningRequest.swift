import Crypto
import Core
import Domain
import Foundation
import Persistence
import Vapor

extension Request {

    /// The workflow with the programme's healthy-cell register, so confirmed assessments' evidence reaches the dossier.
    func dossierWorkflow(_ plan: Plan) async throws -> RunningWorkflow {
        // The programme's place and everything below it (county-level places are registered at the place itself).
        let regions = try await cellWorkflow.programme(plan.id).regions.map(\.id)
        return appCore.runningWorkflow(registerRegions: regions)
    }

    /// The programme named by `:id`, after checking the principal may see it.
    func visibleRunningProgramme() async throws -> (Plan, ProgrammeScope) {
        let plan = try await requirePlan()
        let scope = try await programmeScope(plan.id)
        try authorize(.viewProgramme(scope))
        return (plan, scope)
    }

    /// Files uploaded in the form fields named `name` (several allowed), each kept in the evidence store once.
    /// Files are checked by their content, not their names; every problem is returned, nothing kept on a problem.
    func storeUploads(_ files: [File]) async throws -> (refs: [EvidenceRef], problems: [String]) {
        var problems: [String] = []
        var accepted: [EvidenceUpload.Accepted] = []
        for file in files where file.data.readableBytes > 0 {
            do { accepted.append(try EvidenceUpload.accept(file)) } catch { problems.append(error.message) }
        }
        guard problems.isEmpty else { return ([], problems) }
        var refs: [EvidenceRef] = []
        for file in accepted {
            refs.append(try await indicatorStore.storeEvidence(file.data, sha256: file.sha256, fileName: file.name, contentType: file.kind))
        }
        return (refs, [])
    }

    /// The stored evidence file named by the `:sha` parameter as a download, if `refs` holds it.
    func evidenceDownload(_ refs: [EvidenceRef]) async throws -> Response {
        let sha = try requireParameter("sha")
        guard let ref = refs.first(where: { $0.sha256 == sha }) else { throw Abort(.notFound, reason: "没有这个附件") }
        return try await evidenceDownload(ref)
    }

    /// A stored evidence file as a download (an attachment, its type judged from its bytes).
    func evidenceDownload(_ ref: EvidenceRef) async throws -> Response {
        guard let file = try await indicatorStore.evidence(sha256: ref.sha256) else { throw Abort(.notFound, reason: "没有这个附件") }
        return EvidenceUpload.download(file.data, fileName: ref.fileName)
    }
}
