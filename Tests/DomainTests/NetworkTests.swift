import Domain
import Foundation
import Testing
import TestSupport

/// The health-promotion network's records: what a staff member and an expert must have, leaving, the counts and the roster.
@Suite struct NetworkTests {
    static let today = LocalDate(year: 2024, month: 6, day: 1)!

    @Test func aStaffMemberBelongsToOneUnitOrTownshipOfTheProgramme() throws {
        let plan = try Fixtures.plan("pianguan-2023")
        let township = UUID()
        let unitStaff = try PromotionStaff(planID: plan.id, unit: " 县卫体局 ", townshipID: nil, townshipName: nil, name: " 王五 ",
                                           post: "健康教育专干", phone: "0350-7654321", employment: .fullTime)
            .checked(plan: plan, townships: [township: "新关镇"])
        #expect(unitStaff.unit == "县卫体局" && unitStaff.name == "王五" && unitStaff.owner == "县卫体局")

        let townshipStaff = try PromotionStaff(planID: plan.id, unit: nil, townshipID: township, townshipName: "旧名", name: "李四",
                                               post: "卫生专干", phone: "13800138000", employment: .partTime)
            .checked(plan: plan, townships: [township: "新关镇"])
        #expect(townshipStaff.placeName == "新关镇" && townshipStaff.owner == township.uuidString.lowercased())

        let wrong = PromotionStaff(planID: plan.id, unit: "火星局", townshipID: nil, townshipName: nil, name: "", post: "",
                                   phone: "abc", employment: .fullTime)
        let error = try #require(throws: InputRejected.self) { try wrong.checked(plan: plan, townships: [:]) }
        let fields = Set(error.issues.compactMap { $0.location.field?.description })
        #expect(fields == ["unit", "name", "post", "phone"], "\(error)")

        let elsewhere = PromotionStaff(planID: plan.id, unit: nil, townshipID: UUID(), townshipName: nil, name: "赵六", post: "专干",
                                       phone: "13800138000", employment: .fullTime)
        #expect(throws: InputRejected.self) { try elsewhere.checked(plan: plan, townships: [township: "新关镇"]) }
        let both = PromotionStaff(planID: plan.id, unit: "县卫体局", townshipID: township, townshipName: nil, name: "赵六", post: "专干",
                                  phone: "13800138000", employment: .fullTime)
        #expect(throws: InputRejected.self) { try both.checked(plan: plan, townships: [township: "新关镇"]) }
    }

    @Test func anExpertNeedsFieldsEmployerAndAKnownRole() throws {
        let expert = try ExpertMember(planID: "p", name: "张教授", fields: ["公共卫生", " ", "营养学"], employer: "县人民医院", title: "主任医师",
                                      committeeRole: "主任委员", phone: "0350-1234567").checked()
        #expect(expert.fields == ["公共卫生", "营养学"] && expert.roleName == "主任委员")
        #expect(ExpertMember(planID: "p", name: "李", fields: ["x"], employer: "y", title: "", phone: "13800138000").roleName == "委员")

        let error = try #require(throws: InputRejected.self) {
            try ExpertMember(planID: "p", name: "张", fields: [], employer: "", title: "", committeeRole: "会长", phone: "12").checked()
        }
        #expect(Set(error.issues.compactMap { $0.location.field?.description }) == ["fields", "employer", "committeeRole", "phone"])
    }

    @Test func leavingIsRecordedOnceAndNotInTheFuture() throws {
        var staff = PromotionStaff(planID: "p", unit: "县卫体局", townshipID: nil, townshipName: nil, name: "王五", post: "专干",
                                   phone: "13800138000", employment: .fullTime)
        #expect(throws: InputRejected.self) {
            try staff.leave(on: LocalDate(year: 2024, month: 7, day: 1)!, reason: "", today: Self.today)
        }
        try staff.leave(on: LocalDate(year: 2024, month: 5, day: 20)!, reason: " 调离 ", today: Self.today)
        #expect(!staff.isCurrent && staff.leftReason == "调离" && staff.stateKey == "left")
        #expect(throws: InputRejected.self) { try staff.leave(on: Self.today, reason: "", today: Self.today) }
    }

    @Test func theSummaryCountsCurrentPeopleAndTheRosterListsLeaversToo() throws {
        let plan = try Fixtures.plan("pianguan-2023")
        let members = NetworkSummary.units(of: plan)
        let first = try #require(members.first)
        var gone = PromotionStaff(planID: plan.id, unit: first, townshipID: nil, townshipName: nil, name: "离任者", post: "专干",
                                  phone: "13800138001", employment: .fullTime)
        try gone.leave(on: Self.today, reason: "退休", today: Self.today)
        let staff = [
            PromotionStaff(planID: plan.id, unit: first, townshipID: nil, townshipName: nil, name: "甲", post: "专干", phone: "13800138000",
                           employment: .fullTime),
            PromotionStaff(planID: plan.id, unit: nil, townshipID: UUID(), townshipName: "新关镇", name: "乙", post: "专干",
                           phone: "13800138000", employment: .partTime),
            gone,
        ]
        let experts = [ExpertMember(planID: plan.id, name: "丙", fields: ["公共卫生"], employer: "县疾控中心", title: "", phone: "13800138000")]
        let summary = NetworkSummary(plan: plan, staff: staff, experts: experts)
        #expect(summary.fullTime == 1 && summary.partTime == 1 && summary.townshipsCovered == 1 && summary.experts == 1 && summary.left == 1)
        #expect(summary.unitsCovered == [first] && summary.unitsWithout.count == members.count - 1)

        let data = try NetworkWorkbook.workbook(plan: plan, staff: staff, experts: experts).data()
        let rows = try XLSXReader.rows(data: data, fileName: "名册.xlsx")
        #expect(rows.first?.cells.prefix(2) == ["单位或乡镇（街道）", "姓名"])
        #expect(rows.count == 4)
        #expect(rows.last?.cells.contains("离任者") == true && rows.last?.cells.last?.hasPrefix("已离任") == true)
    }
}
