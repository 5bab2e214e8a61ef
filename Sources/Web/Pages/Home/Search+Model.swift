import Domain
import Foundation

extension SearchView {
    struct Model {
        var query: String
        var results: SearchResults
        var titles: [String: String]
    }
}
