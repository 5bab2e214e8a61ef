import Core
import Domain
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// A form token (a file kept after a refused save) is signed with a key kept in the database, so every server on it
/// signs and checks alike: a process's memory would make a second server behind the proxy refuse the first's tokens.
@Suite struct SharedSigningKeyTests {
    @Test(arguments: TestEngine.available)
    func theKeyIsCreatedOnceAndReadByEveryServer(engine: TestEngine) async throws {
        try await withTestSite(engine, plans: []) { site in
            let first = try await site.app.appCore.sharedSigningKey()
            #expect(first.count >= 40)
            // Another server is another root over the same database: it reads the same key.
            let other = AppCore(AppCore.Environment(clock: site.app.appCore.clock), database: site.app.db)
            #expect(try await other.sharedSigningKey() == first)
            #expect(try await FluentSettingStore(database: site.app.db).value(SettingKey.sharedSigningKey) == first)
        }
    }
}
