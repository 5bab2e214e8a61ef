import Domain
import Foundation

extension RegionView {
    struct Model {
        var plan: Plan
        var path: [Region]
        var children: [Region]
        var townshipTasks: [UnitDirectory.Assignment]
        var isHome: Bool
    }
}
