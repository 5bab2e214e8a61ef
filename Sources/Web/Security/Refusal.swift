import Domain

/// What a refused action is, in the words of the 无权访问 page: the page says plainly what the account may not do
/// instead of only that it may not.
extension Action {
    var chineseDescription: String {
        switch self {
        case .listProgrammes: "查看方案列表"
        case .viewProgramme: "查看这个方案"
        case .viewRegion: "查看这个地区的登记和评审"
        case .editUnitContact(_, let unit): "修改「\(unit)」的联络信息"
        case .manageAccounts: "管理账号"
        case .assignRole(let role, _): "开设或修改「\(role.chineseName)」账号"
        case .viewAudit: "查看操作日志"
        case .manageTokens: "管理接口令牌"
        case .manageSettings: "修改系统设置"
        case .loadPlans: "载入方案"
        case .importPlans, .draftPlanDocument: "导入方案文件"
        case .editPlanImport: "查看或修改别人导入的方案草稿"
        case .saveImportedPlan: "保存导入的方案"
        case .enterIndicatorData(_, let unit): "录入或报送「\(unit)」的指标数据"
        case .manageIndicatorData: "导入指标数据或修改指标设置"
        case .reviewIndicatorData: "审核指标数据"
        case .editCellRegister: "登记或修改这个地区的健康细胞"
        case .assessCell: "为这个地区的健康细胞评分"
        case .certifyCells: "确认评审结果、命名健康细胞或导入名录"
        case .viewRegionCoverage: "查看这个地区的健康细胞覆盖情况"
        case .manageSurveys: "设置和管理调查"
        case .collectSurveyResponses: "在这个地区录入调查问卷"
        case .reportProgress(_, let unit): "报送「\(unit)」的工作进展"
        case .superviseProgramme: "督导、退回月报或整理迎检资料"
        }
    }

    /// The reason a refusal gives (the 403 page's text and the API's `reason`).
    func refusal(for principal: Principal) -> String {
        let who = principal.isToken ? "此接口令牌" : "您的账号（\(principal.role.chineseName)）"
        if principal.isReadOnly && isWrite {
            return "\(who)只能查看，不能修改：无权\(chineseDescription)。"
        }
        return "\(who)无权\(chineseDescription)。如确需此权限，请联系创建办或系统管理员。"
    }
}
