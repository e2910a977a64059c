import Crypto
import Foundation
import HTTPServer
import Mail
import MDMECore
import MDMERuntime
import Messaging

/// Turns each HTTP request into a message, publishes it, and answers from the reply.
///
/// The gateway checks what it can without data: the route, the token's signature and expiry,
/// the media type, the JSON shape and field rules. Everything else is the workers' job.
final class GatewayHandler: HTTPRequestHandler {
    private let configuration: MDMEConfiguration
    private let signer: SessionTokenSigner
    private let broker: BrokerClient
    private let metrics: GatewayMetrics
    private let logger: Logger
    private let loginLimiter: LoginRateLimiter
    private let accountLoginLimiter: LoginRateLimiter
    private let router: Router<RouteAction>
    private let openAPIDocument: [UInt8]?
    private let mailWebhook: MailWebhook
    private let webFrontEnd: WebFrontEnd

    init(configuration: MDMEConfiguration, signer: SessionTokenSigner, broker: BrokerClient,
         metrics: GatewayMetrics, webFrontEnd: WebFrontEnd, logger: Logger) {
        openAPIDocument = FileManager.default.contents(atPath: configuration.gateway.openapiFile).map { [UInt8]($0) }
        if openAPIDocument == nil {
            logger.warning("OpenAPI description not found; GET /api/v1/openapi.yaml answers 404", ["path": configuration.gateway.openapiFile])
        }
        self.configuration = configuration
        self.signer = signer
        self.broker = broker
        self.metrics = metrics
        self.logger = logger
        self.loginLimiter = LoginRateLimiter(limitPerMinute: configuration.gateway.loginAttemptsPerMinute)
        self.accountLoginLimiter = LoginRateLimiter(limitPerMinute: configuration.gateway.loginAttemptsPerAccountPerMinute)
        self.router = APIRoutes.router()
        self.mailWebhook = MailWebhook(configuration: configuration.mail, logger: logger)
        self.webFrontEnd = webFrontEnd
    }

