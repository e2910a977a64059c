import Foundation
import MDMECore
import Reports
import Testing

/// Render time of the largest everyday report: a busy client's year of diary (3,000
/// registrations) as a `registrations` report. Run by `scripts/bench` in a release build;
/// the target is under 250 ms.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["MDME_BENCH"] != nil, "run through scripts/bench"))
struct RenderBenchmark {
    @Test("a year of a busy client's diary (3,000 registrations) renders in under 250 ms")
    func registrationsReport() throws {
        let input = try DemoData.input(.registrations, diaryCount: 3000, days: 365)
        _ = try ReportComposer.render(input)
        let runs = 10
        var durations: [Double] = []
        var bytes = 0
        for _ in 0..<runs {
            let started = ContinuousClock.now
            bytes = try ReportComposer.render(input).count
            let elapsed = ContinuousClock.now - started
            durations.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        durations.sort()
        let median = durations[runs / 2]
        let pages = try PopplerTools.pageCount(try ReportComposer.render(input))
        print(String(
            format: #"{"benchmark":"render","kind":"registrations","registrations":3000,"pages":%d,"bytes":%d,"runs":%d,"median_ms":%.1f,"min_ms":%.1f,"max_ms":%.1f,"reports_per_second_per_core":%.1f}"#,
            pages, bytes, runs, median * 1000, durations.first! * 1000, durations.last! * 1000, 1 / median
        ))
        #expect(median < 0.25)
    }
}
