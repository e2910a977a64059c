import MDMERuntime
import Testing

@Suite("Prometheus text format")
struct PrometheusTextTests {
    @Test func countersCarrySortedEscapedLabels() {
        var text = PrometheusText()
        text.counter("mdme_things_total", "Things.", [(["worker": "storage", "outcome": "a\"b\\c\nd"], 3)])
        #expect(text.text == """
            # HELP mdme_things_total Things.
            # TYPE mdme_things_total counter
            mdme_things_total{outcome="a\\"b\\\\c\\nd",worker="storage"} 3

            """)
    }

    @Test func histogramBucketsAreCumulative() {
        var histogram = Histogram(bounds: [0.01, 0.1, 1])
        for seconds in [0.005, 0.05, 0.05, 0.5, 5] { histogram.observe(seconds) }
        #expect(histogram.bucketCounts == [1, 3, 4])
        #expect(histogram.count == 5)
        var text = PrometheusText()
        text.histogram("d_seconds", "D.", histogram)
        #expect(text.text.contains("d_seconds_bucket{le=\"0.1\"} 3\nd_seconds_bucket{le=\"1.0\"} 4\nd_seconds_bucket{le=\"+Inf\"} 5\n"))
        #expect(text.text.contains("d_seconds_count 5\n"))
    }
}
