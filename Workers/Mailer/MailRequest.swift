import Foundation
import Mail
import MDMECore
import Messaging

/// What an outbox event asks the mailer to send: ids, a link and dates, never an address.
struct MailRequest: Decodable {
    let tenantID: UUID
    /// The invitee or the account whose password is reset.
    let accountID: UUID?
    /// The therapist a retention notice goes to, and the client it is about.
    let therapistID: UUID?
    let clientID: UUID?
    let link: String?
    let expiresAt: Date?
    let warning: String?
    /// `YYYY-MM-DD` in the tenant's time zone.
    let deletionOn: String?

    var recipientID: UUID? { accountID ?? therapistID }

    static func decode(_ envelope: Envelope) throws -> (MailKind, MailRequest) {
        let request: MailRequest
        do {
            request = try envelope.payload(as: MailRequest.self)
        } catch let error as DecodingError {
            throw APIError.validation([RequestDecoding.problem(for: error)])
        }
        guard let kind = MailKind(eventType: envelope.type, warning: request.warning), request.recipientID != nil else {
            throw APIError.validation([FieldProblem(field: "type", problem: "is not a mail the mailer sends")])
        }
        return (kind, request)
    }
}
