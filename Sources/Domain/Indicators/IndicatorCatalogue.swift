import Foundation

/// The 42 third-level indicators of 健康城市评价指标体系（2018版）, HC1–HC42 in published order. Names are
/// those of the 山亭 annex; units, directions and formulas follow `domain-reference.md` §1.
public enum IndicatorCatalogue {
    private typealias Row = (name: String, first: String, second: String, unit: String, kind: Indicator.Kind,
                             direction: Indicator.Direction, base: Double?, numerator: String?,
                             denominator: String?, source: String)

    private static let rows: [Row] = [
        ("环境空气质量优良天数占比", "健康环境", "空气质量", "%", .rate, .higher, 100, "空气质量指数(AQI)≤100的天数", "有效监测天数", "生态环境"),
        ("重度及以上污染天数", "健康环境", "空气质量", "天", .count, .lower, nil, nil, nil, "生态环境"),
        ("生活饮用水水质达标率", "健康环境", "水质", "%", .rate, .higher, 100, "末梢水常规指标达标的水样数", "检测水样数", "卫生健康"),
        ("集中式饮用水水源地安全保障达标率", "健康环境", "水质", "%", .rate, .higher, 100, "达标的集中式饮用水水源地数", "集中式饮用水水源地总数", "生态环境"),
        ("生活垃圾无害化处理率", "健康环境", "垃圾废物处理", "%", .rate, .higher, 100, "生活垃圾无害化处理量", "生活垃圾产生量", "城市管理"),
        ("公共厕所设置密度", "健康环境", "其他相关环境", "座/km²", .rate, .higher, 1, "城区公共厕所数", "城区面积（km²）", "城市管理"),
        ("无害化卫生厕所普及率(农村)", "健康环境", "其他相关环境", "%", .rate, .higher, 100, "使用无害化卫生厕所的农村户数", "农村总户数", "农业农村"),
        ("人均公园绿地面积", "健康环境", "其他相关环境", "m²/人", .rate, .higher, 1, "城区公园绿地面积（m²）", "城区人口与暂住人口之和", "住房和城乡建设"),
        ("病媒生物密度控制水平", "健康环境", "其他相关环境", "%", .rate, .higher, 100, "病媒生物密度达到A级、B级的街道数", "建成区街道总数", "卫生健康"),
        ("国家卫生县城（镇）占比", "健康环境", "其他相关环境", "%", .rate, .higher, 100, "国家卫生县城（乡镇）数", "县城（乡镇）总数", "卫生健康"),
        ("基本医保住院费用实际报销比", "健康社会", "社会保障", "%", .rate, .higher, 100, "目录内住院费用基金支付额", "目录内住院费用", "医疗保障"),
        ("城市人均体育场地面积", "健康社会", "健身活动", "m²/人", .rate, .higher, 1, "体育场地面积（室内与室外，m²）", "常住人口", "体育"),
        ("每千人拥有社会体育指导员人数比例", "健康社会", "健身活动", "人/千人", .rate, .higher, 1000, "社会体育指导员数", "常住人口", "体育"),
        ("职业健康检查覆盖率", "健康社会", "职业安全", "%", .rate, .higher, 100, "在岗期间接受职业健康检查的劳动者数", "应检查的劳动者数", "卫生健康"),
        ("食品抽样检验3批次/千人", "健康社会", "食品安全", "批次/千人", .rate, .higher, 1000, "食品抽样检验批次", "常住人口", "市场监督管理"),
        ("学生体质监测优良率", "健康社会", "文化教育", "%", .rate, .higher, 100, "综合评定80分及以上的学生数", "参加测试的学生数", "教育"),
        ("每千名老年人口拥有养老床位数", "健康社会", "养老", "张/千老人", .rate, .higher, 1000, "各类养老机构床位数", "60岁及以上人口", "民政"),
        ("健康社区覆盖率", "健康社会", "健康细胞工程", "%", .rate, .higher, 100, "健康社区数", "社区总数", "卫生健康"),
        ("健康学校覆盖率", "健康社会", "健康细胞工程", "%", .rate, .higher, 100, "健康中小学校数", "中小学校总数", "卫生健康"),
        ("健康企业覆盖率", "健康社会", "健康细胞工程", "%", .rate, .higher, 100, "健康大中型企业数", "大中型企业总数", "卫生健康"),
        ("严重精神障碍患者规范管理率", "健康服务", "精神卫生管理", "%", .rate, .higher, 100, "规范管理的患者数", "登记在册的确诊患者数", "卫生健康"),
        ("儿童健康管理率", "健康服务", "妇幼卫生服务", "%", .rate, .higher, 100, "接受1次及以上随访的0–6岁儿童数", "0–6岁儿童数", "卫生健康"),
        ("孕产妇系统管理率", "健康服务", "妇幼卫生服务", "%", .rate, .higher, 100, "从妊娠至产后28天内接受规定服务的产妇数", "活产数", "卫生健康"),
        ("每万人口全科医生数", "健康服务", "卫生资源", "人/万人", .rate, .higher, 10000, "年末全科医生数", "常住人口", "卫生健康"),
        ("每万人口拥有公共卫生人员数", "健康服务", "卫生资源", "人/万人", .rate, .higher, 10000, "专业公共卫生机构人员数", "常住人口", "卫生健康"),
        ("每千人口医疗卫生机构床位数", "健康服务", "卫生资源", "张/千人", .rate, .higher, 1000, "年末医疗卫生机构床位数", "常住人口", "卫生健康"),
        ("提供中医药服务的基层医疗卫生机构占比", "健康服务", "卫生资源", "%", .rate, .higher, 100, "能提供中医药服务的社区卫生服务中心、乡镇卫生院（及村卫生室）数", "上述机构总数", "卫生健康"),
        ("卫生健康支出占财政支出的比重", "健康服务", "卫生资源", "%", .rate, .higher, 100, "卫生健康支出", "财政支出", "财政"),
        ("人均预期寿命", "健康人群", "健康水平", "岁", .number, .higher, nil, nil, nil, "卫生健康"),
        ("婴儿死亡率", "健康人群", "健康水平", "‰", .rate, .lower, 1000, "婴儿死亡数", "活产数", "卫生健康"),
        ("5岁以下儿童死亡率", "健康人群", "健康水平", "‰", .rate, .lower, 1000, "5岁以下儿童死亡数", "活产数", "卫生健康"),
        ("孕产妇死亡率", "健康人群", "健康水平", "1/10万", .rate, .lower, 100_000, "孕产妇死亡数", "活产数", "卫生健康"),
        ("城乡居民达到《国民体质测定标准》合格以上的人数比例", "健康人群", "健康水平", "%", .rate, .higher, 100, "达到合格以上的人数", "参加测定的人数", "体育"),
        ("甲乙类传染病发病率", "健康人群", "传染病", "1/10万", .rate, .lower, 100_000, "甲乙类传染病报告病例数", "常住人口", "卫生健康"),
        ("重大慢性病过早死亡率", "健康人群", "慢性病", "%", .rate, .lower, 100, nil, nil, "卫生健康"),
        ("18-50岁人群高血压患病率", "健康人群", "慢性病", "%", .rate, .lower, 100, "18–50岁高血压患者数", "18–50岁居民数", "卫生健康"),
        ("肿瘤年龄标化发病率变化幅度", "健康人群", "慢性病", "%", .rate, .lower, 100, "本年与上年年龄标化发病率之差", "上年年龄标化发病率", "卫生健康"),
        ("居民健康素养水平", "健康文化", "健康素养", "%", .rate, .higher, 100, "具备基本健康素养的调查对象数", "调查对象数", "卫生健康"),
        ("15岁以上人群吸烟率", "健康文化", "健康行为", "%", .rate, .lower, 100, "15岁及以上现在吸烟者数", "15岁及以上调查对象数", "卫生健康"),
        ("经常参加体育锻炼人口比例", "健康文化", "健康行为", "%", .rate, .higher, 100, "经常参加体育锻炼的人数", "常住人口（调查对象数）", "体育"),
        ("媒体健康科普水平", "健康文化", "健康氛围", "个", .count, .higher, nil, nil, nil, "宣传"),
        ("注册志愿者比例", "健康文化", "健康氛围", "%", .rate, .higher, 100, "在全国志愿服务信息系统注册的志愿者数", "常住人口", "精神文明"),
    ]

