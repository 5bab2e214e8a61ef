import Foundation

/// Turns the text of an implementation plan (实施方案) into a draft of the canonical plan.
///
/// The importer only reports what the text states: a value absent from the document stays absent,
/// and whatever it cannot place goes into the draft's notes with the lines it came from.
public enum PlanImporter {
    public static func draft(from document: ImportedDocument, id: String? = nil) throws(PlanImportError) -> PlanDraft {
        var state = ImportState(document: document)
        try state.run(id: id)
        return PlanDraft(plan: state.plan, document: document, sources: state.sources, notes: state.notes)
    }

    /// Reads a file's bytes and drafts from them, with one error type for both steps: the web form and
    /// the API both answer an unreadable file and a text that is not a plan the same way.
    public static func draft(data: Data, fileName: String, id: String? = nil) throws(PlanImportError) -> PlanDraft {
        let document: ImportedDocument
        do {
            document = try DocumentReader.read(data: data, fileName: fileName)
        } catch {
            throw PlanImportError(fileName: error.fileName, message: error.message)
        }
        return try draft(from: document, id: id)
    }
}

/// One import in progress. The extraction steps live in extensions by subject.
struct ImportState {
    let document: ImportedDocument
    var paragraphs: [PlanParagraph] = []
    /// Index of the first paragraph after the plan's title, and of the first annex paragraph.
    var bodyStart = 0
    var annexStart: Int
    var outline = OutlineNode(marker: nil, text: "", paragraph: nil, level: 0)
    var plan = Plan(id: "draft", title: "", programme: .healthyCounty, place: Place(name: "", level: .county))
    var sources: [String: SourceSpan] = [:]
    var notes: [ImportNote] = []
    /// Paragraphs whose responsibility clause became part of a task, by first line.
    var placedClauses = Set<Int>()

    init(document: ImportedDocument) {
        self.document = document
        annexStart = 0
    }

    var body: ArraySlice<PlanParagraph> { paragraphs[bodyStart..<annexStart] }
    var annexParagraphs: ArraySlice<PlanParagraph> { paragraphs[annexStart...] }

    mutating func record(_ path: FieldPath, _ span: SourceSpan?) {
        if let span { sources[path.description] = span }
    }

    mutating func note(_ kind: ImportNote.Kind, _ message: String, _ span: SourceSpan? = nil) {
        notes.append(ImportNote(kind: kind, message: message, span: span))
    }

    mutating func run(id: String?) throws(PlanImportError) {
        paragraphs = ParagraphAssembler.paragraphs(from: document.lines)
        let hanCount = paragraphs.reduce(0) { $0 + $1.text.reduce(0) { $0 + (PlanText.isHan($1) ? 1 : 0) } }
        guard hanCount >= 40 else {
            throw PlanImportError(fileName: document.fileName,
                                  message: "不是实施方案：文中几乎没有中文内容（\(hanCount) 个汉字）。请上传实施方案的正文（.txt 或 .docx）。")
        }
        readHeader()
        annexStart = paragraphs.count
        if let annex = paragraphs.indices.dropFirst(bodyStart).first(where: { isAnnexListStart(paragraphs[$0].text) }) {
            annexStart = annex
        }
        outline = OutlineBuilder.build(Array(body))
        readGoals()
        readPhases()
        readReporting()
        readTasks()
        readOrganisation()
        readCellTargets()
        readIndicators()
        readDuties()
        readAnnexes()
        collectUnits()
        reportUnplacedSentences()
        plan.id = id ?? defaultID()

        let found = plan.tasks.count + plan.phases.count + plan.goals.count + plan.cellTargets.count
            + (plan.organisation.leadingGroup == nil ? 0 : 1)
        guard found > 0 || !plan.title.isEmpty && outline.children.count >= 2 else {
            throw PlanImportError(fileName: document.fileName,
                                  message: "未识别出实施方案的内容：没有找到标题、编号的任务、实施阶段或领导小组。请确认上传的是实施方案正文。")
        }
        if plan.title.isEmpty { note(.missing, "未找到方案标题，请填写。") }
        if plan.place.name.isEmpty { note(.missing, "未能从标题或发文机关识别出创建地区，请填写地区名称和级别。") }
        if plan.tasks.isEmpty { note(.missing, "未找到编号的工作任务（主要任务、工作任务、工作重点、重点建设内容等部分）。") }
        if plan.phases.isEmpty { note(.missing, "未找到带日期的实施阶段。") }
        if plan.organisation.leadingGroup == nil { note(.missing, "未找到领导小组（或工作小组、指挥部）。") }
    }

