import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Import drafts on every engine: the whole draft comes back, blanks included; lists leave the draft out.
@Suite struct ImportStoreTests {
    @Test(arguments: TestEngine.available)
    func draftsRoundTrip(engine: TestEngine) async throws {
        try await withTestApp(engine) { app, _ in
            let user = UserAccount(id: UUID(), username: "office", displayName: "创建办", role: .office, planID: "pianguan-2023")
            let other = UserAccount(id: UUID(), username: "admin", displayName: "管理员", role: .admin)
            try await FluentAccountStore(database: app.db).create(user, passwordHash: "x")
            try await FluentAccountStore(database: app.db).create(other, passwordHash: "x")
            let text = try String(contentsOf: Fixtures.seedsDirectory.appendingPathComponent("003_5a58676f7c40b71f.txt"), encoding: .utf8)
            var draft = try PlanImporter.draft(from: .text(text, fileName: "偏关.txt"), id: "pianguan-2023")
            let store = FluentPlanImportStore(database: app.db)
            let first = PlanImport(createdBy: user.id, targetPlanID: "pianguan-2023", draft: draft,
                                   createdAt: Date(timeIntervalSince1970: 1_700_000_000))
            try await store.create(first)
            // A draft whose title and place the importer could not find is still kept, blanks and all.
            draft.plan.title = ""
            draft.plan.place.name = " "
            let blank = PlanImport(createdBy: other.id, targetPlanID: nil, draft: draft, unitChoices: ["县卫体局": ""],
                                   createdAt: Date(timeIntervalSince1970: 1_700_000_100))
            try await store.create(blank)

            let stored = try #require(try await store.planImport(id: first.id))
            #expect(stored.draft.plan == first.draft.plan)
            #expect(stored.draft.document == first.draft.document)
            #expect(stored.draft.sources == first.draft.sources && stored.draft.notes == first.draft.notes)
            #expect(stored.fileName == "偏关.txt" && stored.format == .text && stored.status == .draft)
            let reread = try #require(try await store.planImport(id: blank.id))
            #expect(reread.draft.plan.title == "" && reread.draft.plan.place.name == "" && reread.unitChoices == ["县卫体局": ""])

            #expect(try await store.imports(createdBy: user.id).map(\.id) == [first.id])
            #expect(try await store.imports(createdBy: nil).map(\.id) == [blank.id, first.id], "newest first")

            var saved = stored
            saved.status = .saved
            saved.savedPlanID = "pianguan-2023"
            saved.draft.plan.title = "改过的标题"
            saved.updatedAt = Date(timeIntervalSince1970: 1_700_000_200)
            try await store.update(saved)
            let updated = try #require(try await store.planImport(id: first.id))
            #expect(updated.status == .saved && updated.savedPlanID == "pianguan-2023" && updated.draft.plan.title == "改过的标题")
            #expect(try await store.imports(createdBy: user.id).first?.status == .saved)
            #expect(try await store.planImport(id: UUID()) == nil)
        }
    }
}
