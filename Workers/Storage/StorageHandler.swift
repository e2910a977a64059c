import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// Routes each storage message to the handler for its type.
struct StorageHandler: MessageHandler {
    let services: StorageServices

    init(configuration: MDMEConfiguration, logger: Logger) throws {
        services = try StorageServices(configuration: configuration, logger: logger)
    }

    func isReadOnly(_ envelope: Envelope) -> Bool {
        MessageType(rawValue: envelope.type)?.isQuery ?? false
    }

    /// Every effect of these handlers is a row in the transaction; mail goes through the outbox.
    func claimsFirst(_ envelope: Envelope) -> Bool { false }

    func readAhead(for batch: [Envelope], in transaction: PostgresConnection) throws {
        try RegistrationHandlers.readAhead(for: batch, in: transaction, services: services)
    }

    func handle(_ envelope: Envelope, in transaction: PostgresConnection) throws -> HandlerResult {
        guard let type = MessageType(rawValue: envelope.type) else {
            throw APIError(.notFound, "Unknown message type.")
        }
        let context = HandlerContext(envelope: envelope, database: transaction, services: services)
        switch type {
        case .login: return try AuthHandlers.login(context)
        case .logout: return try AuthHandlers.logout(context)
        case .acceptInvitation: return try AuthHandlers.acceptInvitation(context)
        case .requestPasswordReset: return try PasswordResetHandlers.request(context)
        case .completePasswordReset: return try PasswordResetHandlers.complete(context)
        case .resetClientPassword: return try PasswordResetHandlers.requestForClient(context)
        case .enrollMFA: return try MFAHandlers.enroll(context)
        case .activateMFA: return try MFAHandlers.activate(context)
        case .resetMFA: return try MFAHandlers.reset(context)
        case .getMe: return try AuthHandlers.me(context)
        case .getTenant: return try TenantHandlers.get(context)
        case .updateTenant: return try TenantHandlers.update(context)
        case .listTherapists: return try TenantHandlers.listTherapists(context)
        case .updateClient: return try ClientAdminHandlers.update(context)
        case .deleteClient: return try ClientAdminHandlers.delete(context)
        case .unlockClient: return try ClientAdminHandlers.unlock(context)
        case .offerHandover: return try HandoverHandlers.offer(context)
        case .listHandovers: return try HandoverHandlers.list(context)
        case .acceptHandover: return try HandoverHandlers.accept(context)
        case .declineHandover: return try HandoverHandlers.decline(context)
        case .listNotifications: return try NotificationHandlers.list(context)
        case .readNotification: return try NotificationHandlers.markRead(context)
        case .createTherapist: return try PeopleHandlers.createTherapist(context)
        case .createClient: return try PeopleHandlers.createClient(context)
        case .listClients: return try PeopleHandlers.listClients(context)
        case .getClient: return try PeopleHandlers.getClient(context)
        case .createRegistration: return try RegistrationHandlers.create(context)
        case .listMyRegistrations: return try RegistrationHandlers.listMine(context)
        case .listClientRegistrations: return try RegistrationHandlers.listForClient(context)
        case .listAudit: return try AuditHandlers.list(context)
        case .createCOPMAssessment: return try COPMHandlers.create(context)
        case .listCOPMAssessments: return try COPMHandlers.list(context)
        case .assignQuestionnaire: return try QuestionnaireHandlers.assign(context)
        case .listClientQuestionnaires: return try QuestionnaireHandlers.listForClient(context)
        case .listMyQuestionnaires: return try QuestionnaireHandlers.listMine(context)
        case .getMyQuestionnaire: return try QuestionnaireHandlers.getMine(context)
        case .submitAnswers: return try QuestionnaireHandlers.submit(context)
        case .listClientGoals: return try GoalHandlers.listForClient(context)
        case .createGoal: return try GoalHandlers.create(context)
        case .updateGoal: return try GoalHandlers.update(context)
        case .deleteGoal: return try GoalHandlers.delete(context)
        case .listMyGoals: return try GoalHandlers.listMine(context)
        case .getClientColorScale: return try ColorScaleHandlers.getForClient(context)
        case .setColorScale: return try ColorScaleHandlers.set(context)
        case .getMyColorScale: return try ColorScaleHandlers.getMine(context)
        case .listClientReflectionSheets: return try ReflectionSheetHandlers.listForClient(context)
        case .createReflectionSheet: return try ReflectionSheetHandlers.create(context)
        case .updateReflectionSheet: return try ReflectionSheetHandlers.update(context)
        case .listMyReflectionSheets: return try ReflectionSheetHandlers.listMine(context)
        case .requestReport: return try ReportHandlers.request(context)
        case .getReport: return try ReportHandlers.get(context)
        case .getReportPDF: return try ReportHandlers.pdf(context)
        case .listClientReports: return try ReportHandlers.listForClient(context)
        case .getCommand: return try CommandHandlers.get(context)
        case .trackCommand: return try CommandHandlers.track(context)
        case .applyMailEvents: throw APIError(.notFound, "mdme-mailer handles \(type.rawValue).")
        }
    }
}

