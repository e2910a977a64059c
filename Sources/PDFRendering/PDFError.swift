/// Why a PDF could not be made.
public struct PDFError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// cairo reported an error status.
        case cairo
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "PDFError.\(code.rawValue): \(message)" }
}
