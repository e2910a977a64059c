/// Makes a PDF from a function that writes a `PDFDocument`.
public enum PDFRenderer {
    /// What a first layout pass learns for the second: the page count and where sections start.
    struct Plan {
        let pageCount: Int
        let sections: [(title: String, page: Int)]
    }

    /// Runs `write` twice: the first pass only counts pages and notes where sections start, so
    /// the second can print "Side n af m" and a table of contents. `write` must be
    /// deterministic (the same blocks in both passes).
    public static func render(title: String, _ write: (PDFDocument) throws -> Void) throws -> [UInt8] {
        let shapedText = ShapedTextCache()
        let draft = try PDFDocument(title: title, plan: nil, shapedText: shapedText)
        try write(draft)
        _ = try draft.finish()
        let plan = Plan(pageCount: draft.pageNumber, sections: draft.sections)
        let document = try PDFDocument(title: title, plan: plan, shapedText: shapedText)
        try write(document)
        return try document.finish()
    }
}
