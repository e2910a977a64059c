internal import CPangoCairo

/// Tables that break across pages.
extension PDFDocument {
    /// Draws `table`; rows that do not fit go to the next page under a repeated header row.
    public func table(_ table: Table) {
        let totalWeight = table.columns.reduce(0) { $0 + $1.weight }
        let widths = table.columns.map { contentWidth * $0.weight / totalWeight }
        let padding = table.compact ? 3.0 : 4.0
        let style: TextStyle = table.compact ? .small : .body
        let boldStyle: TextStyle = table.compact ? .smallBold : .bodyBold
        let swatchSize = table.compact ? 7.0 : 8.5
        /// A row's cells shaped (one layout per column) and the row's height.
        func prepareRow(_ cells: [Table.Cell], header: Bool) -> (layouts: [OpaquePointer], height: Double) {
            var height = 0.0
            var layouts: [OpaquePointer] = []
            for (index, cell) in cells.enumerated() where index < widths.count {
                let inset = cell.swatch == nil ? 0 : swatchSize + 4
                let shaped = cachedLayout(cell.text, header || cell.bold ? boldStyle : style,
                                          width: widths[index] - 2 * padding - inset, alignment: table.columns[index].alignment)
                layouts.append(shaped.layout)
                height = max(height, shaped.height)
            }
            return (layouts, height + 2 * padding)
        }

        /// Draws a row with the layouts `prepareRow` made for it.
        func draw(_ cells: [Table.Cell], layouts: [OpaquePointer], height: Double, header: Bool, shaded: Bool) {
            if header || shaded {
                fill(x: left, y: y, width: contentWidth, height: height, color: header ? .accent.lightened(0.85) : .shade)
            }
            var x = left
            for (index, cell) in cells.enumerated() where index < widths.count {
                var inset = 0.0
                if let swatch = cell.swatch {
                    fill(x: x + padding, y: y + padding + 1.5, width: swatchSize, height: swatchSize, color: swatch)
                    inset = swatchSize + 4
                }
                // Empty cells (most diary rows have no note) cost cairo nothing.
                if !cell.text.isEmpty {
                    show(layouts[index], x: x + padding + inset, y: y + padding,
                         color: cell.color ?? (header || cell.bold ? boldStyle : style).color)
                }
                x += widths[index]
            }
            y += height
            markContent()
        }

        let header = table.columns.map { Table.Cell($0.title) }
        shapedText.trim()
        let headerRow = prepareRow(header, header: true)
        ensureSpace(headerRow.height + (table.rows.first.map { prepareRow($0, header: false).height } ?? 0))
        draw(header, layouts: headerRow.layouts, height: headerRow.height, header: true, shaded: true)
        for (index, row) in table.rows.enumerated() {
            // Between rows no cached layout is held, so a full cache may be emptied here.
            shapedText.trim()
            let prepared = prepareRow(row, header: false)
            if y + prepared.height > bottom {
                newPage()
                let repeated = prepareRow(header, header: true)
                draw(header, layouts: repeated.layouts, height: repeated.height, header: true, shaded: true)
            }
            draw(row, layouts: prepared.layouts, height: prepared.height, header: false, shaded: index % 2 == 1)
        }
        rule(y: y, color: .rule)
        y += 10
    }
}
