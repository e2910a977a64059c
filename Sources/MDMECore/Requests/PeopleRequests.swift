import Foundation

/// `POST /therapists`.
public struct CreateTherapistRequest: Codable, Sendable {
    public var name: String
    public var email: String
    public var role: Role

    public init(name: String, email: String, role: Role) {
        self.name = name
        self.email = email
        self.role = role
    }

    public func validate() -> APIError? {
        var check = FieldChecker()
        check.text(name, "name", max: 200)
        check.email(email, "email")
        check.require(role.isStaff, "role", "must be therapist or tenant_admin")
        return check.result()
    }
}

/// `POST /clients`.
public struct CreateClientRequest: Codable, Sendable {
    public var name: String
    public var gender: Gender
    public var birthDate: CalendarDate
    public var email: String
    public var phone: String?

    public init(name: String, gender: Gender, birthDate: CalendarDate, email: String, phone: String? = nil) {
        self.name = name
        self.gender = gender
        self.birthDate = birthDate
        self.email = email
        self.phone = phone
    }

    public func validate(today: CalendarDate) -> APIError? {
        var check = FieldChecker()
        check.text(name, "name", max: 200)
        check.email(email, "email")
        check.require(birthDate <= today, "birth_date", "must not be in the future")
        check.require(birthDate.year >= 1900, "birth_date", "must be after 1900")
        if let phone { PhoneNumber.check(phone, &check) }
        return check.result()
    }
}
