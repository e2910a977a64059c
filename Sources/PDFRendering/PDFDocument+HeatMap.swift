/// Heat-map grids.
extension PDFDocument {
    /// Draws `map` with its legend, on a new page if it does not fit; the fullest cell gets the full colour.
    public func heatMap(_ map: HeatMap) {
        let labelWidth = 34.0
        let columns = max(map.columnLabels.count, 1)
        let cellWidth = (contentWidth - labelWidth) / Double(columns)
        let cellHeight = 17.0
        let height = 14 + cellHeight * Double(map.rowLabels.count) + 28
        ensureSpace(height)
        let maximum = map.values.flatMap { $0 }.max() ?? 0
        for (column, label) in map.columnLabels.enumerated() {
            text(label, .caption, x: left + labelWidth + cellWidth * Double(column), y: y, width: cellWidth, alignment: .center)
        }
        y += 12
        for (row, label) in map.rowLabels.enumerated() {
            text(label, .small, x: left, y: y + 3.5, width: labelWidth - 4)
            for column in 0..<columns {
                let value = row < map.values.count && column < map.values[row].count ? map.values[row][column] : 0
                let x = left + labelWidth + cellWidth * Double(column)
                let intensity = maximum == 0 ? 0 : Double(value) / Double(maximum)
                let color = value == 0 ? PDFColor.shade : map.color.lightened(0.85 - 0.85 * intensity)
                fill(x: x + 0.5, y: y + 0.5, width: cellWidth - 1, height: cellHeight - 1, color: color)
                if value > 0 {
                    text("\(value)", .caption, x: x, y: y + 4, width: cellWidth, alignment: .center,
                         color: color.prefersDarkText ? .text : .white)
                }
            }
            y += cellHeight
        }
        y += 4
        fill(x: left + labelWidth, y: y + 2, width: 10, height: 8, color: map.color.lightened(0.85))
        fill(x: left + labelWidth + 10, y: y + 2, width: 10, height: 8, color: map.color.lightened(0.45))
        fill(x: left + labelWidth + 20, y: y + 2, width: 10, height: 8, color: map.color)
        text(map.legend, .small, x: left + labelWidth + 36, y: y + 0.5, width: contentWidth - labelWidth - 36)
        y += 24
        markContent()
    }
}
