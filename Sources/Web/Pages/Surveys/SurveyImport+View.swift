import Core
import Domain
import Foundation
import Plot

struct SurveyImportView {
    var model: Model

    func render() -> String {
        let c = model.context
        let q = c.questionnaire
        let columns = (q?.columns ?? []) + ["village（可选）", "weight（可选）"]
        return Layout(title: "导入答卷", crumbs: surveyCrumbs(c.programme, c.survey, "导入答卷"), content: .group(
            .h1("导入答卷"),
            .p(.class("sub"), .text("CSV（UTF-8 或 GBK）或 xlsx，第一行是表头，每行一份答卷。全部无误才导入，有错误时一份也不导入。")),
            .problemList(model.problems, heading: "未导入，请更正文件后重新上传："),
            .form(.method(.post), .action(SiteURL.surveyImport(plan: c.programme.plan.id, id: c.survey.id).path),
                  .attribute(named: "enctype", value: "multipart/form-data"), .class("stack card"),
                .csrfField(),
                .label(.text("答卷文件"), .input(.type(.file), .name("file"), .required(true), .attribute(named: "accept", value: ".csv,.xlsx"),
                                              .attribute(named: "data-max-bytes", value: String(TableFile.maximumBytes)))),
                .button(.type(.submit), .text("导入"))),
            .h2("文件的列"),
            .p(.text(columns.joined(separator: "、"))),
            .p(.class("muted"), .text("township 列写乡镇名称（可省略「镇」「乡」「街道」）；判断题填 对/错 或 A/B，选择题填选项字母，多选题如 ABD。village 列作为初级抽样单位；weight 列给出每人的权重时，全部答卷都须有权重。"))
        )).render()
    }
}
