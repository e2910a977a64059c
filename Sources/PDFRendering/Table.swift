/// A table: a header row repeated on every page it spans, then rows of cells that wrap.
public struct Table: Sendable {
    public struct Column: Sendable {
        public var title: String
        /// A share of the content width; the shares of a table's columns are scaled to fill it.
        public var weight: Double
        public var alignment: TextAlignment

        public init(_ title: String, weight: Double = 1, alignment: TextAlignment = .left) {
            self.title = title
            self.weight = weight
            self.alignment = alignment
        }
    }

    public struct Cell: Sendable, ExpressibleByStringLiteral {
        public var text: String
        /// A colour square drawn before the text (colour-scale levels).
        public var swatch: PDFColor?
        public var bold: Bool
        /// Text colour other than the body colour (e.g. a clinically important change).
        public var color: PDFColor?

        public init(_ text: String, swatch: PDFColor? = nil, bold: Bool = false, color: PDFColor? = nil) {
            self.text = text
            self.swatch = swatch
            self.bold = bold
            self.color = color
        }

        public init(stringLiteral value: String) {
            self.init(value)
        }
    }

    public var columns: [Column]
    public var rows: [[Cell]]
    /// Smaller type for long tables (the diary).
    public var compact: Bool

    public init(columns: [Column], rows: [[Cell]], compact: Bool = false) {
        self.columns = columns
        self.rows = rows
        self.compact = compact
    }
}
