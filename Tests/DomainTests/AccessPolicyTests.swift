import Domain
import Foundation
import Testing
import TestSupport

@Suite struct AccessPolicyTests {
    let county = UUID(), province = UUID(), city = UUID(), township = UUID(), otherTownship = UUID(), village = UUID()
    var programme: ProgrammeScope { ProgrammeScope(planID: "p", regionPath: [province, city, county]) }

    func principal(_ role: Role, plan: String? = "p", unit: String? = nil, region: UUID? = nil) -> Principal {
        Principal(kind: .user(UUID()), name: "x", role: role, planID: plan, unit: unit, regionID: region)
    }

    @Test func readOnlyRolesAndTokensNeverWrite() {
        let write = Action.editUnitContact(programme, unit: "县卫体局")
        #expect(!AccessPolicy.allows(principal(.leader), write))
        #expect(!AccessPolicy.allows(principal(.province, plan: nil, region: province), write))
        let token = APIToken(id: UUID(), name: "t", prefix: "hc_", planID: nil, createdBy: "a", createdAt: Date()).principal
        #expect(token.role == .admin && token.isReadOnly)
        #expect(!AccessPolicy.allows(token, write))
        #expect(AccessPolicy.allows(token, .viewProgramme(programme)))
    }

    @Test func dataTokensSubmitButNeverReview() {
        let token = APIToken(id: UUID(), name: "t", prefix: "hc_", planID: "p", createdBy: "a", createdAt: Date(), submitsData: true)
            .principal
        #expect(AccessPolicy.allows(token, .manageIndicatorData(programme)))
        #expect(!AccessPolicy.allows(token, .reviewIndicatorData(programme)), "a data token never approves, returns or unlocks")
        #expect(AccessPolicy.allows(principal(.office), .reviewIndicatorData(programme)))
        #expect(!AccessPolicy.allows(principal(.office, plan: "q"), .reviewIndicatorData(programme)))
        #expect(!AccessPolicy.allows(principal(.liaison, unit: "县卫体局"), .reviewIndicatorData(programme)))
    }

    @Test func aTokenIsRefusedWhenItsOwnerNoLongerCouldIssueIt() {
        let owner = UserAccount(id: UUID(), username: "off", displayName: "创建办", role: .office, planID: "p")
        let token = APIToken(id: UUID(), name: "t", prefix: "hc_", planID: "p", createdBy: "创建办", createdByID: owner.id,
                             createdAt: Date(), submitsData: true)
        #expect(token.ownerProblem(owner) == nil)
        var disabled = owner
        disabled.disabled = true
        #expect(token.ownerProblem(disabled)?.contains("已停用") == true)
        var moved = owner
        moved.planID = "q"
        #expect(token.ownerProblem(moved)?.contains("已无权签发") == true)
        #expect(token.ownerProblem(nil) != nil)
        var unowned = token
        unowned.createdByID = nil
        #expect(unowned.ownerProblem(nil) == nil, "a token issued on the command line has no account to follow")
    }

    @Test func townshipReachesItsVillagesOnly() {
        let officer = principal(.township, region: township)
        #expect(AccessPolicy.allows(officer, .viewRegion(programme, regionPath: programme.regionPath + [township, village])))
        #expect(!AccessPolicy.allows(officer, .viewRegion(programme, regionPath: programme.regionPath + [otherTownship])))
        #expect(!AccessPolicy.allows(officer, .viewRegion(programme, regionPath: programme.regionPath)))
    }

    @Test func provinceViewerReadsProgrammesInsideItsRegion() {
        let viewer = principal(.province, plan: nil, region: city)
        #expect(AccessPolicy.allows(viewer, .viewProgramme(programme)))
        #expect(!AccessPolicy.allows(viewer, .viewProgramme(ProgrammeScope(planID: "q", regionPath: [UUID(), UUID()]))))
    }

    @Test func officesStaffOnlyTheirProgramme() {
        let office = principal(.office)
        #expect(AccessPolicy.allows(office, .assignRole(.liaison, planID: "p")))
        #expect(!AccessPolicy.allows(office, .assignRole(.liaison, planID: "q")))
        #expect(!AccessPolicy.allows(office, .assignRole(.admin, planID: "p")))
        #expect(!AccessPolicy.allows(office, .assignRole(.province, planID: "p")))
        #expect(!AccessPolicy.allows(office, .manageSettings))
        #expect(AccessPolicy.allows(principal(.admin, plan: nil), .manageSettings))
    }

    @Test func onlyAdministratorsAndOfficesImportPlans() {
        let office = principal(.office)
        let admin = principal(.admin, plan: nil)
        #expect(AccessPolicy.allows(office, .importPlans) && AccessPolicy.allows(admin, .importPlans))
        #expect(AccessPolicy.allows(office, .saveImportedPlan(planID: "p")))
        #expect(!AccessPolicy.allows(office, .saveImportedPlan(planID: "q")), "an office replaces only its own programme")
        #expect(AccessPolicy.allows(admin, .saveImportedPlan(planID: "q")))
        for role in [Role.liaison, .township, .assessor, .leader] {
            #expect(!AccessPolicy.allows(principal(role, unit: "县卫体局", region: township), .importPlans))
            #expect(!AccessPolicy.allows(principal(role, unit: "县卫体局", region: township), .saveImportedPlan(planID: "p")))
        }
        #expect(!AccessPolicy.allows(principal(.province, plan: nil, region: province), .importPlans))
        // A draft is its creator's: another office account of the same programme does not see it.
        guard case .user(let creator) = office.kind else { return }
        #expect(AccessPolicy.allows(office, .editPlanImport(createdBy: creator)))
        #expect(!AccessPolicy.allows(principal(.office), .editPlanImport(createdBy: creator)))
        #expect(AccessPolicy.allows(admin, .editPlanImport(createdBy: creator)))
        let token = APIToken(id: UUID(), name: "t", prefix: "hc_", planID: nil, createdBy: "a", createdAt: Date()).principal
        #expect(!AccessPolicy.allows(token, .importPlans), "tokens only read")
    }