    /// A stable slug for a draft: the user usually replaces it.
    func defaultID() -> String {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in (plan.title + plan.place.name).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        let year = plan.document.date?.year ?? plan.phases.first?.start.year
        let suffix = String(hash % 0xFFFFFF, radix: 16)
        return ["plan", year.map(String.init), suffix].compactMap { $0 }.joined(separator: "-")
    }

    func isAnnexListStart(_ text: String) -> Bool {
        for prefix in ["附件：", "附件:", "附：", "附:", "附件1", "附件１", "附件一"] where text.hasPrefix(prefix) { return true }
        return text == "附件"
    }
}

// MARK: - Header: title, number, issuer, date, place, programme

extension ImportState {
    static var documentNumberPattern: Regex<Substring> { #/^[\p{Han}A-Za-z]{1,14}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号$/# }

    mutating func readHeader() {
        let headLimit = min(paragraphs.count, 40)
        let head = Array(paragraphs[0..<headLimit])

        // 关于《X》（征求意见稿）的说明: an explanatory note about plan X.
        var titleIndex: Int?
        var noticeTitle: (String, Int)?
        for (i, p) in head.enumerated() where p.text.count <= 80 && !p.text.contains("。") {
            let t = p.text
            if t.hasPrefix("关于") && (t.hasSuffix("的通知") || t.hasSuffix("的说明") || t.hasSuffix("的函") || t.hasSuffix("的请示")) {
                if noticeTitle == nil { noticeTitle = (t, i) }
                continue
            }
            if t.contains("关于印发") && t.hasSuffix("通知") {
                if noticeTitle == nil { noticeTitle = (t, i) }
                continue
            }
            if HeadingParser.startsWithMarker(t) { break }
            if ["方案", "计划", "规划", "实施意见"].contains(where: t.hasSuffix), t.count <= 50, !t.hasPrefix("印发"),
               !t.hasPrefix("《") {
                titleIndex = i
                break
            }
        }
        if let i = titleIndex {
            plan.title = PlanText.trimPunctuation(paragraphs[i].text)
            record(["title"], paragraphs[i].span)
            bodyStart = i + 1
        } else if let (notice, i) = noticeTitle, let inner = quotedTitle(in: notice) ?? embeddedTitle(in: notice) {
            plan.title = inner
            record(["title"], paragraphs[i].span)
            bodyStart = i + 1
        }
        if let (notice, i) = noticeTitle {
            var title = notice
            for status in ["征求意见稿", "送审稿", "讨论稿", "修订稿", "试行"] where notice.contains(status) {
                plan.document.status = status
            }
            if title.hasPrefix("关于"), let issuerLine = issuerBefore(index: i) { title = issuerLine + title }
            if title != plan.title {
                plan.document.title = title
                record(["document", "title"], paragraphs[i].span)
            }
        }

        // The header is what precedes the plan's title (or the first heading).
        let firstHeading = paragraphs.indices.first { HeadingParser.startsWithMarker(paragraphs[$0].text) } ?? paragraphs.count
        let headerEnd = max(bodyStart, min(firstHeading, headLimit))
        for p in paragraphs[0..<headerEnd] {
            let text = PlanText.trimPunctuation(p.text)
            if plan.document.number == nil, text.wholeMatch(of: Self.documentNumberPattern) != nil {
                plan.document.number = text
                record(["document", "number"], p.span)
            }
        }
        // Issuer: the signature above the date, else the masthead line.
        for (i, p) in paragraphs[0..<headerEnd].enumerated() {
            if let date = DateRanges.standaloneDate(p.text) {
                if plan.document.date == nil {
                    plan.document.date = date
                    record(["document", "date"], p.span)
                }
                if plan.document.issuer == nil, i > 0, let issuer = issuerName(paragraphs[i - 1].text) {
                    plan.document.issuer = issuer
                    record(["document", "issuer"], paragraphs[i - 1].span)
                }
            }
        }
        if plan.document.issuer == nil {
            for p in paragraphs[0..<headerEnd] {
                if let issuer = issuerName(p.text) {
                    plan.document.issuer = issuer
                    record(["document", "issuer"], p.span)
                    break
                }
            }
        }
        readPlace()
    }

    func issuerBefore(index: Int) -> String? {
        guard index > 0 else { return nil }
        return issuerName(paragraphs[index - 1].text)
    }

    /// `偏关县人民政府办公室文件` → `偏关县人民政府办公室`; nil for anything that is not an issuing body.
    func issuerName(_ text: String) -> String? {
        var s = PlanText.trimPunctuation(text)
        if s.hasSuffix("文件") { s = String(s.dropLast(2)) }
        guard (3...30).contains(s.count), s.allSatisfy(PlanText.isHan), !s.contains("关于") else { return nil }
        let endings = ["人民政府办公室", "人民政府办公厅", "人民政府", "办公室", "委员会", "领导小组", "指挥部", "卫生健康局", "卫生健康委员会", "政府"]
        return endings.contains(where: s.hasSuffix) ? s : nil
    }

    func quotedTitle(in text: String) -> String? {
        guard let open = text.firstIndex(of: "《"), let close = text[open...].firstIndex(of: "》") else { return nil }
        let inner = String(text[text.index(after: open)..<close])
        return inner.isEmpty ? nil : inner
    }

    /// 关于印发X的通知 → X.
    func embeddedTitle(in text: String) -> String? {
        guard let r = text.range(of: "关于印发"), let end = text.range(of: "的通知", options: .backwards) else { return nil }
        guard r.upperBound < end.lowerBound else { return nil }
        return String(text[r.upperBound..<end.lowerBound])
    }

    static let placeSuffixes: [(String, RegionLevel)] = [
        ("自治县", .county), ("街道", .township), ("市", .city), ("区", .district), ("县", .county), ("旗", .county),
        ("镇", .town), ("乡", .township),
    ]

    /// The innermost administrative name at the start of a text: 临沂市兰山区创建… → 兰山区.
    static func leadingPlace(in text: String) -> (String, RegionLevel)? {
        var rest = Substring(text)
        var found: (String, RegionLevel)?
        outer: while !rest.isEmpty {
            let window = rest.prefix(9)
            for length in 2...max(2, window.count) {
                guard length <= window.count else { break }
                let candidate = window.prefix(length)
                guard candidate.allSatisfy(PlanText.isHan) else { break }
                for (suffix, level) in placeSuffixes where candidate.hasSuffix(suffix) && candidate.count > suffix.count {
                    // 省 and 市 words inside names (健康城市) are not place names.
                    let stem = candidate.dropLast(suffix.count)
                    if ["健康", "创建", "关于", "推进", "国家", "省级", "建设", "印发"].contains(where: stem.contains) { break outer }
                    found = (String(candidate), level)
                    rest = rest.dropFirst(length)
                    continue outer
                }
            }
            break
        }
        return found
    }

    mutating func readPlace() {
        var sources: [String] = [plan.title]
        if let issuer = plan.document.issuer {
            var s = issuer
            for ending in ["人民政府办公室", "人民政府办公厅", "人民政府", "办公室"] where s.hasSuffix(ending) { s = String(s.dropLast(ending.count)); break }
            sources.append(s)
        }
        for text in sources {
            // 重庆市永川区 → 永川区: keep the innermost.
            if let (name, level) = Self.leadingPlace(in: text) {
                plan.place = Place(name: name, level: level)
                break
            }
        }
        let title = plan.title
        if plan.place.level == .town || plan.place.level == .township || title.contains("健康乡镇") || title.contains("健康镇") {
            plan.programme = .healthyTown
        } else if title.contains("国家健康城市") {
            plan.programme = .nationalHealthyCity
        } else if title.contains("健康促进县") || title.contains("健康促进区") || title.contains("健康促进市") {
            plan.programme = .healthPromotionCounty
        } else {
            plan.programme = .healthyCounty
        }
    }

    /// `我县` / `我市` / `本区` written for the place itself.
    func expandingSelfReference(_ text: String) -> String {
        guard !plan.place.name.isEmpty else { return text }
        for prefix in ["我县", "我市", "我区", "我镇", "我乡", "本县", "本市", "本区", "本镇", "全县", "全市", "全区"] where text.hasPrefix(prefix) {
            return plan.place.name + text.dropFirst(2)
        }
        return text
    }
}
