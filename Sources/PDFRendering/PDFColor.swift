/// An sRGB colour with components 0–1.
public struct PDFColor: Sendable, Equatable {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `#RRGGBB`; nil for anything else.
    public init?(hex: String) {
        guard hex.count == 7, hex.first == "#", let value = UInt32(hex.dropFirst(), radix: 16) else { return nil }
        self.init(red: Double((value >> 16) & 0xFF) / 255, green: Double((value >> 8) & 0xFF) / 255, blue: Double(value & 0xFF) / 255)
    }

    /// This colour mixed with white; `amount` 0 keeps it, 1 is white.
    public func lightened(_ amount: Double) -> PDFColor {
        PDFColor(red: red + (1 - red) * amount, green: green + (1 - green) * amount, blue: blue + (1 - blue) * amount)
    }

    /// Whether dark text reads better on this colour than white text (relative luminance).
    public var prefersDarkText: Bool {
        0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.55
    }

    public static let white = PDFColor(red: 1, green: 1, blue: 1)
    /// Body text: a soft black.
    public static let text = PDFColor(red: 0.13, green: 0.15, blue: 0.18)
    /// Secondary text, rules and axes.
    public static let muted = PDFColor(red: 0.42, green: 0.45, blue: 0.50)
    /// Hairlines and grid.
    public static let rule = PDFColor(red: 0.82, green: 0.84, blue: 0.87)
    /// Table header and zebra backgrounds.
    public static let shade = PDFColor(red: 0.95, green: 0.96, blue: 0.97)
    /// The document's accent: headings and bars.
    public static let accent = PDFColor(red: 0.11, green: 0.34, blue: 0.52)
}
