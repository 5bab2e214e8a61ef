import Core
import Domain
import Foundation
import Plot

struct SurveyImportView {
    var model: Model

    func render() -> String {
        let c = model.context
        let q = c.questionnaire
        // The file's column names are what the file must say; each is shown as a small label beside what it holds.
        var columns: [(name: String, meaning: String)] = []
        if let q {
            columns.append((q.idColumn, "答卷编号"))
            columns += q.scoredItems.map { ($0.item.id, $0.item.text) }
            columns += q.questions.map { ($0.id, $0.text) }
        }
        columns += [("village", "村（社区），可选"), ("weight", "每人的权重，可选")]
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
            .details(.class("card"), .summary("文件的列（第一行表头照此书写）"),
                .table(.class("compact"),
                    .thead(.tr(.th("表头"), .th("内容"))),
                    .tbody(.forEach(columns) { column in
                        .tr(.td(.span(.class("code"), .text(column.name))), .td(.text(column.meaning)))
                    })),
                .p(.class("muted"), .text("乡镇一列写乡镇名称（可省略「镇」「乡」「街道」）；判断题填 对/错 或 A/B，选择题填选项字母，多选题把所选字母连写在一格里。村（社区）一列用于计算抽样误差；给出权重时，全部答卷都须有权重。")))
        )).render()
    }
}
