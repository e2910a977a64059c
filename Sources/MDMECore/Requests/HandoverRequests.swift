import Foundation

/// `POST /clients/{id}/handover`: offers the client to a colleague, who must accept.
public struct HandoverRequest: Codable, Sendable {
    public var therapistID: String

    public init(therapistID: String) {
        self.therapistID = therapistID
    }

    /// The colleague's account id, once `validate()` passed.
    public var therapist: UUID? { UUID(uuidString: therapistID) }

    /// Only the form is checked here; whether the id names a colleague is the worker's question,
    /// answered with the same field.
    public func validate() -> APIError? {
        var check = FieldChecker()
        check.require(therapist != nil, "therapist_id", "must be the id of a therapist")
        return check.result()
    }
}
