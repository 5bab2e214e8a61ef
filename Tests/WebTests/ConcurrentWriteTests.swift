import Domain
import Foundation
import NIOCore
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// Month-end as an office lives it: many people saving at the same moment. Sixteen writers at once — monthly
/// reports with a photo, contact cards, indicator figures through the API, task progress with evidence, scores
/// of healthy-cell places with a photo — on
/// SQLite in a file (as the server runs it, WAL) and on PostgreSQL: no request fails, and every write that was
/// acknowledged is there afterwards.
@Suite struct ConcurrentWriteTests {
    static let plan = "pianguan-2023"
    static let writers = 16
    static let writesEach = 4

    enum Write: Sendable {
        case report(unit: String, month: String)
        case contact(unit: String, liaison: String)
        case figure(region: String, indicator: String, period: String, value: Double)
        case task(index: Int, unit: String)
        case score(place: UUID)
    }

    /// Every write of the burst, each to a record of its own, so each can be checked afterwards.
    static func burst(plan: Plan, places: [UUID]) -> [[Write]] {
        let units = MonthlyReportRules.reportingUnits(of: plan)
        let tasks = TaskAssignment.initial(for: plan, on: LocalDate(iso: "2023-06-01")!)
        let regions = ["偏关县", "140932100", "140932101", "140932100201"]
        let figures = [("HC38", "2023"), ("HC40", "2023"), ("HC38", "2022"), ("HC40", "2022")]
        return (0..<writers).map { writer in
            let group = writer / 5
            return (0..<writesEach).map { k in
                let slot = group * writesEach + k
                switch writer % 5 {
                case 0: return .report(unit: units[slot % units.count], month: String(format: "2023-%02d", 6 + k))
                case 1: return .contact(unit: units[(slot + 5) % units.count], liaison: "联络员\(writer)-\(k)")
                case 2: return .figure(region: regions[group], indicator: figures[k].0, period: figures[k].1,
                                       value: Double(20 + slot))
                case 3: return .task(index: tasks[slot * 3 % tasks.count].taskIndex, unit: tasks[slot * 3 % tasks.count].unit)
                default: return .score(place: places[slot % places.count])
                }
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func sixteenWritersLoseNothing(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan], onDisk: true) { site in
            let plan = try Fixtures.plan(Self.plan)
            let office = try await site.browser("office"), assessor = try await site.browser("assessor")
            let token = try await site.issueToken(submitsData: true)
            // The register first, on today's clock (its naming dates are later than the month the burst is set in).
            _ = try await CellWebTests.upload(CellWebTests.registerCSV, site: site, as: office)
            let instant = ISO8601DateFormatter().date(from: "2024-01-10T10:00:00+08:00")!
            site.app.clock = { instant }
            let cells = FluentCellStore(database: site.app.db)
            // Places not yet declared (未申报) are not scored.
            let schools = try await cells.places(CellQuery(cell: "school")).places.filter { $0.eligible && $0.status != .none }
            let sheet = try #require(site.app.scoreSheets?.sheet(forCell: "school"))
            let burst = Self.burst(plan: plan, places: schools.map(\.id))
            let base = "/plans/\(Self.plan)"
            let photo = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 9, count: 4096))

            let statuses = try await withThrowingTaskGroup(of: [String].self) { group in
                for writes in burst {
                    group.addTask {
                        var failures: [String] = []
                        for write in writes {
                            let response: TestingHTTPResponse
                            switch write {
                            case .report(let unit, let month):
                                response = try await site.postMultipart("\(base)/reports/\(unit)/\(month)", fields: [
                                    ("workDone", "\(unit)\(month)月工作"), ("action", "submit"),
                                ], files: [("attachments", "照片.png", photo)], as: office)
                            case .contact(let unit, let liaison):
                                response = try await site.post("\(base)/units/\(unit)/contact",
                                                               ["liaison": liaison, "phone": "0350-1234567", "note": ""], as: office)
                            case .figure(let region, let indicator, let period, let value):
                                let body = #"{"observations": [{"region": "\#(region)", "indicator": "\#(indicator)", "#
                                    + #""period": "\#(period)", "value": \#(value)}]}"#
                                response = try await site.api(.POST, SiteURL.apiObservations(Self.plan).path, token: token, body: body)
                            case .score(let place):
                                response = try await site.postMultipart(SiteURL.cellAssess(plan: Self.plan, id: place).path,
                                                                        fields: CellWebTests.fullMarks(sheet) + [("assessedOn", "2024-01-09")],
                                                                        files: [("evidence.\(sheet.allItems[0].id)", "现场.png", photo)],
                                                                        as: assessor)
                            case .task(let index, let unit):
                                response = try await site.postMultipart("\(base)/tasks/\(index)/\(unit)", fields: [
                                    ("progress", "inProgress"), ("note", "同时保存\(index)"), ("date", "2024-01-09"),
                                ], files: [("evidence", "进展.png", photo)], as: office)
                            }
                            let location = response.headers.first(name: .location)?.removingPercentEncoding ?? ""
                            if ![.seeOther, .created, .ok].contains(response.status) || location.contains("未保存") {
                                failures.append("\(write): \(response.status.code) \(location) \(response.body.string.prefix(200))")
                            }
                        }
                        return failures
                    }
                }
                var all: [String] = []
                for try await failures in group { all += failures }
                return all
            }
            #expect(statuses.isEmpty, "\(statuses.count) failed: \(statuses.prefix(5))")

            // Every acknowledged write is there.
            let running = FluentRunningStore(database: site.app.db)
            let reports = try await running.records(MonthlyReport.self, planID: Self.plan).map(\.value)
            let contacts = try await FluentUnitContactStore(database: site.app.db).contacts(planID: Self.plan)
            let figures = try await site.observations()
            let tasks = try await running.records(TaskAssignment.self, planID: Self.plan).map(\.value)
            var assessments = 0
            for school in schools { assessments += try await cells.assessments(placeID: school.id).count }
            #expect(assessments == burst.joined().filter { if case .score = $0 { true } else { false } }.count)
            for write in burst.joined() {
                switch write {
                case .report(let unit, let month):
                    #expect(reports.contains { $0.unit == unit && $0.month == YearMonth(parsing: month) && !$0.attachments.isEmpty },
                            "report \(unit) \(month)")
                case .contact(let unit, let liaison):
                    #expect(contacts.contains { $0.unit == unit && $0.liaison == liaison }, "contact \(unit)")
                case .figure(_, let indicator, let period, let value):
                    #expect(figures.contains { $0.indicator == indicator && $0.period.description == period && $0.value == value },
                            "figure \(indicator) \(period) \(value)")
                case .score: break
                case .task(let index, let unit):
                    #expect(tasks.contains { $0.taskIndex == index && $0.unit == unit && $0.notes.contains { $0.text == "同时保存\(index)" } },
                            "task \(index) \(unit)")
                }
            }
        }
    }

    /// Two tabs open on the same contact card and the same report draft: the first save wins, the second is refused
    /// with who saved and when, and what the second person typed is still on the page.
    @Test(arguments: TestEngine.available)
    func aStaleSaveIsRefusedSayingWhoAndKeepingWhatWasTyped(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let office = try await site.browser("office"), liaison = try await site.browser("liaison")
            let card = "/plans/\(Self.plan)/units/县卫体局/contact"
            // Both open the card before anyone saved it (revision 0).
            let first = try await site.post(card, ["liaison": "王五", "phone": "0350-1111111", "note": "", "revision": "0"], as: liaison)
            #expect(first.status == .ok && first.body.string.contains("已保存"))
            let second = try await site.post(card, ["liaison": "赵六", "phone": "0350-2222222", "note": "我填的备注", "revision": "0"], as: office)
            #expect(second.status == .conflict)
            let page = second.body.string
            #expect(page.contains("测试单位联络员") && page.contains("已修改了这条记录"), "names who saved")
            #expect(page.contains("赵六") && page.contains("我填的备注"), "keeps what was typed")
            var stored = try await FluentUnitContactStore(database: site.app.db).contact(planID: Self.plan, unit: "县卫体局")
            #expect(stored?.liaison == "王五" && stored?.revision == 1)
            // Saved again from the refused page (now at revision 1), it goes through.
            let again = try await site.post(card, ["liaison": "赵六", "phone": "0350-2222222", "note": "", "revision": "1"], as: office)
            #expect(again.status == .ok)
            stored = try await FluentUnitContactStore(database: site.app.db).contact(planID: Self.plan, unit: "县卫体局")
            #expect(stored?.liaison == "赵六" && stored?.revision == 2)

            // A monthly report draft: saved by the liaison from a page opened at revision 0, then by the office from
            // its own page also opened at 0.
            let instant = ISO8601DateFormatter().date(from: "2023-06-20T10:00:00+08:00")!
            site.app.clock = { instant }
            let report = "/plans/\(Self.plan)/reports/县卫体局/2023-06"
            let draft = try await site.postMultipart(report, fields: [("workDone", "联络员写的"), ("action", "save"), ("revision", "0")],
                                                     as: liaison)
            #expect(draft.status == .seeOther)
            let stale = try await site.postMultipart(report, fields: [("workDone", "创建办写的"), ("action", "save"), ("revision", "0")],
                                                     as: office)
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("测试单位联络员") && stale.body.string.contains("创建办写的"))
            let saved = try await FluentRunningStore(database: site.app.db).records(MonthlyReport.self, planID: Self.plan)
            #expect(saved.map(\.value.workDone) == ["联络员写的"])
        }
    }

    /// The same for a place in the healthy-cell register: two officers edit it from pages opened at one version.
    @Test func aStalePlaceEditIsRefusedAndKeepsWhatWasTyped() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let township = try await site.browser("township"), office = try await site.browser("office")
            let base = "/plans/\(Self.plan)/cells"
            let added = try await site.post("\(base)/new", ["type": "school", "name": "新关小学", "region": "新关镇", "subkind": "primary"],
                                            as: township)
            let location = try #require(added.headers.first(name: .location), "\(added.status) \(added.body.string.prefix(300))")
            let page = try await site.page(location, as: office)
            let version = try #require(page.range(of: #"name="version" value="([^"]+)""#, options: .regularExpression)
                .map { String(page[$0]).components(separatedBy: "value=\"").last!.dropLast() }).description
            let first = try await site.post("\(location)/edit", ["name": "新关镇中心小学", "subkind": "primary", "eligible": "true",
                                                                 "version": version], as: township)
            #expect(first.status == .ok && first.body.string.contains("已保存"))
            let second = try await site.post("\(location)/edit", ["name": "新关第一小学", "subkind": "primary", "eligible": "true",
                                                                  "version": version], as: office)
            #expect(second.status == .conflict)
            #expect(second.body.string.contains("已修改了这条记录") && second.body.string.contains("新关第一小学"))
            let id = try #require(UUID(uuidString: String(location.split(separator: "/").last!)))
            #expect(try await FluentCellStore(database: site.app.db).place(id: id)?.name == "新关镇中心小学")
        }
    }

    /// The fingerprint a form carries, read from its page.
    static func fingerprint(in page: String) throws -> String {
        let range = try #require(page.range(of: #"name="fingerprint" value="[^"]+""#, options: .regularExpression))
        return String(String(page[range]).components(separatedBy: "value=\"").last!.dropLast())
    }

    /// Settings forms without a revision of their own — an account, a survey's settings — carry a fingerprint of what
    /// they showed; a save after someone else's is refused naming them (from the audit log), keeping what was typed.
    @Test func staleAccountAndSurveySettingsAreRefused() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let office = try await site.browser("office"), admin = try await site.browser("admin")
            let liaison = try #require(site.accounts["liaison"])
            let path = SiteURL.user(liaison.id).path
            let seenByOffice = try Self.fingerprint(in: try await site.page(path, as: office))
            let seenByAdmin = try Self.fingerprint(in: try await site.page(path, as: admin))
            var form = ["displayName": "王联络", "role": "liaison", "plan": Self.plan, "unit": "县卫体局", "fingerprint": seenByAdmin]
            let first = try await site.post(path, form, as: admin)
            #expect(first.status == .seeOther, "\(first.body.string.prefix(300))")
            form["displayName"] = "李联络"; form["fingerprint"] = seenByOffice
            let second = try await site.post(path, form, as: office)
            #expect(second.status == .conflict)
            #expect(second.body.string.contains("测试系统管理员") && second.body.string.contains("李联络"))
            #expect(try await FluentAccountStore(database: site.app.db).user(id: liaison.id)?.displayName == "王联络")

            let survey = try await SurveyWebTests.createSurvey(site, as: office)
            let settings = "/plans/\(Self.plan)/surveys/\(survey.uuidString.lowercased())/settings"
            let page = try await site.page(settings, as: office)
            let seen = try Self.fingerprint(in: page)
            let xin = try #require(site.regions["新关镇"]).uuidString.lowercased(), tian = try #require(site.regions["天峰坪镇"]).uuidString.lowercased()
            let fields = ["name": "改过的名称", "year": "2025", "layout": "township-strata", "interval": "logit", "singleton": "centered",
                          "quotas[\(xin)]": "3", "population[\(xin)]": "6000", "quotas[\(tian)]": "2", "population[\(tian)]": "2000",
                          "fingerprint": seen]
            let saved = try await site.post(settings, fields, as: office)
            #expect(saved.status == .seeOther, "\(saved.body.string.prefix(600))")
            var again = fields
            again["name"] = "另一个标签页的名称"
            let stale = try await site.post(settings, again, as: office)
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("已修改了这条记录") && stale.body.string.contains("另一个标签页的名称"))
        }
    }

    /// Two people enter the same indicator figure from forms opened before either saved: the second is refused.
    @Test func aStaleFigureIsRefusedNamingWhoEnteredIt() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let office = try await site.browser("office"), liaison = try await site.browser("liaison")
            let entry = "/plans/\(Self.plan)/indicators/entry"
            let first = try await site.postMultipart(entry, fields: [("unit", ""), ("period", "2023"), ("region", site.placeID),
                                                                     ("value.HC38", "30"), ("revision.HC38", "0"), ("action", "save")],
                                                     as: liaison)
            #expect(first.status == .ok, "\(first.body.string.prefix(300))")
            let second = try await site.postMultipart(entry, fields: [("unit", ""), ("period", "2023"), ("region", site.placeID),
                                                                      ("value.HC38", "31"), ("revision.HC38", "0"), ("action", "save")],
                                                      as: office)
            #expect(second.status == .unprocessableEntity)
            #expect(second.body.string.contains("测试单位联络员") && second.body.string.contains("value=\"31\""))
            #expect(try await site.observation("HC38").value == 30)
        }
    }

    @Test func staleIndicatorSettingsAreRefusedAndAudited() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            let office = try await site.browser("office"), admin = try await site.browser("admin")
            let path = "/plans/\(Self.plan)/indicators/settings"
            let seen = try Self.fingerprint(in: try await site.page(path, as: office))
            #expect(try await site.post(path, ["baselineYear": "2022", "jumpThreshold": "50", "fingerprint": seen], as: admin).status == .ok)
            let stale = try await site.post(path, ["baselineYear": "2021", "jumpThreshold": "40", "fingerprint": seen], as: office)
            #expect(stale.status == .unprocessableEntity)
            #expect(stale.body.string.contains("测试系统管理员") && stale.body.string.contains("value=\"2021\""))
            let audit = try await FluentAuditStore(database: site.app.db).latest(entity: "indicator-settings", entityID: Self.plan)
            #expect(audit?.actor == "测试系统管理员")
        }
    }
}
