import Foundation

/// What a PDF report covers (API.md, `POST /clients/{id}/reports`).
public enum ReportKind: String, Codable, Sendable, CaseIterable {
    case mfi20
    case mfs
    case registrations
    case copm
    case colorScale = "color_scale"
    /// Everything a therapist journals before a client is deleted, in one PDF.
    case export

    /// The questionnaire instrument a questionnaire report is about.
    public var instrument: QuestionnaireInstrument? {
        switch self {
        case .mfi20: .mfi20
        case .mfs: .mfs
        default: nil
        }
    }
}

/// Where a report is in its life: queued until `mdme-reports` has rendered it.
public enum ReportStatus: String, Codable, Sendable {
    case queued, ready, failed
}

/// `POST /clients/{id}/reports`.
///
/// - `questionnaire_id` only for `mfi20` and `mfs`; without it the client's latest scored
///   questionnaire of that instrument is reported.
/// - `from` and `to` are required for `registrations` (the diary's period, at most
///   `maximumPeriodDays` long) and optional for `export` (all registrations when absent).
public struct CreateReportRequest: Codable, Sendable {
    public var kind: ReportKind
    public var questionnaireID: UUID?
    public var from: CalendarDate?
    public var to: CalendarDate?

    /// The longest diary period one report covers: a year, leap day included.
    public static let maximumPeriodDays = 366

    public init(kind: ReportKind, questionnaireID: UUID? = nil, from: CalendarDate? = nil, to: CalendarDate? = nil) {
        self.kind = kind
        self.questionnaireID = questionnaireID
        self.from = from
        self.to = to
    }

    public func validate() -> APIError? {
        var check = FieldChecker()
        if questionnaireID != nil {
            check.require(kind.instrument != nil, "questionnaire_id", "is only for the kinds mfi20 and mfs")
        }
        let period = kind == .registrations || kind == .export
        if !period {
            check.require(from == nil, "from", "is only for the kinds registrations and export")
            check.require(to == nil, "to", "is only for the kinds registrations and export")
        }
        if kind == .registrations {
            check.require(from != nil, "from", "is required for registrations")
            check.require(to != nil, "to", "is required for registrations")
        }
        if period {
            check.require((from == nil) == (to == nil), from == nil ? "from" : "to", "must be given together with \(from == nil ? "to" : "from")")
        }
        if let from, let to {
            check.require(from <= to, "to", "must not be before from")
            check.require(from.days(until: to) < Self.maximumPeriodDays, "to",
                          "must be less than \(Self.maximumPeriodDays) days after from")
        }
        return check.result()
    }
}
