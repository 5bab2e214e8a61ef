import Domain
import Foundation
import Testing
import TestSupport
import VaporTesting
@testable import Web

/// Pages speak Chinese to users. Every page each role reaches by links is crawled (a few of each kind), its visible
/// text taken (tags, scripts, form values and attribute values dropped, except the ones people read: title,
/// aria-label, placeholder and the labels of submit buttons), and any English identifier or developer text in it fails the test: ASCII words of
/// three letters or more (indicator codes, enum values, library names), rule syntax, command lines, API and file
/// paths. Codes people do know (HC38) may stay as a small secondary label, `<span class="code">`, which the crawl
/// leaves out. A link the role cannot open (403) fails too.
@Suite struct ChineseOnlyCrawlTests {
    static let plan = "pianguan-2023"
    /// Pages fetched per role at most, so the walk stays bounded.
    static let pagesPerRole = 260

    /// The short allow-list: file kinds, units and measures people use in Chinese text as they are.
    static let allowedWords: Set<String> = [
        "Excel", "Word", "WPS", "CSV", "csv", "xlsx", "xls", "docx", "doc", "txt", "PDF", "pdf", "PNG", "png", "JPG", "jpg", "JPEG",
        "BMI", "mmHg", "mmol", "PM2", "UTF-8", "GBK", "zip", "ZIP",
    ]
    /// JSON and API are words for those who hold tokens (the administrator and the office).
    static let tokenWords: Set<String> = ["JSON", "API"]
    /// Developer text that is wrong whatever surrounds it.
    static let forbiddenFragments = ["ref(", ">=", "<=", "==", "/api/", ".yaml", ".yml", "/work", "Sources/", ".swift", "healthcity "]

    /// Pages whose findings are known and still open (a regex per page); empty: every page is checked.
    static let pendingPages: [String] = []

    @Test func everyPageOfEveryRoleSpeaksChinese() async throws {
        try await withTestSite { site in
            try await Self.plant(in: site)
            var findings: [String] = [], pending: [String] = [], reached: [String] = []
            var crawled = 0
            for person in TestSite.people {
                let browser = try await site.browser(person.username)
                // Names people chose themselves (login names, the programme's id) are theirs to spell.
                let result = try await Self.crawl(site, as: browser, role: person.role,
                                                  typed: Set(TestSite.people.map(\.username) + Fixtures.allSeedPlans().map(\.id)))
                crawled += result.pages
                reached.append("\(person.username): \(result.pages) pages: " + result.visited.joined(separator: " "))
                for finding in result.findings {
                    let line = "\(person.username) | \(finding.page) | \(finding.text)"
                    if Self.isPending(finding.page) { pending.append(line) } else { findings.append(line) }
                }
            }
            if let report = ProcessInfo.processInfo.environment["HEALTHCITY_CRAWL_REPORT"] {
                try (reached + findings + ["-- pending pages --"] + pending).joined(separator: "\n")
                    .write(toFile: report, atomically: true, encoding: .utf8)
            }
            #expect(findings.isEmpty, "\(findings.count) findings (role | page | text):\n\(findings.prefix(40).joined(separator: "\n"))")
            #expect(crawled > 200, "the walk reached \(crawled) pages")
        }
    }

    @Test func theVisibleTextLeavesOutMarkupCodeLabelsAndScripts() {
        let html = """
        <html><head><style>.x{color:red}</style><script>var codeName = 1;</script></head>
        <body><p class="note" data-x="ignored">学生体质 <span class="code">HC38</span> <span class="code small">STUDENT-FITNESS</span></p>
        <input type="submit" value="Save"><input type="text" value="typed" placeholder="请输入"><a title="Tooltip" href="/x">链接</a>
        <!-- a comment --> &lt;b&gt; &amp; done</body></html>
        """
        let text = Self.visibleText(html)
        #expect(!text.contains("STUDENT") && !text.contains("codeName") && !text.contains("color") && !text.contains("ignored"))
        #expect(!text.contains("typed") && !text.contains("comment"))
        #expect(text.contains("学生体质") && text.contains("Save") && text.contains("请输入") && text.contains("Tooltip"))
        #expect(text.contains("<b> & done"))
        #expect(Self.offending(in: "目标 >= ref(province) * 1.2；命令行：healthcity data import FILE", role: .office, typed: []).count >= 4)
        #expect(Self.offending(in: "上传 Excel（.xlsx）或 CSV 文件；BMI 24；HC38；距离 3 km", role: .liaison, typed: []).isEmpty)
        #expect(Self.offending(in: "下载 JSON", role: .leader, typed: []) == ["JSON"])
        #expect(Self.offending(in: "下载 JSON", role: .office, typed: []).isEmpty)
    }