/// Long-lived collaborators of the handlers, built once per process from configuration.
struct StorageServices: Sendable {
    let configuration: MDMEConfiguration
    let logger: Logger
    let tokens: SessionTokenSigner
    let blindIndex: BlindIndex
    let passwords: PasswordHasher
    let retention: RetentionPolicy
    let keyring: MasterKeyring
    let inboxSealer: FieldCipher

    init(configuration: MDMEConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let security = configuration.security
        tokens = try configuration.sessionTokenSigner()
        blindIndex = try BlindIndex(key: KeyFile.load(path: security.blindIndexKeyFile))
        passwords = PasswordHasher(cost: security.passwordCost == "minimum" ? .minimum : .interactive)
        keyring = try configuration.masterKeyring()
        inboxSealer = try FieldCipher(key: KeyFile.load(path: security.inboxKeyFile))
        retention = RetentionPolicy(
            periodMonths: configuration.retention.periodMonths,
            firstWarningMonths: configuration.retention.firstWarningMonths,
            secondWarningDaysBefore: configuration.retention.secondWarningDaysBefore
        )
    }
}

/// Everything one handler call needs: the message, the open transaction and the services.
struct HandlerContext {
    let envelope: Envelope
    let database: PostgresConnection
    let services: StorageServices

    var now: Date { Date() }

    /// The typed payload; a payload that does not decode is the caller's fault.
    func payload<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try envelope.payload(as: T.self)
        } catch let error as DecodingError {
            throw APIError.validation([RequestDecoding.problem(for: error)])
        }
    }

    /// The caller behind the message's token, checked against the session table. From here on
    /// the transaction sees only the caller's tenant (row-level security).
    func caller() throws -> Caller {
        guard let token = envelope.auth, let claims = try? services.tokens.verify(token, now: now) else {
            throw APIError.unauthenticated
        }
        try enterTenant(claims.tenantID)
        return try SessionStore(database: database, services: services)
            .authenticate(claims: claims, enrollmentSessionAllowed: MFAHandlers.allowedDuringEnrollment(envelope.type))
    }

    /// Scopes this transaction to one tenant: PostgreSQL's row-level security then refuses
    /// every other tenant's rows, even to a query that forgot its tenant filter.
    func enterTenant(_ tenantID: UUID) throws {
        try Self.enterTenant(tenantID, on: database)
    }

    /// `enterTenant` for a transaction with no message of its own yet (a batch reading ahead).
    static func enterTenant(_ tenantID: UUID, on database: PostgresConnection) throws {
        try database.enqueue("select set_config('app.tenant_id', $1, true)", [tenantID.lowercasedText])
    }

    /// Appends to the audit log: who did what to which client, and whether it was allowed.
    /// Queued, like every write whose result nobody reads.
    func audit(_ caller: Caller, _ action: String, client: UUID?, outcome: AuditLog.Outcome = .allowed) throws {
        try AuditLog(database: database).record(actor: caller, action: action, client: client, requestID: envelope.id, outcome: outcome)
    }

    var keys: KeyStore { KeyStore(database: database, keyring: services.keyring) }

    /// The caller, who must hold `role` (a tenant admin satisfies `therapist`).
    func caller(requiring role: Role) throws -> Caller {
        let caller = try caller()
        guard caller.role.satisfies(role) else { throw APIError.forbidden }
        return caller
    }
}

/// An authenticated account acting in its tenant.
struct Caller: Sendable {
    let accountID: UUID
    let tenantID: UUID
    let role: Role
    let sessionID: UUID
}
