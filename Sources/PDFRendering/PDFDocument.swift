internal import CPangoCairo

/// A PDF being written top to bottom on A4 pages: a cursor moves down the page as blocks
/// (headings, paragraphs, tables, charts) are added, and a block that does not fit starts a
/// new page. Every page gets the running header and a footer with its page number.
///
/// Build documents through `PDFRenderer.render`, which lays a document out twice so the footer
/// can say "page n of m" and a table of contents can name the pages of later sections.
// One owner per C handle: the surface, context, layout and fonts are freed in deinit; a
// document is used by one thread from start to `finish()`.
public final class PDFDocument {
    /// A4 in points.
    public static let pageWidth = 595.28
    public static let pageHeight = 841.89
    static let marginLeft = 56.0
    static let marginRight = 56.0
    static let marginTop = 70.0
    static let marginBottom = 64.0

    /// The width between the margins.
    public var contentWidth: Double { Self.pageWidth - Self.marginLeft - Self.marginRight }
    /// Where the next block starts, from the top of the page.
    public internal(set) var y: Double = marginTop
    /// The 1-based number of the page being written.
    public internal(set) var pageNumber = 1
    /// Shown at the top of every page after the first (left and right).
    public var runningHeader: (left: String, right: String)?
    /// Shown at the bottom left of every page.
    public var footerNote = ""

    /// What the first pass learnt: the number of pages and where each section starts.
    let plan: PDFRenderer.Plan?
    /// The pages on which sections begin, by title, in order (for the table of contents).
    var sections: [(title: String, page: Int)] = []

    let output: Output
    let surface: OpaquePointer
    let cairo: OpaquePointer
    let layout: OpaquePointer
    private var fonts: [TextStyle: OpaquePointer] = [:]
    private var pageHasContent = false
    /// Shaped table cells, shared with the other pass of the render.
    let shapedText: ShapedTextCache
    /// The first pass only measures: nothing is drawn, which halves the work of a render.
    var drawing: Bool { plan != nil }

    /// The PDF's bytes as cairo writes them.
    final class Output {
        var bytes: [UInt8] = []
    }