    func handle(_ request: HTTPRequest, respond: @escaping @Sendable (HTTPResponse) -> Void) {
        let started = ContinuousClock.now
        if let response = webFrontEnd.response(for: request) {
            var response = response
            response.headers.append(contentsOf: SecurityHeaders.headers(for: .page))
            metrics.record(route: "web", status: response.status, seconds: Self.seconds(since: started))
            respond(response)
            return
        }
        let requestID = UUID.random()
        let match = router.match(method: request.method, path: request.path)
        let routeName: String
        if case .found(let route, _) = match { routeName = "\(route.method) \(route.pattern)" } else { routeName = "unmatched" }
        let metrics = self.metrics
        let logger = self.logger.with(["request.id": requestID.lowercasedText])
        let finish: @Sendable (HTTPResponse) -> Void = { response in
            var response = response
            response.headers.append(HTTPHeader(name: "X-Request-Id", value: requestID.lowercasedText))
            response.headers.append(contentsOf: SecurityHeaders.headers(for: .apiData))
            let seconds = Self.seconds(since: started)
            metrics.record(route: routeName, status: response.status, seconds: seconds)
            logger.info("request", ["route": routeName, "status": "\(response.status)", "duration.ms": String(format: "%.1f", seconds * 1000)])
            respond(response)
        }
        switch match {
        case .notFound:
            finish(ErrorMapping.response(for: APIError(.notFound, "No such endpoint.")))
        case .methodNotAllowed(let allowed):
            finish(ErrorMapping.response(
                for: APIError(.methodNotAllowed, "Method \(request.method) is not allowed here."),
                headers: [HTTPHeader(name: "Allow", value: allowed.joined(separator: ", "))]
            ))
        case .found(let route, let parameters):
            switch route.action {
            case .health:
                finish(.json(status: 200, Array(#"{"status":"up"}"#.utf8)))
            case .readiness:
                finish(broker.isReady
                    ? .json(status: 200, Array(#"{"status":"ready"}"#.utf8))
                    : ErrorMapping.response(for: APIError(.unavailable, "The message broker is not reachable.")))
            case .metrics:
                let text = metrics.render(broker: broker.statistics, brokerReady: broker.isReady)
                finish(HTTPResponse(status: 200, headers: [HTTPHeader(name: "Content-Type", value: PrometheusText.contentType)], body: Array(text.utf8)))
            case .openAPI:
                if let document = openAPIDocument {
                    finish(HTTPResponse(status: 200, headers: [HTTPHeader(name: "Content-Type", value: "application/yaml; charset=utf-8")], body: document))
                } else {
                    finish(ErrorMapping.response(for: APIError(.notFound, "The API description is not installed with this gateway.")))
                }
            case .mailWebhook:
                receiveMailEvents(request, logger: logger, finish: finish)
            case .message(let endpoint):
                dispatch(endpoint, request: request, parameters: parameters, requestID: requestID, logger: logger, finish: finish)
            }
        }
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private func dispatch(_ endpoint: Endpoint, request: HTTPRequest, parameters: [String: String], requestID: UUID,
                          logger: Logger, finish: @escaping @Sendable (HTTPResponse) -> Void) {
        var claims: SessionClaims?
        if endpoint.requiresAuth {
            guard let token = bearerToken(request), let verified = try? signer.verify(token) else {
                finish(ErrorMapping.response(for: .unauthenticated, headers: [HTTPHeader(name: "WWW-Authenticate", value: "Bearer")]))
                return
            }
            claims = verified
        }
        let remoteAddress = request.remoteAddress ?? "unknown"
        if endpoint.type == .login, let retryAfter = loginLimiter.retryAfter(key: remoteAddress) {
            finish(ErrorMapping.response(for: APIError(.tooManyRequests, "Too many failed logins; wait a minute and try again."),
                                         headers: [HTTPHeader(name: "Retry-After", value: "\(retryAfter)")]))
            return
        }
        if endpoint.body == .json {
            let contentType = request.header("content-type")?.lowercased() ?? ""
            guard contentType.hasPrefix("application/json") else {
                finish(ErrorMapping.response(for: APIError(.unsupportedMediaType, "Send the body as application/json.")))
                return
            }
        }
        let idempotencyKey = request.header("idempotency-key")
        if let key = idempotencyKey {
            guard !key.isEmpty, key.count <= 200, key.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline }) else {
                finish(ErrorMapping.response(for: .validation([FieldProblem(field: "Idempotency-Key", problem: "must be 1–200 visible ASCII characters")])))
                return
            }
        }
        let payload: JSONValue
        switch endpoint.buildPayload(RequestInput(body: request.body, parameters: parameters, query: request.query, now: Date())) {
        case .failure(let error):
            finish(ErrorMapping.response(for: error))
            return
        case .success(let value):
            payload = value
        }
        let accountKey = endpoint.type == .login ? Self.accountKey(of: payload) : nil
        if let accountKey, let retryAfter = accountLoginLimiter.retryAfter(key: accountKey) {
            finish(ErrorMapping.response(for: APIError(.tooManyRequests, "Too many failed logins for this account; wait a minute and try again."),
                                         headers: [HTTPHeader(name: "Retry-After", value: "\(retryAfter)")]))
            return
        }
        // The message id is the request id: audit rows and logs of both sides then line up.
        let envelope = Envelope(
            id: requestID,
            type: endpoint.type.rawValue,
            // Keys are scoped to the caller; anonymous requests (login) have no one to scope to.
            idempotencyKey: request.method == "POST" && claims != nil ? idempotencyKey : nil,
            auth: bearerToken(request),
            actorID: claims?.accountID,
            payload: payload
        )
        let timeout = Duration.milliseconds(configuration.gateway.replyTimeoutMs)
        let broker = self.broker
        let limiter = loginLimiter
        let accountLimiter = accountLoginLimiter
        logger.debug("publishing", ["message.id": envelope.id.lowercasedText, "message.type": envelope.type])
        broker.send(envelope, routingKey: endpoint.type.routingKey, awaitReply: true, timeout: timeout) { outcome in
            switch outcome {
            case .reply(let type, let body):
                // Only an error is parsed; a result goes out as the worker encoded it.
                guard let reply = try? Reply(wireType: type, body: body) else {
                    logger.error("undecodable reply", ["message.id": envelope.id.lowercasedText])
                    finish(ErrorMapping.response(for: APIError(.internalError, "The worker's answer could not be read.")))
                    return
                }
                if endpoint.type == .login, reply.error?.code == .invalidCredentials {
                    limiter.recordFailure(key: remoteAddress)
                    if let accountKey { accountLimiter.recordFailure(key: accountKey) }
                }
                finish(endpoint.reply == .file ? ErrorMapping.fileResponse(for: reply) : ErrorMapping.response(for: reply))
            case .accepted where endpoint.type.canBeAccepted:
                // Durable but not yet done: say where to look, and let the worker know to track it.
                Self.track(envelope, broker: broker)
                let commandID = envelope.id.lowercasedText
                let body = Array(#"{"command_id":"\#(commandID)","status":"accepted"}"#.utf8)
                var response = HTTPResponse.json(status: 202, body)
                response.headers.append(HTTPHeader(name: "Location", value: "/api/v1/commands/\(commandID)"))
                finish(response)
            case .accepted, .unavailable:
                finish(ErrorMapping.response(for: ErrorMapping.unavailable, headers: [HTTPHeader(name: "Retry-After", value: "1")]))
            }
        }
    }

    /// `HEAD` is the provider's URL check. A verified `POST` is answered 200 once its events
    /// are durably queued for the mailer (the provider retries anything else).
    private func receiveMailEvents(_ request: HTTPRequest, logger: Logger, finish: @escaping @Sendable (HTTPResponse) -> Void) {
        guard request.method == "POST" else {
            finish(HTTPResponse(status: 200, headers: [], body: []))
            return
        }
        let events: [ProviderWebhook.Event]
        switch mailWebhook.verify(request) {
        case .unauthorized:
            logger.warning("mail webhook with a wrong signature refused")
            finish(ErrorMapping.response(for: APIError(.unauthenticated, "The webhook signature is not valid.")))
            return
        case .malformed:
            finish(ErrorMapping.response(for: .validation([FieldProblem(field: "mandrill_events", problem: "must be a JSON array of events")])))
            return
        case .verified(let verified):
            events = verified
        }
        guard !events.isEmpty else {
            finish(.json(status: 200, Array(#"{"received":0}"#.utf8)))
            return
        }
        let payload: JSONValue
        do {
            payload = .object(["events": try JSONValue(encoding: events)])
        } catch {
            finish(ErrorMapping.response(for: APIError(.internalError, "The events could not be encoded.")))
            return
        }
        let envelope = Envelope(type: MessageType.applyMailEvents.rawValue, payload: payload)
        broker.send(envelope, routingKey: MessageType.applyMailEvents.routingKey, awaitReply: false, timeout: .seconds(5)) { outcome in
            switch outcome {
            case .accepted, .reply:
                logger.info("mail webhook events queued", ["message.id": envelope.id.lowercasedText, "events": "\(events.count)"])
                finish(.json(status: 200, Array(#"{"received":\#(events.count)}"#.utf8)))
            case .unavailable:
                finish(ErrorMapping.response(for: ErrorMapping.unavailable, headers: [HTTPHeader(name: "Retry-After", value: "60")]))
            }
        }
    }

    /// The login's address, normalised and hashed: the limiter holds no addresses in memory.
    private static func accountKey(of payload: JSONValue) -> String? {
        guard case .object(let fields) = payload, case .string(let email)? = fields["email"] else { return nil }
        return Digest.hex(Digest.sha256(Array(email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().utf8)))
    }

    private static func track(_ command: Envelope, broker: BrokerClient) {
        let note = Envelope(
            type: MessageType.trackCommand.rawValue,
            auth: command.auth,
            actorID: command.actorID,
            payload: .object(["command_id": .string(command.id.lowercasedText), "message_type": .string(command.type)])
        )
        broker.send(note, routingKey: MessageType.trackCommand.routingKey, awaitReply: false, timeout: .seconds(30)) { _ in }
    }

    private func bearerToken(_ request: HTTPRequest) -> String? {
        guard let header = request.header("authorization") else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        // Spaces and tabs, the header's own whitespace; plain Swift, as this runs twice a request.
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        var token = parts[1].drop(while: isBlank)
        while let last = token.last, isBlank(last) { token = token.dropLast() }
        return String(token)
    }
}
