import Foundation
import MDMECore
import Testing

@Suite struct ReportRequestTests {
    private func fields(_ request: CreateReportRequest) -> [String] {
        request.validate()?.details?.map(\.field) ?? []
    }

    @Test func everyKindWithoutOptionsIsValidExceptRegistrations() {
        for kind in ReportKind.allCases where kind != .registrations {
            #expect(CreateReportRequest(kind: kind).validate() == nil, "\(kind)")
        }
        #expect(fields(CreateReportRequest(kind: .registrations)) == ["from", "to"])
    }

    @Test func questionnaireIDOnlyForQuestionnaireKinds() {
        #expect(CreateReportRequest(kind: .mfi20, questionnaireID: UUID()).validate() == nil)
        #expect(CreateReportRequest(kind: .mfs, questionnaireID: UUID()).validate() == nil)
        #expect(fields(CreateReportRequest(kind: .copm, questionnaireID: UUID())) == ["questionnaire_id"])
        #expect(fields(CreateReportRequest(kind: .export, questionnaireID: UUID())) == ["questionnaire_id"])
    }

    @Test func periodRules() {
        let march1 = CalendarDate("2027-03-01")!
        #expect(CreateReportRequest(kind: .registrations, from: march1, to: march1).validate() == nil)
        #expect(CreateReportRequest(kind: .export, from: march1, to: march1.adding(days: 365)).validate() == nil)
        #expect(CreateReportRequest(kind: .export).validate() == nil)
        #expect(fields(CreateReportRequest(kind: .registrations, from: march1, to: march1.adding(days: -1))) == ["to"])
        #expect(fields(CreateReportRequest(kind: .registrations, from: march1, to: march1.adding(days: 366))) == ["to"])
        #expect(fields(CreateReportRequest(kind: .export, from: march1)) == ["to"])
        #expect(fields(CreateReportRequest(kind: .export, to: march1)) == ["from"])
        #expect(fields(CreateReportRequest(kind: .colorScale, from: march1, to: march1)) == ["from", "to"])
    }

    @Test func calendarDaysAcrossLeapYearsAndMonths() {
        #expect(CalendarDate("2028-02-28")!.days(until: CalendarDate("2028-03-01")!) == 2)
        #expect(CalendarDate("2027-12-31")!.adding(days: 1) == CalendarDate("2028-01-01")!)
        #expect(CalendarDate("2027-03-01")!.adding(days: -1) == CalendarDate("2027-02-28")!)
    }
}
