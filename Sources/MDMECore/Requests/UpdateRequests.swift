import Foundation

/// `PATCH /tenant`: any of the settings; absent fields stay as they are.
public struct UpdateTenantRequest: Codable, Sendable {
    public var name: String?
    public var timeZone: String?
    public var mailMode: MailMode?
    public var mfaRequired: Bool?
    /// The tenant's own relay, for mail mode `smtp`.
    public var smtp: SMTPRelaySettings?

    public init(name: String? = nil, timeZone: String? = nil, mailMode: MailMode? = nil, mfaRequired: Bool? = nil, smtp: SMTPRelaySettings? = nil) {
        self.name = name
        self.timeZone = timeZone
        self.mailMode = mailMode
        self.mfaRequired = mfaRequired
        self.smtp = smtp
    }

    private enum CodingKeys: String, CodingKey {
        case name, timeZone, mailMode, mfaRequired, smtp
    }

    /// Every setting always has a value, so `null` cannot mean "remove": it is refused rather
    /// than read as absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func present<T: Decodable>(_ key: CodingKeys) throws -> T? {
            container.contains(key) ? try container.decode(T.self, forKey: key) : nil
        }
        name = try present(.name)
        timeZone = try present(.timeZone)
        mailMode = try present(.mailMode)
        mfaRequired = try present(.mfaRequired)
        // The relay's own fields decide what their null means (a null password removes it).
        smtp = try present(.smtp)
    }

    public func validate() -> APIError? {
        var check = FieldChecker()
        if let name { check.text(name, "name", max: 200) }
        if let timeZone { check.require(TimeZone(identifier: timeZone) != nil, "time_zone", "must be an IANA time zone such as Europe/Copenhagen") }
        smtp?.check(&check)
        check.require(name != nil || timeZone != nil || mailMode != nil || mfaRequired != nil || smtp != nil, "body", "must change at least one setting")
        return check.result()
    }
}

/// `PATCH /clients/{id}`: master data; absent fields stay, `"phone": null` removes the phone.
public struct UpdateClientRequest: Codable, Sendable {
    public var name: String?
    public var gender: Gender?
    public var birthDate: CalendarDate?
    public var email: String?
    /// nil: unchanged; `.some(nil)`: remove.
    public var phone: String??

    public init(name: String? = nil, gender: Gender? = nil, birthDate: CalendarDate? = nil, email: String? = nil, phone: String?? = nil) {
        self.name = name
        self.gender = gender
        self.birthDate = birthDate
        self.email = email
        self.phone = phone
    }

    enum CodingKeys: String, CodingKey {
        case name, gender, birthDate, email, phone
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        gender = try container.decodeIfPresent(Gender.self, forKey: .gender)
        birthDate = try container.decodeIfPresent(CalendarDate.self, forKey: .birthDate)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        // Present-but-null is a removal, which decodeIfPresent cannot tell from absent.
        phone = container.contains(.phone) ? .some(try container.decodeNil(forKey: .phone) ? nil : try container.decode(String.self, forKey: .phone)) : nil
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(gender, forKey: .gender)
        try container.encodeIfPresent(birthDate, forKey: .birthDate)
        try container.encodeIfPresent(email, forKey: .email)
        if let phone {
            if let number = phone { try container.encode(number, forKey: .phone) } else { try container.encodeNil(forKey: .phone) }
        }
    }

    public func validate(today: CalendarDate) -> APIError? {
        var check = FieldChecker()
        if let name { check.text(name, "name", max: 200) }
        if let email { check.email(email, "email") }
        if let birthDate {
            check.require(birthDate <= today, "birth_date", "must not be in the future")
            check.require(birthDate.year >= 1900, "birth_date", "must be after 1900")
        }
        if case .some(.some(let number)) = phone { PhoneNumber.check(number, &check) }
        check.require(name != nil || gender != nil || birthDate != nil || email != nil || phone != nil, "body", "must change at least one field")
        return check.result()
    }
}

/// What a phone number may look like.
enum PhoneNumber {
    static func check(_ phone: String, _ check: inout FieldChecker) {
        let allowed = phone.allSatisfy { $0.isASCII && ($0.isNumber || " +-()".contains($0)) }
        check.require(allowed && phone.filter(\.isNumber).count >= 6 && phone.count <= 32,
                      "phone", "must be a phone number (digits, spaces, + - ( ))")
    }
}