    static func isPending(_ page: String) -> Bool {
        let path = page.split(separator: "?").first.map(String.init) ?? page
        return pendingPages.contains { path.range(of: $0, options: .regularExpression) != nil }
    }

    /// Puts Chinese records on the running pages so that their detail pages exist and are crawled.
    static func plant(in site: TestSite) async throws {
        let instant = ISO8601DateFormatter().date(from: "2023-06-20T10:00:00+08:00")!
        site.app.clock = { instant }
        let office = try await site.browser("office"), liaison = try await site.browser("liaison")
        let township = try await site.browser("township")
        let base = "/plans/\(Self.plan)"
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64))
        _ = try await site.post("\(base)/units/县卫体局/contact", ["liaison": "王明", "phone": "13800000000", "note": "工作日联系"], as: liaison)
        _ = try await site.postMultipart("\(base)/reports/县卫体局/2023-06", fields: [
            ("workDone", "召开推进会"), ("activities", "健康讲座"), ("problems", "经费不足"), ("nextSteps", "继续推进"), ("action", "submit"),
        ], files: [("attachments", "照片.png", png)], as: liaison)
        _ = try await site.postMultipart("\(base)/activities", fields: [
            ("kind", "lecture"), ("title", "健康讲座"), ("date", "2023-06-10"), ("place", "县文化馆"), ("participants", "10"), ("beneficiaries", "10"),
        ], as: liaison)
        _ = try await site.post("\(base)/cells/new", ["type": "school", "name": "新关镇中心小学", "region": "新关镇", "subkind": "primary",
                                                      "contact": "李老师", "note": "首批申报"], as: township)
        let inspection = try await site.post("\(base)/inspections/new", [
            "date": "2023-06-15", "inspectors": "张三、李四", "subjects": "县卫体局", "findings": "资料归档不全",
            "text.0": "宣传栏未更新", "unit.0": "县卫体局", "deadline.0": "2023-07-15"], as: office)
        let policy = try await site.post("\(base)/policies", ["title": "全民健身实施办法", "kind": PolicyKind.allCases[0].rawValue,
                                                             "registeredOn": "2023-06-01"], as: liaison)
        #expect(inspection.status == .seeOther, "\(inspection.body.string.suffix(600))")
        #expect(policy.status == .seeOther, "\(policy.body.string.suffix(600))")
        let survey = try await SurveyWebTests.createSurvey(site, as: office)
        let xin = try #require(site.regions["新关镇"])
        _ = try await site.post("\(base)/surveys/\(survey.uuidString.lowercased())/responses",
                                SurveyWebTests.interview("XG-001", township: xin, allRight: true), as: township)
    }

    struct Finding {
        var page: String
        var text: String
    }

    /// Every same-site page reachable from the home page by links, as `browser`: the pages fetched and what is wrong.
    static func crawl(_ site: TestSite, as browser: TestBrowser, role: Role, typed: Set<String>) async throws
        -> (pages: Int, findings: [Finding], visited: [String]) {
        var queue: [(path: String, from: String)] = [("/", "")], seen: Set<String> = ["/"], findings: [Finding] = []
        var fetched = 0, kinds: [String: Int] = [:], visited: [String] = []
        let holdsTokens = role == .admin || role == .office
        while !queue.isEmpty, fetched < pagesPerRole {
            let (path, from) = queue.removeFirst()
            let response = try await site.get(path, as: browser)
            fetched += 1
            visited.append("\(response.status.code) \(path)")
            if response.status == .forbidden {
                findings.append(Finding(page: from, text: "links to \(path), which this role may not open (403)"))
                continue
            }
            guard response.status == .ok, response.headers.contentType?.subType == "html" else { continue }
            let html = response.body.string
            let bad = offending(in: visibleText(html), role: role, typed: typed)
            if !bad.isEmpty { findings.append(Finding(page: path, text: Array(Set(bad)).sorted().prefix(12).joined(separator: " · "))) }
            if !holdsTokens, html.contains("href=\"/api/") {
                findings.append(Finding(page: path, text: "an API link for a role that holds no token"))
            }
            for link in EscapingCrawlTests.links(in: html) where !seen.contains(link) {
                seen.insert(link)
                // A few pages of each kind (three indicators, three units…) so the bound reaches every kind of page.
                let kind = shape(link)
                guard kinds[kind, default: 0] < 3 else { continue }
                kinds[kind, default: 0] += 1
                queue.append((link, path))
            }
        }
        return (fetched, findings, visited)
    }

    /// A link's kind: its path with the segments that name a record (ids, dates, percent-encoded names) as `*`,
    /// and its query's keys.
    static func shape(_ link: String) -> String {
        let parts = link.split(separator: "?", maxSplits: 1)
        let path = parts[0].split(separator: "/").map { segment in
            segment.contains(where: \.isNumber) || segment.contains("%") || !segment.allSatisfy(\.isASCII) ? "*" : String(segment)
        }
        let keys = parts.count > 1 ? parts[1].split(separator: "&").map { $0.split(separator: "=").first.map(String.init) ?? "" } : []
        return "/" + path.joined(separator: "/") + "?" + keys.sorted().joined(separator: "&")
    }

    /// What a person reads: text of elements (not scripts, styles, comments or `.code` labels) and the attributes
    /// read aloud or shown (title, aria-label, placeholder, the value of a submit or plain button).
    static func visibleText(_ html: String) -> String {
        var text = html
        for pattern in ["<script\\b[^>]*>[\\s\\S]*?</script>", "<style\\b[^>]*>[\\s\\S]*?</style>", "<!--[\\s\\S]*?-->", "<textarea\\b[^>]*>[\\s\\S]*?</textarea>",
                        "<span\\b[^>]*class=\"(?:[^\"]* )?code(?: [^\"]*)?\"[^>]*>[^<]*</span>"] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: [.regularExpression, .caseInsensitive])
        }
        var shown: [String] = []
        let tag = try! NSRegularExpression(pattern: "<[^>]+>")
        let attribute = try! NSRegularExpression(pattern: "\\s(title|aria-label|placeholder|value)=\"([^\"]*)\"")
        let ns = text as NSString
        for match in tag.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let element = ns.substring(with: match.range)
            let isButton = element.range(of: "^<input\\b[^>]*type=\"(submit|button)\"", options: .regularExpression) != nil
            let en = element as NSString
            for found in attribute.matches(in: element, range: NSRange(location: 0, length: en.length)) {
                let name = en.substring(with: found.range(at: 1))
                if name != "value" || isButton { shown.append(en.substring(with: found.range(at: 2))) }
            }
        }
        text = tag.stringByReplacingMatches(in: text, range: NSRange(location: 0, length: ns.length), withTemplate: " ")
        return decodeEntities(([text] + shown).joined(separator: " "))
    }

    static func decodeEntities(_ text: String) -> String {
        var result = text
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&nbsp;", " ")] {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        return result.replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The English words and developer fragments in `text` that a person of `role` should not meet.
    static func offending(in text: String, role: Role, typed: Set<String>) -> [String] {
        var found = forbiddenFragments.filter(text.contains)
        let word = try! NSRegularExpression(pattern: "[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*")
        let ns = text as NSString
        for match in word.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let token = ns.substring(with: match.range)
            guard token.filter(\.isLetter).count >= 3 else { continue }
            // Pieces of ids and digests (a UUID's hex groups) are not words.
            if token.contains(where: \.isNumber), token.allSatisfy({ $0.isHexDigit || $0 == "-" }) { continue }
            if allowedWords.contains(token) || typed.contains(token) { continue }
            if tokenWords.contains(token), role == .admin || role == .office { continue }
            found.append(token)
        }
        return found
    }
}