    /// HC1 … HC42.
    public static let healthyCity: [Indicator] = rows.enumerated().map { i, row in
        Indicator(code: "HC\(i + 1)", name: row.name, unit: row.unit, kind: row.kind, direction: row.direction,
                  ratioBase: row.base, firstLevel: row.first, secondLevel: row.second, numerator: row.numerator,
                  denominator: row.denominator, sourceDepartment: row.source, allowsNegative: i + 1 == 37)
    }

    public static let byCode: [String: Indicator] = Dictionary(uniqueKeysWithValues: healthyCity.map { ($0.code, $0) })

    /// The five first-level dimensions, in published order.
    public static let dimensions = ["健康环境", "健康社会", "健康服务", "健康人群", "健康文化"]

    /// Words that name a department of each kind in a plan's unit list (县卫体局, 区卫生健康局, 市卫健委 …).
    public static let departmentWords: [String: [String]] = [
        "生态环境": ["生态环境", "环保", "环境保护"],
        "卫生健康": ["卫生健康", "卫健", "卫体", "卫生和计划生育", "卫计"],
        "城市管理": ["城市管理", "城管", "综合行政执法", "市容"],
        "农业农村": ["农业农村", "农业", "农村"],
        "住房和城乡建设": ["住房和城乡建设", "住建", "住房城乡建设", "园林"],
        "医疗保障": ["医疗保障", "医保"],
        "体育": ["体育", "教体", "文体", "文旅体", "卫体"],
        "市场监督管理": ["市场监督", "市场监管"],
        "教育": ["教育", "教体", "教科", "教文"],
        "民政": ["民政"],
        "财政": ["财政"],
        "宣传": ["宣传"],
        "精神文明": ["文明办", "精神文明", "团委", "志愿"],
    ]

    /// The plan unit that supplies an indicator's data: the first unit (member units first) whose name
    /// contains a word for the indicator's source department. A suggestion the office can change.
    public static func sourceUnit(for indicator: Indicator, in plan: Plan) -> String? {
        guard let department = indicator.sourceDepartment,
              let words = departmentWords[department] else { return nil }
        let names = plan.organisation.memberUnits + plan.units.filter { $0.kind == .department }.map(\.name)
        return names.first { name in words.contains { name.contains($0) } }
    }
}
