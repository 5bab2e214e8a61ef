import Foundation
import Vapor

/// The site's stylesheet (`Resources/site.css`): system fonts with CJK fallbacks, readable on a phone,
/// A4 when printed. Read from the bundle once, on first use, and then served from memory.
enum Stylesheet {
    static let css = SiteAssets.load("site", "css")
}

/// The little JavaScript the site uses (`Resources/site.js`), all progressive: every page works without it.
enum Script {
    static let js = SiteAssets.load("site", "js")
}

enum SiteAssets {
    /// A text file of the Web bundle's `Resources` folder; a missing file is a broken build, not a request error.
    static func load(_ name: String, _ ext: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("Resources/\(name).\(ext) is missing from the Web bundle")
        }
        return text
    }
}
