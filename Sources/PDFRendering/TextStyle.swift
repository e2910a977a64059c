/// The type styles of a document, all in DejaVu Sans (Debian's fonts-dejavu-core), which
/// covers Danish and every symbol the reports use.
public enum TextStyle: Sendable, Hashable {
    case title
    case heading1
    case heading2
    case body
    case bodyBold
    case small
    case smallBold
    case caption

    var font: String {
        switch self {
        case .title: "DejaVu Sans Bold 24"
        case .heading1: "DejaVu Sans Bold 17"
        case .heading2: "DejaVu Sans Bold 12.5"
        case .body: "DejaVu Sans 10"
        case .bodyBold: "DejaVu Sans Bold 10"
        case .small: "DejaVu Sans 8.5"
        case .smallBold: "DejaVu Sans Bold 8.5"
        case .caption: "DejaVu Sans 7.5"
        }
    }

    var color: PDFColor {
        switch self {
        case .title, .heading1, .heading2: .accent
        case .caption: .muted
        default: .text
        }
    }
}

/// Horizontal placement of text in its box.
public enum TextAlignment: Sendable, Hashable {
    case left, center, right
}
