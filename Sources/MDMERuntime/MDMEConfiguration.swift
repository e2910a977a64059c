import Foundation

/// Every setting of every MDME process, with the defaults that match `scripts/run`.
///
/// Loaded by `MDMEConfiguration.load()` from `config/mdme.json` (or the file named by
/// `MDME_CONFIG`) and `MDME_*` environment variables; see README.md for the full list.
public struct MDMEConfiguration: Codable, Sendable {
    public struct Gateway: Codable, Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        public var threads = 8
        public var maxBodyBytes = 1 << 20
        /// How long a request waits for its reply before the gateway answers 202.
        public var replyTimeoutMs = 5000
        /// The address front ends and invitation links use.
        public var publicUrl = "http://127.0.0.1:8080"
        /// Login attempts allowed per remote address per minute before 429.
        public var loginAttemptsPerMinute = 20
        /// Failed logins allowed per account (by address given) per minute before 429.
        public var loginAttemptsPerAccountPerMinute = 10
        /// The OpenAPI description served at `GET /api/v1/openapi.yaml`.
        public var openapiFile = "openapi/mdme.yaml"
        /// PEM certificate chain and private key: when both are set the gateway serves HTTPS only
        /// (TLS 1.2 and 1.3).
        public var tlsCertificateFile = ""
        public var tlsKeyFile = ""
        /// Plain HTTP on a non-loopback address is refused at start-up unless this is set.
        public var allowPlainHttp = false
    }

    public struct AMQP: Codable, Sendable {
        /// One broker, or the nodes of a cluster separated by commas: processes connect to any
        /// node that answers and move to another when theirs goes away.
        public var url = "amqp://mdme:mdme@127.0.0.1:56729/"
        public var heartbeatSeconds = 30
        /// For `amqps://` URLs: the CA certificates (PEM) the broker's certificate must chain to
        /// (empty: the system's), and an optional client certificate and key.
        public var tlsCaFile = ""
        public var tlsCertFile = ""
        public var tlsKeyFile = ""
    }

    public struct Postgres: Codable, Sendable {
        /// The workers' role: subject to row-level security, cannot change the audit log.
        public var url = "host=127.0.0.1 port=54329 dbname=mdme user=mdme_app password=mdme_app"
        /// The owner's role, for `mdme migrate` and the operator's commands only.
        public var ownerUrl = "host=127.0.0.1 port=54329 dbname=mdme user=mdme_owner password=mdme_owner"
        /// When set, both connections use TLS with `sslmode=verify-full` against this CA file (PEM).
        public var tlsCaFile = ""
    }

    public struct Messaging: Codable, Sendable {
        /// Delays of the retry queues; attempt n waits the n-th delay (the last one repeats).
        public var retryDelaysMs = [1000, 10_000, 60_000]
        /// Handler attempts before a message is dead-lettered.
        public var maxAttempts = 5
        /// Quorum-queue delivery limit: protects against messages that crash the worker itself.
        public var deliveryLimit = 10
        public var outboxPollMs = 200
        /// How often each worker's audit sealer chains new audit rows: the longest a row stays
        /// outside its tenant's hash chain while the system runs.
        public var auditSealMs = 250
        /// Inbox rows (message dedupe and idempotency keys) are kept this long.
        public var inboxRetentionHours = 24 * 7
    }

    public struct Worker: Codable, Sendable {
        /// Consumer loops per process; each owns one AMQP and one PostgreSQL connection. Two on a
        /// 2-core machine: four loops split the same deliveries into smaller batches, and with
        /// them more commits (measured by scripts/bench: 1,044 against 1,185 registrations/s).
        public var concurrency = 2
        /// Deliveries a consumer loop may hold unacknowledged; also caps a batch.
        public var prefetch = 32
        /// Deliveries already waiting are handled together in one transaction, up to this
        /// many: one commit (and one hold of a tenant's audit-chain lock) for the batch. A
        /// message alone is handled alone, so a quiet system gains no latency.
        public var batchSize = 16
        /// `GET /metrics` (Prometheus) on this port; 0 serves none. Each process on a host
        /// needs its own port (`scripts/run` numbers them).
        public var metricsPort = 0
        /// Loopback by default: the endpoint has no authentication.
        public var metricsHost = "127.0.0.1"
    }

    public struct Security: Codable, Sendable {
        /// Files holding base64 keys of at least 32 bytes; `scripts/run` generates them.
        public var sessionKeyFile = ".run/keys/session.key"
        public var blindIndexKeyFile = ".run/keys/blind-index.key"
        /// The master key wrapping every account's data key, and its id (stored with each
        /// wrapped key, so keys can rotate).
        public var masterKeyFile = ".run/keys/master.key"
        public var masterKeyId = "k1"
        /// The master key being rotated away from, still used to unwrap data keys not yet
        /// rewrapped by `mdme keys rotate`; empty when no rotation is under way.
        public var previousMasterKeyFile = ""
        public var previousMasterKeyId = ""
        /// The session signing key before the last rotation: tokens it signed are accepted until
        /// they expire (keep it `session_ttl_minutes` after a rotation); empty for none.
        public var previousSessionKeyFile = ""
        /// Seals the replies workers keep in their inbox for redeliveries (they may hold personal data).
        public var inboxKeyFile = ".run/keys/inbox.key"
        public var sessionTtlMinutes = 12 * 60
        public var idleTimeoutMinutes = 30
        public var invitationTtlHours = 7 * 24
        /// How long a password-reset link works; it is single-use in any case.
        public var passwordResetTtlMinutes = 60
        public var failedLoginsBeforeLock = 5
        /// `interactive` (libsodium's recommendation) or `minimum` (tests only).
        public var passwordCost = "interactive"
    }

    /// The MFS cut-off and band limits (DOMAIN.md: configuration with these defaults).
    public struct MFS: Codable, Sendable {
        public var cutOff = 10.5
        public var mildFrom = 10.5
        public var moderateFrom = 15.0
        public var severeFrom = 20.5
    }

    public struct Retention: Codable, Sendable {
        public var periodMonths = 4
        public var firstWarningMonths = 3
        public var secondWarningDaysBefore = 7
        /// How often `mdme-retention` sweeps.
        public var sweepIntervalMinutes = 15
    }

    /// Email (mdme-mailer, and the gateway's provider webhook). Secrets are read from files
    /// kept outside the repository; an empty path means "not configured".
    public struct Mail: Codable, Sendable {
        public var fromAddress = "no-reply@mdme.localhost"
        public var fromName = "Min Dag | Min Energi"
        /// Mailchimp Transactional-compatible API (mail mode `provider`).
        public var providerBaseUrl = "https://mandrillapp.com"
        public var providerKeyFile = ""
        public var providerTimeoutSeconds = 15
        /// The webhook URL exactly as registered with the provider (it is signed), and its key.
        public var webhookUrl = "http://127.0.0.1:8080/webhooks/mail-provider"
        public var webhookKeyFile = ""
        /// Extra CA bundle for tenants' SMTP relays (a private CA); empty: the system's.
        public var smtpCaFile = ""
        public var smtpTimeoutSeconds = 30
    }

    public var gateway = Gateway()
    public var amqp = AMQP()
    public var postgres = Postgres()
    public var messaging = Messaging()
    public var worker = Worker()
    public var security = Security()
    public var retention = Retention()
    public var mfs = MFS()
    public var mail = Mail()
    public var logLevel = "info"

    public init() {}

    /// Defaults, then the config file, then the environment; validated.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MDMEConfiguration {
        let path = environment["MDME_CONFIG"] ?? (FileManager.default.fileExists(atPath: "config/mdme.json") ? "config/mdme.json" : nil)
        let configuration = try ConfigurationLoader.load(defaults: MDMEConfiguration(), filePath: path, environment: environment)
        try configuration.validate()
        return configuration
    }

    public func validate() throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw ConfigurationError(message) }
        }
        try require((0...65535).contains(gateway.port), "gateway.port must be 0…65535")
        try require(gateway.threads >= 1, "gateway.threads must be at least 1")
        try require(gateway.maxBodyBytes >= 1024, "gateway.max_body_bytes must be at least 1024")
        try require(gateway.replyTimeoutMs >= 1, "gateway.reply_timeout_ms must be positive")
        try require(gateway.loginAttemptsPerMinute >= 1 && gateway.loginAttemptsPerAccountPerMinute >= 1,
                    "gateway.login_attempts_per_minute and login_attempts_per_account_per_minute must be at least 1")
        try require(URL(string: gateway.publicUrl)?.scheme != nil, "gateway.public_url must be an absolute URL")
        try require(gateway.tlsCertificateFile.isEmpty == gateway.tlsKeyFile.isEmpty,
                    "gateway.tls_certificate_file and gateway.tls_key_file must be set together")
        try require(amqp.tlsCertFile.isEmpty == amqp.tlsKeyFile.isEmpty, "amqp.tls_cert_file and amqp.tls_key_file must be set together")
        try require(security.previousMasterKeyId.isEmpty == security.previousMasterKeyFile.isEmpty,
                    "security.previous_master_key_id and security.previous_master_key_file must be set together")
        try require(security.previousMasterKeyId.isEmpty || security.previousMasterKeyId != security.masterKeyId,
                    "security.previous_master_key_id must differ from security.master_key_id")
        try require(!messaging.retryDelaysMs.isEmpty && messaging.retryDelaysMs.allSatisfy { $0 > 0 },
                    "messaging.retry_delays_ms must be positive numbers")
        try require(messaging.maxAttempts >= 1, "messaging.max_attempts must be at least 1")
        try require(messaging.deliveryLimit >= 1, "messaging.delivery_limit must be at least 1")
        try require((1...32).contains(worker.batchSize), "worker.batch_size must be 1…32")
        try require(worker.concurrency >= 1 && worker.prefetch >= 1, "worker.concurrency and worker.prefetch must be at least 1")
        try require(security.sessionTtlMinutes >= 1 && security.idleTimeoutMinutes >= 1, "session lifetimes must be positive")
        try require(security.invitationTtlHours >= 1 && security.passwordResetTtlMinutes >= 1,
                    "security.invitation_ttl_hours and security.password_reset_ttl_minutes must be positive")
        try require(["interactive", "minimum"].contains(security.passwordCost), "security.password_cost must be interactive or minimum")
        try require(Logger.Level(rawValue: logLevel) != nil, "log_level must be one of debug, info, notice, warning, error")
        try require(retention.firstWarningMonths >= 1 && retention.periodMonths > retention.firstWarningMonths,
                    "retention.period_months must exceed first_warning_months, which must be at least 1")
        try require(retention.secondWarningDaysBefore >= 1, "retention.second_warning_days_before must be at least 1")
        try require(retention.sweepIntervalMinutes >= 1, "retention.sweep_interval_minutes must be at least 1")
        try require(URL(string: mail.providerBaseUrl)?.scheme != nil, "mail.provider_base_url must be an absolute URL")
        try require(mail.fromAddress.contains("@"), "mail.from_address must be an email address")
        try require(mail.providerTimeoutSeconds >= 1 && mail.smtpTimeoutSeconds >= 1, "mail timeouts must be positive")
        let limits = [mfs.cutOff, mfs.mildFrom, mfs.moderateFrom, mfs.severeFrom]
        try require(limits.allSatisfy { (0...42).contains($0) } && mfs.mildFrom <= mfs.moderateFrom && mfs.moderateFrom <= mfs.severeFrom,
                    "mfs limits must be within 0…42 and rise: mild_from ≤ moderate_from ≤ severe_from")
    }

    public var logLevelValue: Logger.Level { Logger.Level(rawValue: logLevel) ?? .info }
}
