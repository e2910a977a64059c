/// Headings, paragraphs and label/value lists.
extension PDFDocument {
    /// A section heading. Level 1 starts a section: it is listed in the table of contents and
    /// the PDF outline. A heading never sits alone at the bottom of a page: `keepWithNext` is
    /// the height of what follows that must fit below it (a chart's full height, say).
    public func heading(_ text: String, level: Int = 1, keepWithNext: Double = 110) {
        let style: TextStyle = level == 1 ? .heading1 : .heading2
        let height = measure(text, style, width: contentWidth).height
        ensureSpace(height + keepWithNext)
        if y > Self.marginTop + 1 { space(level == 1 ? 14 : 8) }
        if level == 1 {
            sections.append((text, pageNumber))
            _ = outline(text)
        }
        self.text(text, style, x: left, y: y, width: contentWidth)
        y += height + 2
        if level == 1 {
            rule(y: y + 1, color: .accent, width: 1)
            y += 8
        } else {
            y += 3
        }
        markContent()
    }

    /// Wrapped text over the full width (or indented), moving to the next page line by line
    /// when it is long.
    public func paragraph(_ text: String, style: TextStyle = .body, indent: Double = 0, color: PDFColor? = nil) {
        let width = contentWidth - indent
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let height = measure(String(line), style, width: width).height
            ensureSpace(height)
            self.text(String(line), style, x: left + indent, y: y, width: width, color: color)
            y += height
            markContent()
        }
        y += 5
    }

    /// Label/value pairs in two columns (e.g. "Dato" / "3. marts 2027").
    public func keyValues(_ pairs: [(String, String)], labelWidth: Double = 150) {
        for (label, value) in pairs {
            let valueHeight = measure(value, .body, width: contentWidth - labelWidth).height
            let labelHeight = measure(label, .bodyBold, width: labelWidth - 8).height
            ensureSpace(max(valueHeight, labelHeight) + 2)
            text(label, .bodyBold, x: left, y: y, width: labelWidth - 8, color: .muted)
            text(value, .body, x: left + labelWidth, y: y, width: contentWidth - labelWidth)
            y += max(valueHeight, labelHeight) + 3
            markContent()
        }
        y += 4
    }

    /// A tinted box with a short message, for "no data" and for clinical flags.
    public func note(_ text: String, color: PDFColor = .accent) {
        let padding = 8.0
        let height = measure(text, .body, width: contentWidth - 2 * padding - 4).height
        ensureSpace(height + 2 * padding + 6)
        fill(x: left, y: y, width: contentWidth, height: height + 2 * padding, color: color.lightened(0.88))
        fill(x: left, y: y, width: 3, height: height + 2 * padding, color: color)
        self.text(text, .body, x: left + padding + 4, y: y + padding, width: contentWidth - 2 * padding - 4)
        y += height + 2 * padding + 8
        markContent()
    }
}

extension PDFDocument {
    /// The title of a document without a cover page, at the top of its first page.
    public func title(_ text: String, subtitle: String) {
        fill(x: 0, y: 0, width: Self.pageWidth, height: 10, color: .accent)
        self.text(subtitle, .small, x: left, y: y - 30, width: contentWidth, color: .muted)
        y += self.text(text, .title, x: left, y: y - 14, width: contentWidth) - 6
        rule(y: y, color: .accent, width: 1.5)
        y += 12
        markContent()
    }
}
