import Core
import Domain
import Foundation
import Vapor

/// First-run set-up from the unit list: accounts for every unit and township nobody reports for, in one step, and
/// the sign-in sheet to hand out (temporary passwords are shown this once).
struct UnitAccountsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.register(.openUnitAccounts, use: open)
    }

    func open(req: Request) async throws -> Response {
        let plan = try await req.requireVisiblePlan()
        let principal = try req.authorize(.manageAccounts(planID: plan.id))
        let password = req.password.async
        do {
            let opened = try await UnitAccounts.openMissing(in: plan, actor: principal, core: req.appCore,
                                                            hash: { try await password.hash($0) })
            guard !opened.isEmpty else {
                return req.redirect(to: SiteURL.planUnits(plan.id).path + "?notice=" + SiteURL.escapeQuery("每个单位都已有账号，无需开通"))
            }
            let response = Response.html(SignInSheetView(model: .init(plan: plan, opened: opened, issuedOn: req.today,
                                                                      signInAddress: Self.address(req))).render())
            // The sheet holds passwords: never kept by a browser or a proxy.
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        } catch let rejected as FormRejected {
            return req.redirect(to: SiteURL.planUnits(plan.id).path + "?notice="
                                + SiteURL.escapeQuery(rejected.problems.map(\.message).joined(separator: "；")))
        }
    }

    /// The address people type to sign in, as this request reached the server.
    static func address(_ req: Request) -> String {
        let host = req.headers.first(name: .host) ?? "本平台地址"
        return "http://\(host)\(SiteURL.login(next: nil).path)"
    }
}
