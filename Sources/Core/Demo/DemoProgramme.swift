import Domain
import Foundation

/// The demo programme: a fictional county mid-way through a healthy-county programme, every date counted from the
/// day it is loaded (the application's clock), so a first `serve` shows a programme at work rather than five that
/// ended years ago. Everything here is invented and says so: the title, the place and the issuer carry 演示数据.
public struct DemoProgramme: Sendable {
    public static let planID = "demo-qingshan"
    public static let title = "青山县健康县区建设实施方案（演示数据）"
    public static let placeName = "青山县（演示数据）"
    public static let province = "演示省"
    public static let city = "演示市"

    /// The day the demo is built for.
    public let today: LocalDate

    public init(today: LocalDate) { self.today = today }

    // MARK: Calendar

    /// The month `offset` months from today's (negative: earlier).
    public func month(_ offset: Int) -> YearMonth {
        var month = today.yearMonth
        if offset > 0 { for _ in 0..<offset { month = month.next } }
        if offset < 0 { for _ in 0..<(-offset) { month = month.previous } }
        return month
    }

    public func day(_ offset: Int) -> LocalDate { today.adding(days: offset) }

    /// Started about 14 months ago, ends about 10 months ahead.
    public var start: LocalDate { month(-14).firstDay }
    public var end: LocalDate { month(10).lastDay }

    /// Reports are due a day or two from now this month (at most two days ahead, never behind): the current
    /// month's report is one every unit still owes, due within days.
    public var dueDay: Int { min(today.day + 2, 31) }

    public var phases: [Phase] {
        [Phase(name: "启动部署", start: start, end: month(-12).lastDay,
               text: "成立领导小组，印发实施方案，召开动员大会，分解任务到各成员单位和乡镇。",
               milestones: [Milestone(title: "召开全县动员大会", date: month(-13).clampedDay(15))]),
         Phase(name: "全面创建", start: month(-11).firstDay, end: month(3).lastDay,
               text: "各成员单位和乡镇按任务清单推进创建，每月报送工作进展，创建办定期督导。"),
         Phase(name: "自查整改", start: month(4).firstDay, end: month(7).lastDay,
               text: "对照评价标准开展自查，整改问题，完善创建档案。"),
         Phase(name: "评估验收", start: month(8).firstDay, end: end,
               text: "迎接市级评估和省级验收，总结创建经验，建立长效机制。")]
    }

    // MARK: Units

    /// The member units: canonical name, short name, kind.
    public static let departments: [(name: String, alias: String?, kind: UnitKind)] = [
        ("县卫生健康局", "县卫健局", .department),
        ("县教育局", nil, .department),
        ("县文化体育局", "县文体局", .department),
        ("县住房和城乡建设局", "县住建局", .department),
        ("县市场监督管理局", "县市场监管局", .department),
        ("县民政局", nil, .department),
        ("县财政局", nil, .department),
        ("县疾病预防控制中心", "县疾控中心", .institution),
        ("县融媒体中心", nil, .institution),
        ("县总工会", nil, .organisation),
    ]

    /// The townships and their villages (communities under the 街道).
    public static let townships: [(name: String, villages: [String])] = [
        ("城关街道", ["城东社区", "城西社区", "文昌社区"]),
        ("东山镇", ["东山村", "石桥村", "柳湾村"]),
        ("西河镇", ["西河村", "沙坝村", "李家村"]),
        ("南岭乡", ["南岭村", "茶园村"]),
        ("北坪乡", ["北坪村", "马场村"]),
    ]

    public static var townshipNames: [String] { townships.map(\.name) }
    public static var memberUnitNames: [String] { departments.map(\.name) }
    /// Every unit expected to report each month: the member units, then the townships.
    public static var reportingUnits: [String] { memberUnitNames + townshipNames }

    // MARK: The plan

