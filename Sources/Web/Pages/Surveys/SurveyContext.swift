import Core
import Domain
import Foundation
import Persistence
import Vapor

extension Application {
    private struct QuestionnairesKey: StorageKey { typealias Value = QuestionnaireLibrary }

    /// The questionnaires (questionnaires/*.yaml), loaded once at start.
    public var questionnaires: QuestionnaireLibrary? {
        get { storage[QuestionnairesKey.self] }
        set { storage[QuestionnairesKey.self] = newValue }
    }
}

extension Request {
    var surveyStore: any SurveyStore { appCore.surveys }

    var surveyActor: SurveyActor {
        SurveyActor(name: principal?.name ?? "system", id: principal?.userID)
    }
}

/// A survey as its pages need it: the survey, its questionnaire, the programme's townships.
struct SurveyContext {
    var programme: CellWorkflow.Programme
    var scope: ProgrammeScope
    var survey: Survey
    var questionnaire: Questionnaire?
    /// The survey's townships (those with a quota), in the programme's order.
    var townships: [Region]

    func townshipName(_ id: UUID) -> String { programme.region(id)?.name ?? "（已删除的乡镇）" }

    var intake: SurveyIntake? {
        questionnaire.map { SurveyIntake(survey: survey, questionnaire: $0, townships: townships) }
    }

    /// The townships a principal may enter interviews for.
    func collectable(by principal: Principal) -> [Region] {
        townships.filter { AccessPolicy.allows(principal, .collectSurveyResponses(scope, regionPath: programme.accessPath(to: $0.id, scope: scope))) }
    }
}

/// 居民调查: surveys of a programme (questionnaire, quotas by township, weighting), the interviewer's form
/// (which keeps unsent interviews on the device), response imports, progress, weighted results with
/// confidence intervals, exports and publishing results as indicator figures.
