/// Horizontal bars on a fixed scale, optionally with the previous value beside each bar,
/// shaded bands behind them (e.g. severity bands) and marked reference values (a cut-off).
public struct BarChart: Sendable {
    public struct Bar: Sendable {
        public var label: String
        /// nil draws no bar (a missing score) and `valueText` alone.
        public var value: Double?
        public var previous: Double?
        public var valueText: String

        public init(label: String, value: Double?, previous: Double? = nil, valueText: String) {
            self.label = label
            self.value = value
            self.previous = previous
            self.valueText = valueText
        }
    }

    public struct Band: Sendable {
        public var from: Double
        public var to: Double
        public var label: String
        public var color: PDFColor

        public init(from: Double, to: Double, label: String, color: PDFColor) {
            self.from = from
            self.to = to
            self.label = label
            self.color = color
        }
    }

    public struct Marker: Sendable {
        public var value: Double
        public var label: String

        public init(value: Double, label: String) {
            self.value = value
            self.label = label
        }
    }

    public var scale: ClosedRange<Double>
    public var ticks: [Double]
    public var bars: [Bar]
    public var bands: [Band]
    public var markers: [Marker]
    /// Legend names of the current and previous bars (shown when any bar has a previous value).
    public var currentLabel: String
    public var previousLabel: String
    public var color: PDFColor

    public init(scale: ClosedRange<Double>, ticks: [Double], bars: [Bar], bands: [Band] = [], markers: [Marker] = [],
                currentLabel: String = "", previousLabel: String = "", color: PDFColor = .accent) {
        self.scale = scale
        self.ticks = ticks
        self.bars = bars
        self.bands = bands
        self.markers = markers
        self.currentLabel = currentLabel
        self.previousLabel = previousLabel
        self.color = color
    }
}