    public var plan: Plan {
        let units = [PlanUnit(name: "各成员单位", kind: .group, covers: .memberUnits),
                     PlanUnit(name: "各乡镇（街道）", kind: .group, aliases: ["各乡镇"], covers: .townships)]
            + Self.departments.map { PlanUnit(name: $0.name, kind: $0.kind, aliases: $0.alias.map { [$0] } ?? []) }
            + Self.townshipNames.map { PlanUnit(name: $0, kind: .township, region: $0) }
        return Plan(
            id: Self.planID, title: Self.title, programme: .healthyCounty,
            place: Place(name: Self.placeName, level: .county,
                         parents: [RegionRef(name: Self.province, level: .province), RegionRef(name: Self.city, level: .city)]),
            document: SourceDocument(number: "青政办发〔\(start.year)〕8号（演示数据）", issuer: "青山县人民政府办公室（演示数据）",
                                     date: start.adding(days: -10), title: "关于印发青山县健康县区建设实施方案的通知（演示数据）",
                                     status: "演示数据：虚构的县和方案，用于了解平台，不是真实文件"),
            goals: ["（演示数据）到\(end.year)年，全县居民健康素养水平达到25%以上，经常参加体育锻炼人数比例达到40%以上，"
                    + "健康社区（村）覆盖率达到30%以上，健康促进学校达到50%以上，建成省级健康县区。"],
            phases: phases,
            reporting: ReportingRule(monthlyDueDay: dueDay, text: "各成员单位和乡镇（街道）于每月\(dueDay)日前报送当月工作进展"),
            organisation: Organisation(
                leadingGroup: LeadingGroup(name: "青山县健康县区建设工作领导小组", leader: [Person(title: "县政府县长")],
                                           deputies: [Person(title: "分管副县长")]),
                memberUnits: Self.memberUnitNames,
                office: Office(name: "领导小组办公室", unit: "县卫生健康局", director: "县卫生健康局局长")),
            units: units,
            cellTargets: [CellTarget(cell: "community", atLeastPercent: 30), CellTarget(cell: "family", atLeastCount: 3, per: .township),
                          CellTarget(cell: "school", atLeastPercent: 50), CellTarget(cell: "hospital", atLeastPercent: 60),
                          CellTarget(cell: "agency", atLeastPercent: 50), CellTarget(cell: "enterprise", atLeastPercent: 20)],
            indicators: Self.indicators.map { IndicatorTarget(code: $0.code, name: $0.name, target: $0.target, text: $0.text) },
            tasks: tasks)
    }

    /// The targets: code, name, expression, the document's words, and the unit that supplies the figure.
    public static let indicators: [(code: String, name: String, target: String, text: String, unit: String)] = [
        ("HC3", "生活饮用水水质达标率", ">= 95%", "生活饮用水水质达标率达到95%以上", "县卫生健康局"),
        ("HC12", "城市人均体育场地面积", ">= 2.2", "人均体育场地面积达到2.2平方米以上", "县文化体育局"),
        ("HC15", "食品抽样检验3批次/千人", ">= 3", "食品抽样检验每千人3批次以上", "县市场监督管理局"),
        ("HC16", "学生体质监测优良率", ">= 50%", "学生体质监测优良率达到50%以上", "县教育局"),
        ("HC17", "每千名老年人口拥有养老床位数", ">= 35", "每千名老年人口拥有养老床位35张以上", "县民政局"),
        ("HC28", "卫生健康支出占财政支出的比重", ">= 8%", "卫生健康支出占财政支出的比重不低于8%", "县财政局"),
        ("HC38", "居民健康素养水平", ">= 25%", "居民健康素养水平达到25%以上", "县卫生健康局"),
        ("HC40", "经常参加体育锻炼人口比例", ">= 40%", "经常参加体育锻炼人数比例达到40%以上", "县文化体育局"),
    ]

