import Core
import Domain
import Foundation

extension ImportNewView {
    struct Model {
        var problem: Problem?
    }
}