    init(title: String, plan: PDFRenderer.Plan?, shapedText: ShapedTextCache) throws {
        self.plan = plan
        self.shapedText = shapedText
        output = Output()
        let closure = Unmanaged.passUnretained(output).toOpaque()
        guard let surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let output = Unmanaged<Output>.fromOpaque(closure).takeUnretainedValue()
            output.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, closure, Self.pageWidth, Self.pageHeight) else {
            throw PDFError(.cairo, "cannot create a PDF surface")
        }
        self.surface = surface
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "MDME")
        cairo = cairo_create(surface)
        layout = Self.makeLayout(cairo)
        try check()
    }

    deinit {
        fonts.values.forEach { pango_font_description_free($0) }
        mdme_pango_layout_free(layout)
        cairo_destroy(cairo)
        cairo_surface_destroy(surface)
    }

    /// The bottom of the writable area.
    var bottom: Double { Self.pageHeight - Self.marginBottom }
    var left: Double { Self.marginLeft }

    /// Moves the cursor down.
    public func space(_ points: Double) {
        y = min(y + points, bottom)
    }

    /// Starts a new page unless `height` still fits on this one.
    public func ensureSpace(_ height: Double) {
        if y + height > bottom, pageHasContent { newPage() }
    }

    /// Ends the page and starts the next.
    public func newPage() {
        drawPageFurniture()
        cairo_show_page(cairo)
        pageNumber += 1
        y = Self.marginTop
        pageHasContent = false
    }

    /// Marks the page as written on, so a block that does not fit moves to a fresh page
    /// rather than leaving this one empty.
    func markContent() { pageHasContent = true }

    /// Ends the document and returns the PDF.
    func finish() throws -> [UInt8] {
        drawPageFurniture()
        cairo_show_page(cairo)
        cairo_surface_finish(surface)
        try check()
        return output.bytes
    }

    private func drawPageFurniture() {
        if let header = runningHeader, pageNumber > 1 {
            text(header.left, .caption, x: left, y: 34, width: contentWidth / 2)
            text(header.right, .caption, x: left + contentWidth / 2, y: 34, width: contentWidth / 2, alignment: .right)
            rule(y: 48, color: .rule)
        }
        rule(y: Self.pageHeight - 46, color: .rule)
        text(footerNote, .caption, x: left, y: Self.pageHeight - 40, width: contentWidth * 0.7)
        let total = plan.map { " af \($0.pageCount)" } ?? ""
        text("Side \(pageNumber)\(total)", .caption, x: left + contentWidth * 0.7, y: Self.pageHeight - 40,
             width: contentWidth * 0.3, alignment: .right)
    }

    private func check() throws {
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PDFError(.cairo, String(cString: cairo_status_to_string(status)))
        }
    }

    // MARK: Drawing primitives shared by the blocks

    func font(_ style: TextStyle) -> OpaquePointer {
        if let font = fonts[style] { return font }
        let font = pango_font_description_from_string(style.font)!
        fonts[style] = font
        return font
    }

    /// A Pango layout drawing on `cairo` with point-sized fonts.
    static func makeLayout(_ cairo: OpaquePointer) -> OpaquePointer {
        let layout = pango_cairo_create_layout(cairo)!
        // Pango assumes 96 dpi; at 72 a font size in points is a size in PDF units.
        pango_cairo_context_set_resolution(pango_layout_get_context(layout), 72)
        pango_layout_context_changed(layout)
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        return layout
    }

    /// A layout holding `text` shaped in `style`, from the cache when it was shaped before
    /// (in either pass). Layouts of one context draw on the other pass's surface as well: both
    /// use the same font map, 72 dpi and no transformation.
    func cachedLayout(_ text: String, _ style: TextStyle, width: Double?, alignment: TextAlignment = .left) -> ShapedTextCache.Entry {
        let key = ShapedTextCache.Key(text: text, style: style, width: width, alignment: alignment)
        if let cached = shapedText[key] { return cached }
        let layout = pango_layout_new(pango_layout_get_context(self.layout))!
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        let size = prepare(layout, text, style, width: width, alignment: alignment)
        let entry = ShapedTextCache.Entry(layout: layout, width: size.width, height: size.height)
        shapedText.insert(entry, for: key)
        return entry
    }

    /// Lays `text` out in `layout` and returns its size; `width` wraps it.
    @discardableResult
    func prepare(_ layout: OpaquePointer, _ text: String, _ style: TextStyle, width: Double?,
                 alignment: TextAlignment = .left) -> (width: Double, height: Double) {
        let scale = Double(mdme_pango_scale())
        pango_layout_set_font_description(layout, font(style))
        pango_layout_set_width(layout, width.map { Int32($0 * scale) } ?? -1)
        let pangoAlignment = switch alignment {
        case .left: PANGO_ALIGN_LEFT
        case .center: PANGO_ALIGN_CENTER
        case .right: PANGO_ALIGN_RIGHT
        }
        pango_layout_set_alignment(layout, pangoAlignment)
        pango_layout_set_text(layout, text, -1)
        var w: Int32 = 0
        var h: Int32 = 0
        pango_layout_get_size(layout, &w, &h)
        return (Double(w) / scale, Double(h) / scale)
    }

    /// Draws a prepared layout with its top-left corner at (x, y).
    func show(_ layout: OpaquePointer, x: Double, y: Double, color: PDFColor) {
        guard drawing else { return }
        setColor(color)
        cairo_move_to(cairo, x, y)
        pango_cairo_show_layout(cairo, layout)
    }

    /// Lays `text` out in the shared layout and returns its size; `width` wraps it.
    @discardableResult
    func measure(_ text: String, _ style: TextStyle, width: Double?, alignment: TextAlignment = .left) -> (width: Double, height: Double) {
        prepare(layout, text, style, width: width, alignment: alignment)
    }

    /// Draws `text` with its top-left corner at (x, y); returns its height.
    @discardableResult
    func text(_ text: String, _ style: TextStyle, x: Double, y: Double, width: Double?,
              alignment: TextAlignment = .left, color: PDFColor? = nil) -> Double {
        let size = measure(text, style, width: width, alignment: alignment)
        show(layout, x: x, y: y, color: color ?? style.color)
        return size.height
    }

    func setColor(_ color: PDFColor) {
        cairo_set_source_rgb(cairo, color.red, color.green, color.blue)
    }

    func fill(x: Double, y: Double, width: Double, height: Double, color: PDFColor) {
        guard drawing else { return }
        setColor(color)
        cairo_rectangle(cairo, x, y, width, height)
        cairo_fill(cairo)
    }

    func stroke(x: Double, y: Double, width: Double, height: Double, color: PDFColor, lineWidth: Double = 0.5) {
        guard drawing else { return }
        setColor(color)
        cairo_set_line_width(cairo, lineWidth)
        cairo_rectangle(cairo, x, y, width, height)
        cairo_stroke(cairo)
    }

    func line(from start: (Double, Double), to end: (Double, Double), color: PDFColor, width: Double = 0.5, dashed: Bool = false) {
        guard drawing else { return }
        setColor(color)
        cairo_set_line_width(cairo, width)
        if dashed {
            let pattern: [Double] = [3, 2]
            cairo_set_dash(cairo, pattern, 2, 0)
        }
        cairo_move_to(cairo, start.0, start.1)
        cairo_line_to(cairo, end.0, end.1)
        cairo_stroke(cairo)
        if dashed { cairo_set_dash(cairo, nil, 0, 0) }
    }

    /// A full-width hairline.
    func rule(y: Double, color: PDFColor, width: Double = 0.5) {
        line(from: (left, y), to: (left + contentWidth, y), color: color, width: width)
    }

    /// Adds a bookmark to the PDF's outline pointing at the current page.
    func outline(_ title: String, parent: Int32 = 0) -> Int32 {
        guard drawing else { return 0 }
        return cairo_pdf_surface_add_outline(surface, parent, title, "page=\(pageNumber) pos=[0 \(y)]", CAIRO_PDF_OUTLINE_FLAG_OPEN)
    }
}
