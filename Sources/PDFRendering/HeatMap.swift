/// A grid of counts (e.g. weekday × hour), each cell shaded by its count.
public struct HeatMap: Sendable {
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// `values[row][column]`.
    public var values: [[Int]]
    public var color: PDFColor
    /// What a cell counts, for the legend.
    public var legend: String

    public init(rowLabels: [String], columnLabels: [String], values: [[Int]], color: PDFColor, legend: String) {
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.color = color
        self.legend = legend
    }
}
