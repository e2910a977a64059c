/// Vertical stacked bar charts.
extension PDFDocument {
    /// Draws `chart` across the content width with its legend below, on a new page if it does not fit.
    public func stackedBarChart(_ chart: StackedBarChart) {
        let axisWidth = 30.0
        let plotX = left + axisWidth
        let plotWidth = contentWidth - axisWidth
        let legendHeight = 16.0 * Double((chart.series.count + 2) / 3)
        ensureSpace(chart.height + 30 + legendHeight)
        let top = y + 10
        let maximum = chart.values.map { $0.reduce(0, +) }.max() ?? 0
        let step = Self.niceStep(maximum / 4)
        let ceiling = max(step * (maximum / step).rounded(.up), step)
        text(chart.unit, .caption, x: left, y: y - 2, width: axisWidth + 40)
        var tick = 0.0
        while tick <= ceiling + step / 2 {
            let tickY = top + chart.height * (1 - tick / ceiling)
            line(from: (plotX, tickY), to: (plotX + plotWidth, tickY), color: .rule, width: 0.4)
            text(Self.number(tick), .caption, x: left, y: tickY - 4, width: axisWidth - 4, alignment: .right)
            tick += step
        }
        let count = max(chart.categories.count, 1)
        let slot = plotWidth / Double(count)
        let barWidth = slot > 4 ? slot * 0.75 : slot
        for (index, stack) in chart.values.enumerated() {
            var base = top + chart.height
            let x = plotX + slot * Double(index) + (slot - barWidth) / 2
            for (seriesIndex, value) in stack.enumerated() where value > 0 && seriesIndex < chart.series.count {
                let height = chart.height * value / ceiling
                fill(x: x, y: base - height, width: barWidth, height: height, color: chart.series[seriesIndex].color)
                base -= height
            }
        }
        line(from: (plotX, top + chart.height), to: (plotX + plotWidth, top + chart.height), color: .muted, width: 0.6)
        var lastLabelEnd = -Double.infinity
        for (index, label) in chart.categories.enumerated() where !label.isEmpty {
            let center = plotX + slot * (Double(index) + 0.5)
            let width = measure(label, .caption, width: nil).width
            guard center - width / 2 > lastLabelEnd + 4 else { continue }
            line(from: (center, top + chart.height), to: (center, top + chart.height + 2.5), color: .muted, width: 0.5)
            text(label, .caption, x: center - width / 2, y: top + chart.height + 3, width: nil)
            lastLabelEnd = center + width / 2
        }
        y = top + chart.height + 18
        for (index, series) in chart.series.enumerated() {
            let column = Double(index % 3)
            let x = plotX + column * plotWidth / 3
            if index % 3 == 0, index > 0 { y += 16 }
            fill(x: x, y: y + 2, width: 10, height: 10, color: series.color)
            text(series.label, .small, x: x + 14, y: y + 1.5, width: plotWidth / 3 - 18)
        }
        y += 26
        markContent()
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 else { return 1 }
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        for factor in [1.0, 2, 5, 10] where magnitude * factor >= raw { return magnitude * factor }
        return magnitude * 10
    }
}
