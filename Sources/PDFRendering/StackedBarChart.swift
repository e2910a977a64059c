/// Vertical bars, one per category (e.g. a day), each stacked from its series' values (e.g.
/// hours per colour-scale level), with a legend of the series.
public struct StackedBarChart: Sendable {
    public struct Series: Sendable {
        public var label: String
        public var color: PDFColor

        public init(label: String, color: PDFColor) {
            self.label = label
            self.color = color
        }
    }

    public var series: [Series]
    /// Label per category; an empty label leaves that category unlabeled on the axis.
    public var categories: [String]
    /// Per category, one value per series, bottom first.
    public var values: [[Double]]
    /// The unit of the vertical axis ("timer").
    public var unit: String
    public var height: Double

    public init(series: [Series], categories: [String], values: [[Double]], unit: String, height: Double = 170) {
        self.series = series
        self.categories = categories
        self.values = values
        self.unit = unit
        self.height = height
    }
}
