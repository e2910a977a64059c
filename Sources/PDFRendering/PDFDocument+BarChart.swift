/// Horizontal bar charts.
extension PDFDocument {
    /// Draws `chart` across the content width, moving to a new page if it does not fit.
    public func barChart(_ chart: BarChart) {
        let labelWidth = 150.0
        let valueWidth = 64.0
        let plotX = left + labelWidth
        let plotWidth = contentWidth - labelWidth - valueWidth
        let hasPrevious = chart.bars.contains { $0.previous != nil }
        let rowHeight = hasPrevious ? 26.0 : 20.0
        let bandLabelHeight = chart.bands.isEmpty ? 0.0 : 14.0
        let plotHeight = Double(chart.bars.count) * rowHeight + 6
        let legendHeight = hasPrevious ? 16.0 : 0
        let total = bandLabelHeight + plotHeight + 16 + (chart.markers.isEmpty ? 0 : 12) + legendHeight + 10
        ensureSpace(total)
        let span = chart.scale.upperBound - chart.scale.lowerBound
        func xOf(_ value: Double) -> Double {
            plotX + plotWidth * (min(max(value, chart.scale.lowerBound), chart.scale.upperBound) - chart.scale.lowerBound) / span
        }

        let top = y + bandLabelHeight
        for band in chart.bands {
            let x0 = xOf(band.from), x1 = xOf(band.to)
            fill(x: x0, y: top, width: x1 - x0, height: plotHeight, color: band.color.lightened(0.78))
            // Unwrapped: a narrow band's label may reach over its neighbours' empty margins.
            let labelWidth = measure(band.label, .caption, width: nil).width
            text(band.label, .caption, x: (x0 + x1 - labelWidth) / 2, y: y + 2, width: nil, color: band.color)
        }
        for tick in chart.ticks {
            line(from: (xOf(tick), top), to: (xOf(tick), top + plotHeight), color: .rule, width: 0.4)
        }
        var rowY = top + 3
        for bar in chart.bars {
            let barHeight = hasPrevious ? 11.0 : 13.0
            let groupHeight = hasPrevious ? barHeight + 8 : barHeight
            let labelHeight = measure(bar.label, .body, width: labelWidth - 8).height
            text(bar.label, .body, x: left, y: rowY + (groupHeight - labelHeight) / 2, width: labelWidth - 8)
            if let value = bar.value {
                fill(x: plotX, y: rowY, width: max(xOf(value) - plotX, 1), height: barHeight, color: chart.color)
            }
            if let previous = bar.previous {
                fill(x: plotX, y: rowY + barHeight + 2, width: max(xOf(previous) - plotX, 1), height: 6, color: .muted.lightened(0.45))
            }
            let valueHeight = measure(bar.valueText, .bodyBold, width: valueWidth - 6).height
            text(bar.valueText, .bodyBold, x: plotX + plotWidth + 6, y: rowY + (groupHeight - valueHeight) / 2, width: valueWidth - 6)
            rowY += rowHeight
        }
        line(from: (plotX, top), to: (plotX, top + plotHeight), color: .muted, width: 0.6)
        line(from: (plotX, top + plotHeight), to: (plotX + plotWidth, top + plotHeight), color: .muted, width: 0.6)
        for tick in chart.ticks {
            text(Self.number(tick), .caption, x: xOf(tick) - 15, y: top + plotHeight + 2, width: 30, alignment: .center)
        }
        y = top + plotHeight + 16
        for marker in chart.markers {
            line(from: (xOf(marker.value), top - 2), to: (xOf(marker.value), top + plotHeight + 2), color: .text, width: 1.2, dashed: true)
            text(marker.label, .smallBold, x: xOf(marker.value) - 80, y: y, width: 160, alignment: .center)
            y += 12
        }
        if hasPrevious {
            fill(x: plotX, y: y + 3, width: 14, height: 7, color: chart.color)
            text(chart.currentLabel, .small, x: plotX + 18, y: y + 1, width: 150)
            fill(x: plotX + 170, y: y + 4, width: 14, height: 5, color: .muted.lightened(0.45))
            text(chart.previousLabel, .small, x: plotX + 188, y: y + 1, width: 200)
            y += legendHeight
        }
        y += 10
        markContent()
    }

    /// An axis value as Danish text: a decimal comma, no fraction when whole.
    static func number(_ value: Double) -> String {
        if value.rounded() == value { return String(Int(value)) }
        let tenths = Int((value * 10).rounded())
        return "\(tenths < 0 ? "-" : "")\(abs(tenths) / 10),\(abs(tenths) % 10)"
    }
}