    /// Tasks with every kind of deadline: done ones, overdue ones, one due in a few days, phase ends, recurring.
    public var tasks: [PlanTask] {
        func task(_ number: String, _ section: String, _ title: String, _ text: String, _ responsible: [String],
                  _ deadline: TaskDeadline?) -> PlanTask {
            PlanTask(number: number, section: section, title: title, text: "\(title)。\(text)", responsible: responsible, deadline: deadline)
        }
        let organise = "加强组织领导", environment = "建设健康环境", society = "构建健康社会", culture = "培育健康文化"
        return [
            task("1", organise, "成立领导小组，印发实施方案", "成立由县长任组长的领导小组，办公室设在县卫生健康局，印发实施方案和任务清单。",
                 ["县卫生健康局"], .phase("启动部署")),
            task("2", organise, "召开全县动员大会", "召开全县健康县区建设动员大会，签订目标责任书。", ["县卫生健康局"], .date(month(-13).clampedDay(20))),
            task("3", organise, "开展公共政策健康影响评价", "对新出台的公共政策开展健康影响评价，建立评价专家库。",
                 ["县卫生健康局", "县财政局"], .date(day(4))),
            task("4", organise, "保障创建工作经费", "将创建工作经费列入年度财政预算，专款专用。", ["县财政局"], .recurring(.yearly)),
            task("5", environment, "建设健康步道和全民健身场地", "新建健康步道2条、社区健身场地10处，维护已有健身器材。",
                 ["县文化体育局", "县住房和城乡建设局"], .date(day(-12))),
            task("6", environment, "推进农贸市场升级改造", "完成城区农贸市场升级改造，设置健康教育宣传栏，开展食品安全示范创建。",
                 ["县市场监督管理局"], .phase("全面创建")),
            task("7", environment, "建设健康社区（村）和健康家庭", "各乡镇（街道）每年培育健康村（社区）和示范健康家庭，建立健康细胞台账。",
                 ["各乡镇（街道）"], .phase("全面创建")),
            task("8", society, "建设健康促进学校", "开展健康促进学校建设和学生体质健康监测，落实每天校内体育活动一小时。",
                 ["县教育局"], .date(day(10))),
            task("9", society, "完善养老服务设施", "新增养老床位120张，建成乡镇（街道）养老服务中心。", ["县民政局"], .date(day(-30))),
            task("10", society, "开展职工健康促进活动", "组织职工健步走、工间操和健康讲座，评选健康促进企业。", ["县总工会"], .recurring(.yearly)),
            task("11", culture, "每月开展健康教育讲座", "每月至少开展一次健康教育讲座，深入机关、学校、村（社区）。",
                 ["县疾病预防控制中心", "县卫生健康局"], .recurring(.monthly)),
            task("12", culture, "开设健康科普专栏", "在县电视台和微信公众号开设健康科普专栏，每季度更新不少于12期。",
                 ["县融媒体中心"], .recurring(.quarterly)),
            task("13", culture, "迎接评估验收，整理创建档案", "各成员单位按评价标准整理创建档案，配合评估验收。",
                 ["县卫生健康局", "各成员单位"], .phase("评估验收")),
        ]
    }

    /// The region tree below the county, as the region import takes it.
    public var regionRows: [RegionRow] {
        var rows: [RegionRow] = []
        for township in Self.townships {
            rows.append(RegionRow(line: rows.count + 2, code: nil, name: township.name, level: .township, parent: Self.placeName))
            for village in township.villages {
                rows.append(RegionRow(line: rows.count + 2, code: nil, name: village, level: .village, parent: township.name))
            }
        }
        return rows
    }
}

/// One demo account: who signs in as what.
public struct DemoPerson: Sendable, Equatable, Codable {
    public var username: String
    public var displayName: String
    public var role: Role
    public var unit: String?
    /// The township (township officer) or province (province viewer).
    public var region: String?

    public init(username: String, displayName: String, role: Role, unit: String? = nil, region: String? = nil) {
        self.username = username; self.displayName = displayName; self.role = role; self.unit = unit; self.region = region
    }

    /// An account for every role: the office, a leader, an assessor, liaisons of four units with different work,
    /// a township officer and a province viewer.
    public static let all: [DemoPerson] = [
        DemoPerson(username: "demo-office", displayName: "王敏（创建办）", role: .office),
        DemoPerson(username: "demo-leader", displayName: "陈志强（分管副县长）", role: .leader),
        DemoPerson(username: "demo-assessor", displayName: "赵丽（评审专家）", role: .assessor),
        DemoPerson(username: "demo-weijian", displayName: "孙磊（县卫健局）", role: .liaison, unit: "县卫生健康局"),
        DemoPerson(username: "demo-jiaoyu", displayName: "周婷（县教育局）", role: .liaison, unit: "县教育局"),
        DemoPerson(username: "demo-zhujian", displayName: "吴刚（县住建局）", role: .liaison, unit: "县住房和城乡建设局"),
        DemoPerson(username: "demo-shijian", displayName: "郑洁（县市场监管局）", role: .liaison, unit: "县市场监督管理局"),
        DemoPerson(username: "demo-dongshan", displayName: "刘芳（东山镇）", role: .township, region: "东山镇"),
        DemoPerson(username: "demo-province", displayName: "黄涛（演示省）", role: .province, region: DemoProgramme.province),
    ]
}
