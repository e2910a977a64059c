/// The cover page, table of contents and colour swatches.
extension PDFDocument {
    /// A page of its own: the title, a subtitle, facts about the document and a closing note.
    public func coverPage(title: String, subtitle: String, facts: [(String, String)], closingNote: String) {
        fill(x: 0, y: 0, width: Self.pageWidth, height: 14, color: .accent)
        y = 200
        text("MDME · Min Dag | Min Energi", .heading2, x: left, y: y - 40, width: contentWidth, color: .muted)
        y += text(title, .title, x: left, y: y, width: contentWidth) + 8
        y += text(subtitle, .heading2, x: left, y: y, width: contentWidth, color: .text) + 18
        rule(y: y, color: .accent, width: 1.5)
        y += 18
        keyValues(facts, labelWidth: 170)
        y = max(y + 30, 620)
        note(closingNote, color: .muted)
        markContent()
        newPage()
    }

    /// The sections of the document with the page each starts on. `titles` are the level-1
    /// headings that follow, in order.
    public func tableOfContents(_ titles: [String]) {
        heading("Indhold")
        for (index, title) in titles.enumerated() {
            let page = plan?.sections.first { $0.title == title }?.page
            ensureSpace(18)
            text("\(index + 1).", .body, x: left, y: y, width: 20)
            let width = measure(title, .body, width: nil).width
            text(title, .body, x: left + 22, y: y, width: contentWidth - 70)
            line(from: (left + 26 + width, y + 10), to: (left + contentWidth - 34, y + 10), color: .rule, width: 0.6, dashed: true)
            text(page.map(String.init) ?? "–", .body, x: left + contentWidth - 30, y: y, width: 30, alignment: .right)
            y += 18
        }
        y += 8
        markContent()
    }

    /// A colour-scale level: a large swatch beside its label and the lines under it.
    public func swatchEntry(color: PDFColor, title: String, lines: [(label: String, text: String)]) {
        let swatch = 34.0
        let textX = left + swatch + 14
        let textWidth = contentWidth - swatch - 14
        var height = measure(title, .heading2, width: textWidth).height + 4
        for line in lines {
            height += measure(line.text, .body, width: textWidth - 90).height + 2
        }
        ensureSpace(max(height, swatch) + 12)
        fill(x: left, y: y, width: swatch, height: swatch, color: color)
        stroke(x: left, y: y, width: swatch, height: swatch, color: .muted, lineWidth: 0.4)
        var lineY = y
        lineY += text(title, .heading2, x: textX, y: lineY, width: textWidth, color: .text) + 4
        for line in lines {
            text(line.label, .bodyBold, x: textX, y: lineY, width: 90, color: .muted)
            lineY += text(line.text, .body, x: textX + 90, y: lineY, width: textWidth - 90) + 2
        }
        y = max(lineY, y + swatch) + 12
        markContent()
    }
}
