import Domain
import Foundation
import Plot

extension PageContext {
    /// Whether the person looking may hold API tokens (the administrator, a programme's office): only they are
    /// offered the JSON behind a page; everyone else reads the page itself.
    var holdsTokens: Bool {
        guard let principal, !principal.isToken else { return false }
        return AccessPolicy.allows(principal, .manageTokens(planID: principal.planID))
    }
}

extension Node where Context: HTML.BodyContext {
    /// The page's data as JSON, for those who hold tokens; nothing for anyone else.
    static func apiLink(_ url: SiteURL, query: String = "") -> Node {
        guard PageContext.current.holdsTokens else { return .empty }
        return .a(.class("button secondary"), .href(attr(url.path + query)), .text("JSON"))
    }
}
