import Core
import Domain
import Foundation
import Plot

/// The upload form: a .txt or .docx file, or the text pasted.
struct ImportNewView {
    struct Problem {
        var fileName: String?
        var message: String
    }

    var model: Model

    func render() -> String {
        let maxBytes = DocumentReader.maximumFileBytes
        return Layout(title: "导入方案文件", crumbs: [.init(title: "我的导入草稿", url: .imports), .init(title: "导入方案文件", url: nil)],
                      content: .group(
            .h1("导入方案文件"),
            .p(.class("sub"), .text("上传实施方案原文（Word 文档 .docx，或纯文本 .txt，不超过 \(maxBytes / 1_048_576) MB），"
                + "系统读出方案的阶段、组织机构、任务和责任单位，生成草稿；核对、修改后再保存为方案。上传的文件本身不保存。")),
            .unwrap(model.problem) { problem in
                .noticeBlock(.error, .id("upload-problem"), .attribute(named: "role", value: "alert"), .p(.b(.text(problem.fileName.map { "「\($0)」无法导入" } ?? "无法导入"))), .p(.text(problem.message)), .p(.class("muted"), .text("没有保存任何内容。")))
            },
            .form(.method(.post), .action(SiteURL.imports.path), .enctype(.multipartData), .class("stack card"),
                .csrfField(),
                .label(.text("实施方案文件（.docx 或 .txt）"),
                    .input(.type(.file), .name("file"),
                           .attribute(named: "accept", value: ".docx,.txt,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                           .attribute(named: "data-max-bytes", value: String(maxBytes)),
                           .attribute(named: "data-message", value: "file-message")),
                    .span(.class("field-error"), .id("file-message"))),
                .label(.text("或者把方案正文粘贴在这里"),
                    .textarea(.name("text"), .attribute(named: "rows", value: "8"),
                              .attribute(named: "placeholder", value: "××县创建健康促进县工作实施方案……"))),
                .button(.type(.submit), .text("读取并生成草稿"))
            ),
            .if(!model.templates.isEmpty, .form(.method(.post), .action(SiteURL.importFromTemplate.path), .class("stack card"),
                .csrfField(),
                .h3("或者以现有方案为模板"),
                .p(.class("muted"), .text("复制所选方案的组织机构、单位、任务、目标和指标，生成草稿；改成本地的编号、名称、地点和日期后再保存。原方案的进展、月报和数据不会带过来。")),
                .label(.text("模板方案"),
                    .select(.attribute(named: "name", value: "template"),
                            .forEach(model.templates) { .choice($0.id, "\($0.title)（\($0.place.name)）", selected: false) })),
                .button(.type(.submit), .class("secondary"), .text("以此为模板生成草稿")))),
            .p(.a(.href(SiteURL.imports.path), .text("我的导入草稿 ›")))
        )).render()
    }
}
