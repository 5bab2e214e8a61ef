/// What an audit entry's object is, in Chinese; the record's id stays as a small secondary label.
enum AuditLabels {
    static func entity(_ entity: String) -> String {
        switch entity {
        case "user": "账号"
        case "api-token", "token": "接口令牌"
        case "unit", "unit-contact": "单位"
        case "plan": "方案"
        case "plan-import": "方案导入草稿"
        case "setting": "系统设置"
        case "region", "region-import": "区划"
        case "indicator-settings": "指标设置"
        case "observation": "指标数据"
        case "reference-value": "参考值"
        case "survey": "调查"
        case "survey-response": "调查答卷"
        case "job": "导入任务"
        case "cell-register": "健康细胞名录"
        case "cell-place": "健康细胞场所"
        case "cell-assessment": "健康细胞评审"
        case "meeting": "会议"
        case "training": "培训"
        case "network-staff": "健康促进人员"
        case "network-expert": "健康专家"
        case "monthly-report": "工作月报"
        case "inspection": "督导检查"
        case "problem": "问题清单"
        case "activity", "activities": "活动"
        case "task-assignment": "任务进展"
        case "evidence-link": "迎检佐证材料"
        case "policy-review": "健康影响评价"
        case "agreement": "责任书"
        case "budget-line": "经费"
        case "beneficiary-target": "受益人群目标"
        case "notification": "消息"
        default: "其他记录"
        }
    }
}
