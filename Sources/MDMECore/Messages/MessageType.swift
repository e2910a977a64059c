/// The names of commands and queries. A message of type `t` for worker `w` is published to
/// `mdme.commands` with routing key `w.t`.
public enum MessageType: String, Sendable, CaseIterable {
    case login = "auth.login"
    case logout = "auth.logout"
    case acceptInvitation = "auth.invitation.accept"
    case requestPasswordReset = "auth.password_reset.request"
    case completePasswordReset = "auth.password_reset.complete"
    case enrollMFA = "auth.mfa.enroll"
    case activateMFA = "auth.mfa.activate"
    case resetMFA = "auth.mfa.reset"
    case getMe = "me.get"
    case getTenant = "tenant.get"
    case updateTenant = "tenant.update"
    case createTherapist = "therapist.create"
    case listTherapists = "therapist.list"
    case createClient = "client.create"
    case listClients = "client.list"
    case getClient = "client.get"
    case updateClient = "client.update"
    case deleteClient = "client.delete"
    case unlockClient = "client.unlock"
    case resetClientPassword = "client.password_reset"
    case offerHandover = "handover.offer"
    case listHandovers = "handover.list"
    case acceptHandover = "handover.accept"
    case declineHandover = "handover.decline"
    case listNotifications = "notification.list"
    case readNotification = "notification.read"
    case createRegistration = "registration.create"
    case listMyRegistrations = "registration.list_mine"
    case listClientRegistrations = "registration.list_for_client"
    case listAudit = "audit.list"
    case createCOPMAssessment = "copm.create"
    case listCOPMAssessments = "copm.list"
    case assignQuestionnaire = "questionnaire.assign"
    case listClientQuestionnaires = "questionnaire.list_for_client"
    case listMyQuestionnaires = "questionnaire.list_mine"
    case getMyQuestionnaire = "questionnaire.get_mine"
    case submitAnswers = "questionnaire.submit"
    case listClientGoals = "goal.list_for_client"
    case createGoal = "goal.create"
    case updateGoal = "goal.update"
    case deleteGoal = "goal.delete"
    case listMyGoals = "goal.list_mine"
    case getClientColorScale = "color_scale.get_for_client"
    case setColorScale = "color_scale.set"
    case getMyColorScale = "color_scale.get_mine"
    case listClientReflectionSheets = "reflection_sheet.list_for_client"
    case createReflectionSheet = "reflection_sheet.create"
    case updateReflectionSheet = "reflection_sheet.update"
    case listMyReflectionSheets = "reflection_sheet.list_mine"
    case requestReport = "report.request"
    case getReport = "report.get"
    case getReportPDF = "report.get_pdf"
    case listClientReports = "report.list_for_client"
    case getCommand = "command.get"
    /// Sent by the gateway when it stopped waiting, so `GET /commands/{id}` can say "accepted".
    case trackCommand = "command.track"
    /// Verified provider webhook events, sent by the gateway to the mailer.
    case applyMailEvents = "mail.provider_events"

    /// The worker that owns this message.
    public var worker: String {
        switch self {
        case .applyMailEvents: "mailer"
        default: "storage"
        }
    }

    public var routingKey: String { "\(worker).\(rawValue)" }

    /// Reads change nothing but the audit log (and a session's last-seen time), so a
    /// redelivered read may simply run again.
    public var isQuery: Bool {
        switch self {
        case .getMe, .getTenant, .listTherapists, .listClients, .getClient, .listMyRegistrations, .listClientRegistrations,
             .listAudit, .getCommand: true
        case .listCOPMAssessments, .listClientQuestionnaires, .listMyQuestionnaires, .getMyQuestionnaire: true
        case .listHandovers, .listNotifications: true
        case .listClientGoals, .listMyGoals, .getClientColorScale, .getMyColorScale, .listClientReflectionSheets, .listMyReflectionSheets: true
        case .getReport, .getReportPDF, .listClientReports: true
        default: false
        }
    }

    /// Whether a durable "accepted" (202) is a useful answer when no worker replies in time.
    /// Queries and logins need their answer now; for them a missing reply is 503.
    public var canBeAccepted: Bool {
        switch self {
        case .login, .enrollMFA, .activateMFA: false
        default: !isQuery
        }
    }
}
