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
        case .title: "DejaVu Sans Bold 20"
        case .heading1: "DejaVu Sans Bold 15"
        case .heading2: "DejaVu Sans Bold 11.5"
        case .body: "DejaVu Sans 9.5"
        case .bodyBold: "DejaVu Sans Bold 9.5"
        case .small: "DejaVu Sans 8"
        case .smallBold: "DejaVu Sans Bold 8"
        case .caption: "DejaVu Sans 7"
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
public enum TextAlignment: Sendable {
    case left, center, right
}
