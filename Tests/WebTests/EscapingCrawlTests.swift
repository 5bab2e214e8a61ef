import Domain
import Foundation
import NIOCore
import Persistence
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// A marker that breaks out of an attribute or a text node if either is written unescaped, typed into the text
/// fields people reach — the plan's own words, contact cards, reports, task notes, activities, places, inspections,
/// survey respondents, file names — and then every page each role can reach is crawled: the marker never appears
/// as markup.
@Suite struct EscapingCrawlTests {
    static let plan = "pianguan-2023"
    static let payload = "\"'><hc-xss a='1'>&amp;"
    static let marker = "<hc-xss"
    /// Pages fetched per role at most, so the walk stays bounded.
    static let pagesPerRole = 150

    @Test func theMarkerNeverAppearsAsMarkupOnAnyPageOfAnyRole() async throws {
        try await withTestSite(plans: [Self.plan]) { site in
            try await Self.plant(in: site)
            var leaks: [String] = []
            var crawled = 0, escaped = 0
            for person in TestSite.people {
                let browser = try await site.browser(person.username)
                let (pages, found, shown) = try await Self.crawl(site, as: browser)
                crawled += pages; escaped += shown
                leaks += found.map { "\(person.username) \($0)" }
            }
            #expect(leaks.isEmpty, "\(leaks.count) pages show the marker as markup: \(leaks.prefix(10))")
            #expect(escaped > 10, "the planted text is on \(escaped) pages, escaped")
            #expect(crawled > 100, "the walk reached \(crawled) pages")
        }
    }

    /// Puts the payload everywhere a user can type.
    static func plant(in site: TestSite) async throws {
        let p = payload
        let store = FluentPlanStore(database: site.app.db)
        var plan = try #require(try await store.plan(id: Self.plan))
        plan.title += p
        plan.tasks[0].text += p
        plan.phases[0].name += p
        _ = try await store.save(plan)

        let instant = ISO8601DateFormatter().date(from: "2023-06-20T10:00:00+08:00")!
        site.app.clock = { instant }
        let office = try await site.browser("office"), liaison = try await site.browser("liaison")
        let township = try await site.browser("township")
        let base = "/plans/\(Self.plan)"
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64))

        _ = try await site.post("\(base)/units/县卫体局/contact", ["liaison": "王\(p)", "phone": "", "note": p], as: liaison)
        _ = try await site.postMultipart("\(base)/reports/县卫体局/2023-06", fields: [
            ("workDone", p), ("activities", p), ("problems", p), ("nextSteps", p), ("action", "submit"),
        ], files: [("attachments", "照片\(p).png", png)], as: liaison)
        let task = try #require(TaskAssignment.initial(for: plan, on: LocalDate(iso: "2023-06-01")!).first { $0.unit == "县卫体局" })
        _ = try await site.postMultipart("\(base)/tasks/\(task.taskIndex)/县卫体局", fields: [
            ("progress", "inProgress"), ("note", p), ("date", "2023-06-19"),
        ], files: [("evidence", "进展\(p).png", png)], as: liaison)
        _ = try await site.postMultipart("\(base)/activities", fields: [
            ("kind", "lecture"), ("title", "讲座\(p)"), ("date", "2023-06-10"), ("place", p), ("participants", "10"), ("beneficiaries", "10"),
        ], as: liaison)
        _ = try await site.post("\(base)/cells/new", ["type": "school", "name": "学校\(p)", "region": "新关镇", "subkind": "primary",
                                                      "contact": p, "note": p], as: township)
        _ = try await site.post("\(base)/inspections/new", ["date": "2023-06-15", "title": "督导\(p)", "inspectors": p,
                                                            "text.0": "问题\(p)", "unit.0": "县卫体局", "deadline.0": "2023-07-15"],
                                as: office)
        _ = try await site.post("\(base)/policies", ["title": "政策\(p)", "department": "县卫体局", "summary": p], as: liaison)
        // A survey, and an interview whose respondent code is the payload (the responses page once wrote it raw).
        let survey = try await SurveyWebTests.createSurvey(site, as: office)
        let xin = try #require(site.regions["新关镇"])
        let interview = try await site.post("\(base)/surveys/\(survey.uuidString.lowercased())/responses",
                                            SurveyWebTests.interview(p, township: xin, allRight: true), as: township)
        #expect(interview.status == .seeOther || interview.status == .ok, "\(interview.body.string.prefix(300))")
    }

    /// Every same-site page reachable from the home page by links, as `browser`; returns how many were fetched,
    /// those that show the marker as markup, and how many show it escaped.
    static func crawl(_ site: TestSite, as browser: TestBrowser) async throws -> (Int, [String], Int) {
        var queue = ["/"], seen: Set<String> = ["/"], leaks: [String] = []
        var fetched = 0, escaped = 0
        while !queue.isEmpty, fetched < pagesPerRole {
            let path = queue.removeFirst()
            let response = try await site.get(path, as: browser)
            fetched += 1
            guard response.status == .ok, response.headers.contentType?.subType == "html" else { continue }
            let html = response.body.string
            if html.contains(marker) { leaks.append(path) }
            if html.contains("&lt;hc-xss") { escaped += 1 }
            for link in links(in: html) where !seen.contains(link) {
                seen.insert(link)
                queue.append(link)
            }
        }
        return (fetched, leaks, escaped)
    }

    /// Same-site page links of a page (no downloads, no sign-out), with HTML entities in them decoded.
    static func links(in html: String) -> [String] {
        var result: [String] = []
        var rest = html[...]
        while let range = rest.range(of: "href=\"") {
            rest = rest[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            let raw = String(rest[..<end]).replacingOccurrences(of: "&amp;", with: "&")
            rest = rest[end...]
            guard raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.hasPrefix("/static/"), !raw.contains("logout") else { continue }
            let path = String(raw.split(separator: "#", maxSplits: 1).first ?? "")
            let file = path.split(separator: "?").first.map(String.init) ?? path
            if [".xlsx", ".docx", ".zip", ".csv", ".svg", ".json"].contains(where: { file.hasSuffix($0) }) || file.hasSuffix("/file") { continue }
            if file.contains("/files/") || file.contains("/evidence/") { continue }
            result.append(path)
        }
        return result
    }
}