    @Test func liaisonEditsOnlyItsOwnUnit() {
        let liaison = principal(.liaison, unit: "县卫体局")
        #expect(AccessPolicy.allows(liaison, .editUnitContact(programme, unit: "县卫体局")))
        #expect(!AccessPolicy.allows(liaison, .editUnitContact(programme, unit: "县财政局")))
        #expect(!AccessPolicy.allows(liaison, .viewRegion(programme, regionPath: programme.regionPath)))
    }
}

@Suite struct AccountRuleTests {
    @Test func passwords() {
        #expect(AccountRules.checkPassword("short1!") != nil)
        #expect(AccountRules.checkPassword("aaaaaaaaaaaa") != nil, "one kind of character")
        #expect(AccountRules.checkPassword("Liaison-2024x", username: "liaison") != nil)
        #expect(AccountRules.checkPassword(String(repeating: "健", count: 25) + "1") != nil, "over 72 bytes")
        #expect(AccountRules.checkPassword("Good-pass-2024") == nil)
    }

    @Test func usernames() {
        #expect(AccountRules.checkUsername("ab") != nil)
        #expect(AccountRules.checkUsername("Zhang San") != nil)
        #expect(AccountRules.checkUsername("张三") != nil)
        #expect(AccountRules.checkUsername("zhang.san-01") == nil)
    }

    @Test func throttleMakesAPairWaitLongerAfterEachFailureNeverLocking() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        func wait(_ failures: Int) -> TimeInterval? {
            LoginThrottle.waitUntil(pair: SignInFailures(count: failures, last: start), address: nil, now: start)?
                .timeIntervalSince(start)
        }
        #expect(wait(2) == nil)
        #expect(wait(3) == 2)
        #expect(wait(4) == 4)
        #expect(wait(5) == 8)
        #expect(wait(100) == 900, "at most 15 minutes")
        #expect(LoginThrottle.waitUntil(pair: SignInFailures(count: 100, last: start), address: nil,
                                        now: start.addingTimeInterval(900)) == nil, "after the wait the attempt is allowed")
    }

    @Test func throttleSlowsAnAddressGuessingManyNames() {
        let now = Date(timeIntervalSince1970: 0)
        #expect(LoginThrottle.waitUntil(pair: nil, address: SignInFailures(count: 19, last: now), now: now) == nil)
        #expect(LoginThrottle.waitUntil(pair: nil, address: SignInFailures(count: 20, last: now), now: now) == now.addingTimeInterval(2))
        #expect(LoginThrottle.waitUntil(pair: SignInFailures(count: 3, last: now), address: SignInFailures(count: 22, last: now),
                                        now: now) == now.addingTimeInterval(8), "the longer wait counts")
    }
}

@Suite struct CalendarTests {
    @Test func reportsFallDueOnTheThirtiethOrTheMonthsLastDay() {
        #expect(ReportingCalendar.dueDate(year: 2024, month: 2, dueDay: 30).iso == "2024-02-29")
        #expect(ReportingCalendar.dueDate(year: 2023, month: 2, dueDay: 30).iso == "2023-02-28")
        #expect(ReportingCalendar.dueDate(year: 2024, month: 4, dueDay: 30).iso == "2024-04-30")
        #expect(ReportingCalendar.dueDate(year: 2024, month: 5, dueDay: 31).iso == "2024-05-31")
        #expect(ReportingCalendar.nextDue(after: LocalDate(iso: "2024-01-30")!, dueDay: 30).iso == "2024-01-30")
        #expect(ReportingCalendar.nextDue(after: LocalDate(iso: "2024-01-31")!, dueDay: 30).iso == "2024-02-29")
        #expect(ReportingCalendar.nextDue(after: LocalDate(iso: "2024-12-31")!, dueDay: 30).iso == "2025-01-30")
    }

    @Test func progressThroughThePhases() throws {
        let plan = try Fixtures.plan("longnan-2024")
        let inside = ProgrammeProgress(plan: plan, today: LocalDate(iso: "2024-03-16")!)
        #expect(inside.phases[0].state == .current)
        #expect(inside.phases[0].daysLeft == 15)
        #expect(abs(inside.phases[0].elapsed - 16.0 / 31.0) < 1e-9)
        #expect(inside.phases[1].state == .upcoming && inside.phases[1].elapsed == 0)
        let before = ProgrammeProgress(plan: plan, today: LocalDate(iso: "2023-01-01")!)
        #expect(before.elapsed == 0)
        let after = ProgrammeProgress(plan: plan, today: LocalDate(iso: "2030-01-01")!)
        #expect(after.elapsed == 1 && after.phases.allSatisfy { $0.state == .finished })
    }

    @Test func plansWithoutMemberUnitsReportThroughTheirNamedUnits() throws {
        let pianguan = UnitDirectory(try Fixtures.plan("pianguan-2023"))
        #expect(pianguan.memberUnits.isEmpty)
        #expect(pianguan.reportingUnits.map(\.name).contains("县卫体局"))
        #expect(pianguan.reportingUnits.allSatisfy { $0.kind != .group })
        let longnan = UnitDirectory(try Fixtures.plan("longnan-2024"))
        #expect(longnan.reportingUnits == longnan.memberUnits)
    }
}
