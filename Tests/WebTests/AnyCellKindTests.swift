import Core
import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// Places of kinds outside the plan's cell targets: a kind a score sheet is written for (健康养老机构) is registered
/// and scored; a kind the office names (健康商场) is registered with it; the board counts both, with no target.
@Suite struct AnyCellKindTests {
    static let plan = "pianguan-2023"
    static let new = "/plans/\(plan)/cells/new"

    func place(_ site: TestSite, named name: String) async throws -> CellPlace {
        try #require(try await FluentCellStore(database: site.app.db).places(CellQuery(text: name)).places.first)
    }

    @Test(arguments: TestEngine.available)
    func aKindWithAScoreSheetIsRegisteredAndScored(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            let form = try await site.page(Self.new, as: office)
            #expect(form.contains("健康养老机构") && form.contains("其他类型"))
            let town = try #require(site.regions["新关镇"]).uuidString
            let added = try await site.post(Self.new, ["type": "elderly-care", "name": "新关镇敬老院", "region": town, "eligible": "true"], as: office)
            #expect(added.status == .seeOther, "\(added.body.string.prefix(300))")
            let home = try await place(site, named: "新关镇敬老院")
            #expect(home.cell == "elderly-care")

            _ = try await FluentCellStore(database: site.app.db).transition(home.id, to: .applied, on: nil, reason: nil, actor: "创建办")
            let sheet = try #require(site.app.scoreSheets?.sheet(forCell: "elderly-care"))
            #expect(sheet.cellTypeName == "健康养老机构")
            let assessor = try await site.browser("assessor")
            let assess = SiteURL.cellAssess(plan: Self.plan, id: home.id).path
            #expect(try await site.page(assess, as: assessor).contains(sheet.title))
            var fields = CellWebTests.fullMarks(sheet)
            fields.append(("assessedOn", "2023-06-01"))
            let saved = try await site.postMultipart(assess, fields: fields, as: assessor)
            #expect(saved.status == .seeOther, "\(saved.body.string.prefix(300))")
            let assessment = try #require(try await FluentCellStore(database: site.app.db).assessments(placeID: home.id).first)
            #expect(assessment.proposal == .pass)

            let board = try await site.page("/plans/\(Self.plan)/cells", as: office)
            #expect(board.contains("其他场所类型（方案未定目标，仅计数）") && board.contains("健康养老机构") && board.contains("有，可评分"))
        }
    }

    @Test(arguments: TestEngine.available)
    func theOfficeNamesAKindWhileRegisteringAPlaceOfIt(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: [Self.plan]) { site in
            let office = try await site.browser("office")
            let town = try #require(site.regions["新关镇"]).uuidString
            // A known name finds its slug; the kind and the place are kept together.
            let mall = try await site.post(Self.new, ["type": "new", "newKindLabel": "健康商场", "newKindSlug": "", "kindsRevision": "0",
                                                      "name": "新关购物中心", "region": town, "eligible": "true"], as: office)
            #expect(mall.status == .seeOther, "\(mall.body.string.prefix(300))")
            #expect(try await place(site, named: "新关购物中心").cell == "mall")
            let kinds = try await FluentRunningStore(database: site.app.db).record(OfficeCellKinds.self, planID: Self.plan, key: OfficeCellKinds.key)
            #expect(kinds?.value.kinds == [NamedCellKind(slug: "mall", label: "健康商场")] && kinds?.revision == 1)

            // An unknown name needs its slug; nothing is stored when it is missing or the kind exists.
            let bookshop = try await site.post(Self.new, ["type": "new", "newKindLabel": "健康书店", "newKindSlug": "", "kindsRevision": "1",
                                                          "name": "新华书店", "region": town, "eligible": "true"], as: office)
            #expect(bookshop.status == .unprocessableEntity && bookshop.body.string.contains("新类型标识"))
            let again = try await site.post(Self.new, ["type": "new", "newKindLabel": "健康商场", "newKindSlug": "mall2", "kindsRevision": "1",
                                                       "name": "第二商场", "region": town, "eligible": "true"], as: office)
            #expect(again.status == .unprocessableEntity && again.body.string.contains("已有类型「健康商场」"))
            // A stale form is refused, saying the kinds changed since.
            let stale = try await site.post(Self.new, ["type": "new", "newKindLabel": "健康书店", "newKindSlug": "bookshop", "kindsRevision": "0",
                                                       "name": "新华书店", "region": town, "eligible": "true"], as: office)
            #expect(stale.status == .conflict)
            #expect(try await FluentCellStore(database: site.app.db).places(CellQuery(text: "新华书店")).places.isEmpty)

            // Only the office names kinds; a township registers places of the kinds there are.
            let township = try await site.browser("township")
            #expect(try await site.post(Self.new, ["type": "new", "newKindLabel": "健康宾馆", "name": "新关宾馆", "region": town], as: township)
                .status == .forbidden)
            let form = try await site.page(Self.new, as: township)
            #expect(form.contains("健康商场") && !form.contains("其他类型（在下面填写名称）"))

            let board = try await site.page("/plans/\(Self.plan)/cells", as: office)
            #expect(board.contains("健康商场") && board.contains("暂无评分表"))
            let register = try await site.page("/plans/\(Self.plan)/cells/register?cell=mall", as: office)
            #expect(register.contains("新关购物中心"))
        }
    }

    @Test func kindsBeyondTheTargetsComeFromSheetsAndTheOffice() throws {
        let plan = try Fixtures.plan(Self.plan)
        let sheets = try ScoreSheetLibrary.load(directory: Fixtures.standardsDirectory).sheets
        let office = [NamedCellKind(slug: "mall", label: "健康商场"), NamedCellKind(slug: "trail", label: "步道")]
        let kinds = CellKinds.programmeKinds(plan: plan, sheets: sheets, office: office)
        #expect(kinds["elderly-care"] == "健康养老机构")
        #expect(kinds["mall"] == "健康商场")
        #expect(kinds["trail"] == "健康步道", "the plan's own label wins")
        #expect(kinds["county"] == nil && kinds["school"] == nil, "the comprehensive sheet and the standard kinds are not extra")

        let none = OfficeCellKinds(planID: Self.plan)
        #expect(try none.adding(label: "健康市场", slug: "", known: kinds).kinds == [NamedCellKind(slug: "market", label: "健康市场")])
        #expect(try none.adding(label: "健康书店", slug: "Bookshop", known: kinds).kinds == [NamedCellKind(slug: "bookshop", label: "健康书店")])
        func problems(_ label: String, _ slug: String) -> [String] {
            do { _ = try none.adding(label: label, slug: slug, known: kinds); return [] } catch {
                return error.issues.map { "\($0.location.field?.description ?? ""): \($0.message)" }
            }
        }
        #expect(problems("健康书店", "").first?.hasPrefix("newKindSlug: 「健康书店」不是常见类型") == true)
        #expect(problems("健康书店", "book shop").first?.contains("应为小写英文字母开头") == true)
        #expect(problems("健康书店", "county").first?.contains("综合评分表") == true)
        #expect(problems("健康书店", "mall").first?.contains("已用于「健康商场」") == true)
        #expect(problems("", "bookshop") == ["newKindLabel: 请填写新类型的中文名称（如 健康商场）"])
        #expect(problems("bookshop", "bookshop").first?.contains("中文名称") == true)
    }
}
