import Foundation

/// A file in a reply (a report's PDF): the bytes travel base64-encoded in the JSON reply, and
/// the gateway answers with the bytes themselves and their content type.
public struct BinaryReply: Codable, Sendable, Equatable {
    public var contentType: String
    /// The name offered for saving (`Content-Disposition`).
    public var filename: String
    public var base64: String

    public init(contentType: String, filename: String, bytes: [UInt8]) {
        self.contentType = contentType
        self.filename = filename
        base64 = Data(bytes).base64EncodedString()
    }

    /// The bytes; nil when `base64` is not valid base64.
    public var bytes: [UInt8]? {
        Data(base64Encoded: base64).map { [UInt8]($0) }
    }
}
