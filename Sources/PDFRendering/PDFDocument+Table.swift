/// Tables that break across pages.
extension PDFDocument {
    public func table(_ table: Table) {
        let totalWeight = table.columns.reduce(0) { $0 + $1.weight }
        let widths = table.columns.map { contentWidth * $0.weight / totalWeight }
        let padding = table.compact ? 3.0 : 4.0
        let style: TextStyle = table.compact ? .small : .body
        let boldStyle: TextStyle = table.compact ? .smallBold : .bodyBold
        let swatchSize = table.compact ? 7.0 : 8.5

        func rowHeight(_ cells: [Table.Cell], header: Bool) -> Double {
            var height = 0.0
            for (index, cell) in cells.enumerated() where index < widths.count {
                let inset = cell.swatch == nil ? 0 : swatchSize + 4
                let cellStyle = header || cell.bold ? boldStyle : style
                height = max(height, measure(cell.text, cellStyle, width: widths[index] - 2 * padding - inset).height)
            }
            return height + 2 * padding
        }

        func draw(_ cells: [Table.Cell], height: Double, header: Bool, shaded: Bool) {
            if header || shaded {
                fill(x: left, y: y, width: contentWidth, height: height, color: header ? .accent.lightened(0.85) : .shade)
            }
            var x = left
            for (index, cell) in cells.enumerated() where index < widths.count {
                var inset = 0.0
                if let swatch = cell.swatch {
                    fill(x: x + padding, y: y + padding + 1.5, width: swatchSize, height: swatchSize, color: swatch)
                    stroke(x: x + padding, y: y + padding + 1.5, width: swatchSize, height: swatchSize, color: .muted, lineWidth: 0.3)
                    inset = swatchSize + 4
                }
                text(cell.text, header || cell.bold ? boldStyle : style, x: x + padding + inset, y: y + padding,
                     width: widths[index] - 2 * padding - inset, alignment: table.columns[index].alignment, color: cell.color)
                x += widths[index]
            }
            y += height
            markContent()
        }

        let header = table.columns.map { Table.Cell($0.title) }
        let headerHeight = rowHeight(header, header: true)
        ensureSpace(headerHeight + (table.rows.first.map { rowHeight($0, header: false) } ?? 0))
        draw(header, height: headerHeight, header: true, shaded: true)
        for (index, row) in table.rows.enumerated() {
            let height = rowHeight(row, header: false)
            if y + height > bottom {
                newPage()
                draw(header, height: headerHeight, header: true, shaded: true)
            }
            draw(row, height: height, header: false, shaded: index % 2 == 1)
        }
        rule(y: y, color: .rule)
        y += 10
    }
}
