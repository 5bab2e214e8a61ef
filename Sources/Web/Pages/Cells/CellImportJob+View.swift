import Core
import Domain
import Foundation
import Plot

struct CellImportJobView {
    var model: Model

    func render() -> String {
        let p = model.programme
        let job = model.job
        let progressURL = SiteURL.cellImportProgress(plan: p.plan.id, job: job.id).path
        return Layout(title: "导入登记册", crumbs: cellCrumbs(p, "导入登记册"), content: .group(
            .h1("导入「\(job.fileName)」"),
            .div(.class("card"), .id("import-job"), .attribute(named: "data-progress", value: attr(progressURL)),
                .attribute(named: "data-state", value: attr(job.state.rawValue)),
                .element(named: "progress", nodes: [.attribute(named: "max", value: "100"),
                                                    .attribute(named: "value", value: String(Int(job.fraction * 100)))]),
                .p(.id("import-status"), .text(Self.status(job))),
                .if(job.state == .failed, .noticeBlock(.error, .p(.text("未导入任何数据，请更正以下问题后重新上传：")), .ul(.forEach(job.problems.prefix(200)) { .li(.text($0)) }))),
                .if(job.state == .running, .element(named: "noscript", nodes: [.p(.text("页面不会自动刷新：请稍后手动刷新查看进度。"))]))),
            .p(.a(.href(SiteURL.cells(p.plan.id).path), .text("返回健康细胞看板 ›")), .text(" "),
               .a(.href(SiteURL.cellImport(p.plan.id).path), .text("再导入一个文件")))
        )).render()
    }

    static func status(_ job: CellImportJobs.Job) -> String {
        switch job.state {
        case .running: "正在导入……已读 \(job.rows) 行（\(Int(job.fraction * 100))%）"
        case .done:
            job.result.map { "导入完成：\($0.rows) 行，新增 \($0.added)，更新 \($0.updated)，未变 \($0.unchanged)。" } ?? "导入完成"
        case .failed: "导入失败，整份文件未导入。"
        }
    }
}
