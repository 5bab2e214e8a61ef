import Foundation

/// What the importer knows about unit names: whether a phrase is a unit, what kind it is, and
/// when two spellings (市卫健委 / 市卫生健康委员会 / 卫健委) are the same unit.
public enum UnitNames {
    /// Endings that make a phrase a unit name.
    static let unitEndings = [
        "局", "委", "办", "部", "厅", "院", "所", "站", "中心", "会", "联", "团", "队", "支队", "大队", "公司", "集团",
        "政府", "办事处", "管委会", "委员会", "工作组", "小组", "单位", "部门", "机构", "机关", "学校", "医院", "卫生院",
        "分局", "街道", "社区", "镇", "乡", "村", "台", "馆", "处", "科", "室", "署", "行", "社", "组", "企业",
    ]

    static func looksLikeUnit(_ name: String) -> Bool {
        guard (2...40).contains(name.count), !name.contains("。") else { return false }
        let core = name.hasSuffix("）") || name.hasSuffix(")") ? stripTrailingBracket(name) : name
        return unitEndings.contains { core.hasSuffix($0) } || name.hasSuffix(">人民政府")
    }

    static func stripTrailingBracket(_ name: String) -> String {
        guard let open = name.lastIndex(where: { $0 == "（" || $0 == "(" }) else { return name }
        return String(name[..<open])
    }

    /// The kind the plan format gives a unit, from its name.
    public static func kind(of name: String) -> UnitKind {
        if isGroupReference(name) { return .group }
        if name.hasSuffix("创建办") || name == "健康办" || name.hasSuffix("创建工作办公室") { return .office }
        if ["公司", "集团", "有限公司", "企业"].contains(where: name.hasSuffix) { return .enterprise }
        let organisations = ["总工会", "妇联", "残联", "红十字会", "科协", "工商联", "文联", "侨联", "计生协", "团市委", "团区委", "团县委", "共青团"]
        if organisations.contains(where: name.contains) { return .organisation }
        if name.hasSuffix("办事处") || name.hasSuffix("街道") || name.hasSuffix("社区管委会")
            || name.hasSuffix("镇政府") || name.hasSuffix("乡政府") || name.hasSuffix("镇人民政府") || name.hasSuffix("乡人民政府") {
            return .township
        }
        let institutions = ["中心", "医院", "卫生院", "疾控", "学校", "研究所", "站", "院", "馆", "台", "医疗集团", "保健院", "服务中心"]
        if institutions.contains(where: name.hasSuffix) || name.hasSuffix("中心）") { return .institution }
        return .department
    }

    /// 各成员单位, 领导小组各成员单位, 县直各有关单位, 各乡<镇>人民政府: references to many units.
    public static func isGroupReference(_ name: String) -> Bool {
        if name.hasPrefix("各") || name.hasPrefix("相关") || name.hasPrefix("有关") || name.hasPrefix("其他") { return true }
        return ["各成员单位", "各有关", "各相关", "各级", "各部门", "各单位", "各专业工作组", "各镇", "各乡", "各村", "相关成员单位", "直各"]
            .contains(where: name.contains)
    }

    public static func coverage(of name: String) -> GroupCoverage? {
        guard isGroupReference(name) else { return nil }
        if name.contains("成员单位") { return .memberUnits }
        if name.contains("工作组") { return .workingGroups }
        if (name.contains("乡") || name.contains("镇") || name.contains("街道") || name.contains("镇街"))
            && (name.contains("政府") || name.contains("办事处") || name.hasSuffix("镇街") || name.hasSuffix("乡镇")) {
            return .townships
        }
        return nil
    }

    /// Abbreviations and their full forms, both directions folded to the full form.
    static let expansions: [(String, String)] = [
        ("卫健委", "卫生健康委员会"), ("卫生健康委", "卫生健康委员会"), ("卫健局", "卫生健康局"), ("卫计委", "卫生和计划生育委员会"),
        ("市监局", "市场监督管理局"), ("市场监管局", "市场监督管理局"), ("医保局", "医疗保障局"), ("医保分局", "医疗保障分局"),
        ("人社局", "人力资源和社会保障局"), ("人力社保局", "人力资源和社会保障局"), ("住建局", "住房和城乡建设局"),
        ("住房城乡建委", "住房和城乡建设委员会"), ("住建委", "住房和城乡建设委员会"),
        ("发改委", "发展和改革委员会"), ("发展改革委", "发展和改革委员会"), ("发改局", "发展和改革局"),
        ("教体局", "教育和体育局"), ("教科体局", "教育科技和体育局"), ("教科局", "教育科技局"), ("教委", "教育委员会"),
        ("城管局", "城市管理局"), ("交运局", "交通运输局"), ("交通局", "交通运输局"), ("文旅局", "文化和旅游局"),
        ("文化旅游委", "文化和旅游委员会"), ("文化和旅游局", "文化和旅游局"), ("文广旅局", "文化广电旅游局"),
        ("工信局", "工业和信息化局"), ("经济信息委", "经济和信息化委员会"), ("经信委", "经济和信息化委员会"),
        ("应急局", "应急管理局"), ("自然资源局", "自然资源局"), ("自规局", "自然资源和规划局"), ("农业农村局", "农业农村局"),
        ("农业农村委", "农业农村委员会"), ("商务委", "商务委员会"), ("生态环境分局", "生态环境局"), ("环保局", "生态环境局"),
        ("政府办", "政府办公室"), ("网信办", "网络安全和信息化委员会办公室"), ("编办", "机构编制委员会办公室"),
        ("政法委", "政法委员会"), ("疾控中心", "疾病预防控制中心"), ("妇幼保健院", "妇幼保健计划生育服务中心"),
        ("融媒体中心", "融媒体中心"), ("总工会", "总工会"), ("妇联", "妇女联合会"), ("残联", "残疾人联合会"),
        ("卫体局", "卫生健康和体育局"), ("行政审批局", "行政审批服务局"), ("水务局", "水务局"),
    ]

    static let levelPrefixes: [Character] = ["省", "市", "区", "县", "镇", "乡", "州", "旗"]

    /// A key under which spellings of one unit coincide: place prefix dropped, abbreviations expanded.
    /// `市卫健委`, `市卫生健康委员会` and `卫健委` share one key; `区卫健局` and `区卫生健康局` share another.
    public static func matchKey(_ name: String) -> String {
        var s = PlanText.fold(PlanText.collapseSpaces(name))
        s = s.replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: "")
        // Drop named administrative prefixes (赣州市, 重庆市永川区) while something unit-like remains.
        var changed = true
        while changed {
            changed = false
            let chars = Array(s)
            if chars.count > 4 {
                for length in 2...min(6, chars.count - 3) {
                    let c = chars[length]
                    if ["省", "市", "县", "区"].contains(c), chars[..<length].allSatisfy({ PlanText.isHan($0) }),
                       !["委", "场", "政", "直", "属", "级", "管"].contains(chars[length + 1]) {
                        s = String(chars[(length + 1)...]); changed = true; break
                    }
                }
            }
        }
        if let first = s.first, levelPrefixes.contains(first), s.count > 2 { s.removeFirst() }
        for (short, full) in expansions where s.contains(short) && !s.contains(full) {
            s = s.replacingOccurrences(of: short, with: full)
        }
        return s
    }
}
