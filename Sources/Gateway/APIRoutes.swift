import Foundation
import MDMECore

/// What a route does: answer locally, or become a message.
enum RouteAction: Sendable {
    case health
    case readiness
    case metrics
    case openAPI
    /// The mail provider's webhook: signature checked by the gateway, events to the mailer.
    case mailWebhook
    case message(Endpoint)
}

/// What the payload builder sees of a request.
struct RequestInput {
    let body: [UInt8]
    let parameters: [String: String]
    let query: [String: String]
    let now: Date
}

/// An API endpoint that becomes a message of `type`.
struct Endpoint: Sendable {
    enum Body: Sendable { case none, json }
    /// `file`: a successful reply carries a `BinaryReply`, answered as its bytes.
    enum ReplyBody: Sendable { case json, file }

    let type: MessageType
    let requiresAuth: Bool
    let body: Body
    var reply: ReplyBody = .json
    let buildPayload: @Sendable (RequestInput) -> Result<JSONValue, APIError>
}

/// The API of API.md (the parts built so far) as a route table.
enum APIRoutes {
    static func router() -> Router<RouteAction> {
        var router = Router<RouteAction>()
        router.add("GET", "/healthz", .health)
        router.add("GET", "/readyz", .readiness)
        router.add("GET", "/metrics", .metrics)
        router.add("HEAD", "/webhooks/mail-provider", .mailWebhook)
        router.add("POST", "/webhooks/mail-provider", .mailWebhook)

        let api = "/api/v1"
        router.add("GET", "\(api)/openapi.yaml", .openAPI)
        router.add("POST", "\(api)/auth/login", .message(Endpoint(type: .login, requiresAuth: false, body: .json) { input in
            decodeValidated(LoginRequest.self, input) { $0.validate() }
        }))
        router.add("POST", "\(api)/auth/logout", .message(Endpoint(type: .logout, requiresAuth: true, body: .none) { _ in .success(.object([:])) }))
        router.add("POST", "\(api)/auth/invitations/accept", .message(Endpoint(type: .acceptInvitation, requiresAuth: false, body: .json) { input in
            decodeValidated(AcceptInvitationRequest.self, input) { $0.validate() }
        }))
        router.add("POST", "\(api)/auth/password-reset", .message(Endpoint(type: .requestPasswordReset, requiresAuth: false, body: .json) { input in
            decodeValidated(PasswordResetRequest.self, input) { $0.validate() }
        }))
        router.add("POST", "\(api)/auth/password-reset/complete", .message(Endpoint(type: .completePasswordReset, requiresAuth: false, body: .json) { input in
            decodeValidated(CompletePasswordResetRequest.self, input) { $0.validate() }
        }))
        router.add("POST", "\(api)/auth/mfa/enroll", .message(Endpoint(type: .enrollMFA, requiresAuth: true, body: .none) { _ in .success(.object([:])) }))
        router.add("POST", "\(api)/auth/mfa/activate", .message(Endpoint(type: .activateMFA, requiresAuth: true, body: .json) { input in
            decodeValidated(ActivateMFARequest.self, input) { $0.validate() }
        }))
        router.add("DELETE", "\(api)/therapists/{id}/mfa", .message(Endpoint(type: .resetMFA, requiresAuth: true, body: .none) { input in
            uuidParameter(input, "id").map { .object(["account_id": .string($0)]) }
        }))
        router.add("GET", "\(api)/me", .message(Endpoint(type: .getMe, requiresAuth: true, body: .none) { _ in .success(.object([:])) }))
        router.add("GET", "\(api)/tenant", .message(Endpoint(type: .getTenant, requiresAuth: true, body: .none) { _ in .success(.object([:])) }))
        router.add("PATCH", "\(api)/tenant", .message(Endpoint(type: .updateTenant, requiresAuth: true, body: .json) { input in
            decodeValidated(UpdateTenantRequest.self, input) { $0.validate() }
        }))
        router.add("GET", "\(api)/therapists", .message(Endpoint(type: .listTherapists, requiresAuth: true, body: .none) { _ in .success(.object([:])) }))
        router.add("POST", "\(api)/therapists", .message(Endpoint(type: .createTherapist, requiresAuth: true, body: .json) { input in
            decodeValidated(CreateTherapistRequest.self, input) { $0.validate() }
        }))
        router.add("POST", "\(api)/clients", .message(Endpoint(type: .createClient, requiresAuth: true, body: .json) { input in
            // The worker checks the birth date against "today" in the tenant's time zone again;
            // here UTC ± a day is close enough to refuse the obviously wrong.
            decodeValidated(CreateClientRequest.self, input) {
                $0.validate(today: CalendarDate(input.now.addingTimeInterval(14 * 3600), in: TimeZone(identifier: "UTC")!))
            }
        }))
        router.add("GET", "\(api)/clients", .message(Endpoint(type: .listClients, requiresAuth: true, body: .none) { _ in .success(.object([:])) }))
        router.add("GET", "\(api)/clients/{id}", .message(Endpoint(type: .getClient, requiresAuth: true, body: .none) { input in
            uuidParameter(input, "id").map { .object(["client_id": .string($0)]) }
        }))
        router.add("PATCH", "\(api)/clients/{id}", .message(Endpoint(type: .updateClient, requiresAuth: true, body: .json) { input in
            uuidParameter(input, "id").flatMap { id in
                decodeValidated(UpdateClientRequest.self, input) {
                    $0.validate(today: CalendarDate(input.now.addingTimeInterval(14 * 3600), in: TimeZone(identifier: "UTC")!))
                }.map { adding(["client_id": .string(id)], to: $0) }
            }
        }))
        router.add("DELETE", "\(api)/clients/{id}", .message(Endpoint(type: .deleteClient, requiresAuth: true, body: .none) { input in
            uuidParameter(input, "id").map { .object(["client_id": .string($0)]) }
        }))
        router.add("POST", "\(api)/clients/{id}/unlock", .message(Endpoint(type: .unlockClient, requiresAuth: true, body: .none) { input in
            uuidParameter(input, "id").map { .object(["client_id": .string($0)]) }
        }))
        router.add("POST", "\(api)/clients/{id}/password-reset", .message(Endpoint(type: .resetClientPassword, requiresAuth: true, body: .none) { input in
            uuidParameter(input, "id").map { .object(["client_id": .string($0)]) }
        }))
        router.add("POST", "\(api)/clients/{id}/handover", .message(Endpoint(type: .offerHandover, requiresAuth: true, body: .json) { input in
            uuidParameter(input, "id").flatMap { id in
                decodeValidated(HandoverRequest.self, input) { $0.validate() }.map { adding(["client_id": .string(id)], to: $0) }
            }
        }))
        router.add("GET", "\(api)/handovers", .message(Endpoint(type: .listHandovers, requiresAuth: true, body: .none) { _ in .success(.object([:])) }))
        router.add("POST", "\(api)/handovers/{id}/accept", .message(Endpoint(type: .acceptHandover, requiresAuth: true, body: .none) { input in
            uuidParameter(input, "id").map { .object(["handover_id": .string($0)]) }
        }))
        router.add("POST", "\(api)/handovers/{id}/decline", .message(Endpoint(type: .declineHandover, requiresAuth: true, body: .none) { input in
            uuidParameter(input, "id").map { .object(["handover_id": .string($0)]) }
        }))
        router.add("GET", "\(api)/notifications", .message(Endpoint(type: .listNotifications, requiresAuth: true, body: .none) { _ in .success(.object([:])) }))
        router.add("POST", "\(api)/notifications/{id}/read", .message(Endpoint(type: .readNotification, requiresAuth: true, body: .none) { input in
            uuidParameter(input, "id").map { .object(["notification_id": .string($0)]) }
        }))
        router.add("GET", "\(api)/clients/{id}/registrations", .message(Endpoint(type: .listClientRegistrations, requiresAuth: true, body: .none) { input in
            uuidParameter(input, "id").flatMap { id in
                DateRange.parse(query: input.query).flatMap { range in
                    Result { try JSONValue(encoding: range) }.mapError { _ in APIError(.internalError, "encoding") }
                        .map { adding(["client_id": .string(id)], to: $0) }
                }
            }
        }))
        router.add("GET", "\(api)/clients/{id}/copm", .message(Endpoint(type: .listCOPMAssessments, requiresAuth: true, body: .none) { input in
            uuidParameter(input, "id").map { .object(["client_id": .string($0)]) }
        }))
        router.add("POST", "\(api)/clients/{id}/copm", .message(Endpoint(type: .createCOPMAssessment, requiresAuth: true, body: .json) { input in
            // As for birth dates: the worker checks "not in the future" in the tenant's time zone.
            uuidParameter(input, "id").flatMap { id in
                decodeValidated(CreateCOPMAssessmentRequest.self, input) {
                    $0.validate(today: CalendarDate(input.now.addingTimeInterval(14 * 3600), in: TimeZone(identifier: "UTC")!))
                }.map { adding(["client_id": .string(id)], to: $0) }
            }
        }))
        router.add("GET", "\(api)/clients/{id}/questionnaires", .message(Endpoint(type: .listClientQuestionnaires, requiresAuth: true, body: .none) { input in
            uuidParameter(input, "id").map { .object(["client_id": .string($0)]) }
        }))
        router.add("POST", "\(api)/clients/{id}/questionnaires", .message(Endpoint(type: .assignQuestionnaire, requiresAuth: true, body: .json) { input in
            uuidParameter(input, "id").flatMap { id in
                decodeValidated(AssignQuestionnaireRequest.self, input) { _ in nil }.map { adding(["client_id": .string(id)], to: $0) }
            }
        }))
        router.add("GET", "\(api)/me/questionnaires", .message(Endpoint(type: .listMyQuestionnaires, requiresAuth: true, body: .none) { _ in .success(.object([:])) }))
        router.add("POST", "\(api)/me/questionnaires/{id}/answers", .message(Endpoint(type: .submitAnswers, requiresAuth: true, body: .json) { input in
            uuidParameter(input, "id").flatMap { id in
                decodeValidated(SubmitAnswersRequest.self, input) { $0.validate() }.map { adding(["assignment_id": .string(id)], to: $0) }
            }
        }))
        router.add("GET", "\(api)/me/questionnaires/{id}", .message(Endpoint(type: .getMyQuestionnaire, requiresAuth: true, body: .none) { input in
            uuidParameter(input, "id").flatMap { id in
                InstrumentLanguage.parse(query: input.query).map { language in
                    .object(["assignment_id": .string(id), "lang": .string(language.rawValue)])
                }
            }
        }))
        addGoalRoutes(to: &router, api: api)
        addColorScaleRoutes(to: &router, api: api)
        addReflectionSheetRoutes(to: &router, api: api)
        addReportRoutes(to: &router, api: api)
        router.add("POST", "\(api)/me/registrations", .message(Endpoint(type: .createRegistration, requiresAuth: true, body: .json) { input in
            // The worker checks the level against the client's own scale; here only against the largest.
            decodeValidated(CreateRegistrationRequest.self, input) { $0.validate(now: input.now, levelCount: ColorScale.maximumLevels) }
        }))
        router.add("GET", "\(api)/me/registrations", .message(Endpoint(type: .listMyRegistrations, requiresAuth: true, body: .none) { input in
            DateRange.parse(query: input.query).flatMap { range in
                Result { try JSONValue(encoding: range) }.mapError { _ in APIError(.internalError, "encoding") }
            }
        }))
        router.add("GET", "\(api)/audit", .message(Endpoint(type: .listAudit, requiresAuth: true, body: .none) { input in
            AuditQuery.parse(query: input.query).flatMap { query in
                Result { try JSONValue(encoding: query) }.mapError { _ in APIError(.internalError, "encoding") }
            }
        }))
        router.add("GET", "\(api)/commands/{id}", .message(Endpoint(type: .getCommand, requiresAuth: true, body: .none) { input in
            uuidParameter(input, "id").map { .object(["command_id": .string($0)]) }
        }))
        return router
    }

    /// Decodes and validates a JSON body, then re-encodes it as the message payload, so the
    /// worker receives exactly the fields the API defines.
    static func decodeValidated<T: Codable>(_ type: T.Type, _ input: RequestInput,
                                                    validate: (T) -> APIError?) -> Result<JSONValue, APIError> {
        RequestDecoding.decode(T.self, from: input.body).flatMap { request in
            if let problem = validate(request) { return .failure(problem) }
            return Result { try JSONValue(encoding: request) }.mapError { _ in APIError(.internalError, "The request could not be encoded.") }
        }
    }

    /// The payload object with path parameters added.
    static func adding(_ fields: [String: JSONValue], to payload: JSONValue) -> JSONValue {
        guard case .object(var object) = payload else { return payload }
        object.merge(fields) { _, parameter in parameter }
        return .object(object)
    }

    /// A path id that is not a UUID names nothing that could exist: 404.
    static func uuidParameter(_ input: RequestInput, _ name: String) -> Result<String, APIError> {
        guard let text = input.parameters[name], let id = UUID(uuidString: text) else { return .failure(.notFound) }
        return .success(id.lowercasedText)
    }
}
