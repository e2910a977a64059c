import Foundation
import MDMERuntime
import Testing

/// A small configuration with every kind of value the loader converts.
struct SampleConfiguration: Codable, Equatable {
    struct Feature: Codable, Equatable {
        var enabled = false
        var verbose = true
        var ratio = 0.5
        var name = "default"
        var limits = [1, 2]
        var maxItemCount = 10
    }

    var feature = Feature()
    var logLevel = "info"
}

/// A JSON file that exists for the duration of one test.
struct TemporaryFile: ~Copyable {
    let path: String

    init(_ contents: String) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("mdme-config-\(UUID().uuidString).json").path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

@Suite("Configuration loading")
struct ConfigurationLoaderTests {
    static func load(file: String? = nil, environment: [String: String] = [:]) throws -> MDMEConfiguration {
        if let file {
            let temporary = try TemporaryFile(file)
            return try ConfigurationLoader.load(defaults: MDMEConfiguration(), filePath: temporary.path, environment: environment)
        }
        return try ConfigurationLoader.load(defaults: MDMEConfiguration(), filePath: nil, environment: environment)
    }

    /// The message of the ConfigurationError `body` throws; records an issue when it throws nothing else.
    static func message(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> String {
        let error = #expect(throws: ConfigurationError.self, sourceLocation: sourceLocation) { try body() }
        return error?.message ?? ""
    }

    @Test func defaultsOnly() throws {
        let configuration = try Self.load()
        #expect(configuration.gateway.port == 8080)
        #expect(configuration.gateway.host == "127.0.0.1")
        #expect(configuration.gateway.publicUrl == "http://127.0.0.1:8080")
        #expect(configuration.messaging.retryDelaysMs == [1000, 10_000, 60_000])
        #expect(configuration.retention.periodMonths == 4)
        #expect(configuration.logLevel == "info")
        #expect(configuration.logLevelValue == .info)
        try configuration.validate()
    }

    @Test func unrelatedEnvironmentIsIgnored() throws {
        let configuration = try Self.load(environment: ["PATH": "/bin", "GATEWAY_PORT": "1", "OTHER_MDME_GATEWAY_PORT": "2"])
        #expect(configuration.gateway.port == 8080)
    }

    @Test func fileOverridesANestedKeyAndKeepsTheRest() throws {
        let configuration = try Self.load(file: #"{"gateway": {"port": 9000, "public_url": "https://mdme.example"}, "log_level": "debug"}"#)
        #expect(configuration.gateway.port == 9000)
        #expect(configuration.gateway.publicUrl == "https://mdme.example")
        #expect(configuration.gateway.host == "127.0.0.1")
        #expect(configuration.gateway.threads == 8)
        #expect(configuration.amqp.heartbeatSeconds == 30)
        #expect(configuration.logLevelValue == .debug)
    }

    @Test func emptyFileObjectChangesNothing() throws {
        let configuration = try Self.load(file: "{}")
        #expect(configuration.gateway.port == 8080)
    }

    @Test(arguments: [
        (#"{"gateway": {"prot": 9000}}"#, "gateway.prot"),
        (#"{"gatway": {"port": 9000}}"#, "gatway"),
        (#"{"security": {"session_key_file": "k", "sesion_ttl_minutes": 5}}"#, "security.sesion_ttl_minutes"),
        (#"{"retention": {"periodMonths": 6}}"#, "retention.periodMonths"),
    ])
    func unknownKeyInFileIsNamed(file: String, keyPath: String) {
        let message = Self.message { _ = try Self.load(file: file) }
        #expect(message.contains(keyPath))
        #expect(message.contains("unknown setting"))
    }

    @Test func sectionReplacedByAValueIsRejected() {
        let message = Self.message { _ = try Self.load(file: #"{"gateway": 8080}"#) }
        #expect(message.contains("gateway must be an object"))
    }

    @Test func wrongTypeInFileIsRejected() {
        _ = Self.message { _ = try Self.load(file: #"{"gateway": {"port": "eighty"}}"#) }
    }

    @Test(arguments: ["[1, 2]", "not json", "", #""text""#])
    func fileThatIsNotAnObjectIsRejected(file: String) {
        let message = Self.message { _ = try Self.load(file: file) }
        #expect(message.contains("is not a JSON object"))
    }

    @Test func missingFileIsRejected() {
        let path = "/nonexistent/mdme-\(UUID().uuidString).json"
        let message = Self.message {
            _ = try ConfigurationLoader.load(defaults: MDMEConfiguration(), filePath: path, environment: [:])
        }
        #expect(message.contains(path))
    }

    @Test func environmentOverridesAnInteger() throws {
        let configuration = try Self.load(environment: ["MDME_GATEWAY_PORT": "9090"])
        #expect(configuration.gateway.port == 9090)
    }

    @Test func environmentWinsOverTheFile() throws {
        let configuration = try Self.load(file: #"{"gateway": {"port": 9000, "threads": 3}}"#,
                                          environment: ["MDME_GATEWAY_PORT": "9090"])
        #expect(configuration.gateway.port == 9090)
        #expect(configuration.gateway.threads == 3)
    }

    @Test func environmentOverridesStringsAndTopLevelKeys() throws {
        let configuration = try Self.load(environment: [
            "MDME_LOG_LEVEL": "warning",
            "MDME_POSTGRES_URL": "host=db port=5432",
            "MDME_GATEWAY_PUBLIC_URL": "https://mdme.example",
            "MDME_SECURITY_PASSWORD_COST": "minimum",
            "MDME_GATEWAY_MAX_BODY_BYTES": "2048",
        ])
        #expect(configuration.logLevel == "warning")
        #expect(configuration.postgres.url == "host=db port=5432")
        #expect(configuration.gateway.publicUrl == "https://mdme.example")
        #expect(configuration.security.passwordCost == "minimum")
        #expect(configuration.gateway.maxBodyBytes == 2048)
    }

    @Test func environmentOverridesAnArrayWithJSONText() throws {
        let configuration = try Self.load(environment: ["MDME_MESSAGING_RETRY_DELAYS_MS": "[5,6]"])
        #expect(configuration.messaging.retryDelaysMs == [5, 6])
    }

    @Test(arguments: ["abc", "", "9090x", "1,000"])
    func badNumberInTheEnvironmentNamesTheVariable(value: String) {
        let message = Self.message { _ = try Self.load(environment: ["MDME_GATEWAY_PORT": value]) }
        #expect(message.contains("MDME_GATEWAY_PORT"))
    }

    @Test func badArrayInTheEnvironmentNamesTheVariable() {
        let message = Self.message { _ = try Self.load(environment: ["MDME_MESSAGING_RETRY_DELAYS_MS": "[5,"]) }
        #expect(message.contains("MDME_MESSAGING_RETRY_DELAYS_MS"))
    }

    @Test(arguments: ["80.5", "nan", "inf"])
    func numberThatIsNoIntegerNamesTheVariable(value: String) {
        let message = Self.message { _ = try Self.load(environment: ["MDME_GATEWAY_PORT": value]) }
        #expect(message.contains("MDME_GATEWAY_PORT"))
    }

    @Test func hexadecimalTextIsNotANumber() {
        #expect(throws: ConfigurationError.self) {
            _ = try Self.load(environment: ["MDME_GATEWAY_PORT": "0x10"])
        }
    }

    @Test(arguments: [("true", true), ("false", false), ("TRUE", true), ("False", false)])
    func environmentOverridesABool(text: String, expected: Bool) throws {
        let configuration = try ConfigurationLoader.load(
            defaults: SampleConfiguration(), filePath: nil,
            environment: ["MDME_FEATURE_ENABLED": text, "MDME_FEATURE_VERBOSE": text]
        )
        #expect(configuration.feature.enabled == expected)
        #expect(configuration.feature.verbose == expected)
    }

    @Test(arguments: ["yes", "1", ""])
    func badBoolNamesTheVariable(text: String) {
        let message = Self.message {
            _ = try ConfigurationLoader.load(defaults: SampleConfiguration(), filePath: nil,
                                             environment: ["MDME_FEATURE_ENABLED": text])
        }
        #expect(message.contains("MDME_FEATURE_ENABLED"))
    }

    @Test func environmentOverridesDoublesStringsAndArraysOfAnyConfiguration() throws {
        let configuration = try ConfigurationLoader.load(
            defaults: SampleConfiguration(), filePath: nil,
            environment: [
                "APP_FEATURE_RATIO": "0.25",
                "APP_FEATURE_NAME": "42",
                "APP_FEATURE_LIMITS": "[]",
                "APP_FEATURE_MAX_ITEM_COUNT": "7",
                "APP_LOG_LEVEL": "debug",
                "MDME_FEATURE_RATIO": "0.75",
            ],
            prefix: "APP"
        )
        #expect(configuration.feature.ratio == 0.25)
        #expect(configuration.feature.name == "42")
        #expect(configuration.feature.limits == [])
        #expect(configuration.feature.maxItemCount == 7)
        #expect(configuration.logLevel == "debug")
    }

    @Test func fileCanSetABoolInAnyConfiguration() throws {
        let file = try TemporaryFile(#"{"feature": {"enabled": true, "limits": [9]}}"#)
        let configuration = try ConfigurationLoader.load(defaults: SampleConfiguration(), filePath: file.path, environment: [:])
        #expect(configuration.feature.enabled)
        #expect(configuration.feature.limits == [9])
        #expect(configuration.feature.verbose)
    }

    @Test func loadUsesTheFileNamedByMDMEConfig() throws {
        let file = try TemporaryFile(#"{"gateway": {"port": 7070}}"#)
        let configuration = try MDMEConfiguration.load(environment: ["MDME_CONFIG": file.path, "MDME_GATEWAY_THREADS": "2"])
        #expect(configuration.gateway.port == 7070)
        #expect(configuration.gateway.threads == 2)
    }

    @Test func loadValidates() throws {
        let file = try TemporaryFile("{}")
        let message = Self.message {
            _ = try MDMEConfiguration.load(environment: ["MDME_CONFIG": file.path, "MDME_GATEWAY_PORT": "70000"])
        }
        #expect(message.contains("gateway.port"))
    }

    @Test func errorDescriptionSaysConfiguration() {
        #expect(ConfigurationError("x must be y").description == "configuration: x must be y")
    }
}

@Suite("Configuration validation")
struct ConfigurationValidationTests {
    static func problem(_ change: (inout MDMEConfiguration) -> Void) -> String? {
        var configuration = MDMEConfiguration()
        change(&configuration)
        do {
            try configuration.validate()
            return nil
        } catch let error as ConfigurationError {
            return error.message
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func defaultsAreValid() {
        #expect(Self.problem { _ in } == nil)
    }

    @Test(arguments: [0, 1, 65535])
    func portsInRangeAreValid(port: Int) {
        #expect(Self.problem { $0.gateway.port = port } == nil)
    }

    @Test(arguments: [70_000, 65_536, -1])
    func portOutOfRangeIsRejected(port: Int) {
        #expect(Self.problem { $0.gateway.port = port }?.contains("gateway.port") == true)
    }

    @Test(arguments: ["loud", "", "INFO", "trace"])
    func unknownLogLevelIsRejected(level: String) {
        #expect(Self.problem { $0.logLevel = level }?.contains("log_level") == true)
    }

    @Test(arguments: Logger.Level.allCases)
    func everyLogLevelIsValid(level: Logger.Level) {
        #expect(Self.problem { $0.logLevel = level.rawValue } == nil)
        var configuration = MDMEConfiguration()
        configuration.logLevel = level.rawValue
        #expect(configuration.logLevelValue == level)
    }

    @Test func otherRules() {
        #expect(Self.problem { $0.gateway.threads = 0 }?.contains("gateway.threads") == true)
        #expect(Self.problem { $0.gateway.maxBodyBytes = 1023 }?.contains("max_body_bytes") == true)
        #expect(Self.problem { $0.gateway.replyTimeoutMs = 0 }?.contains("reply_timeout_ms") == true)
        #expect(Self.problem { $0.gateway.publicUrl = "not a url" }?.contains("public_url") == true)
        #expect(Self.problem { $0.messaging.retryDelaysMs = [] }?.contains("retry_delays_ms") == true)
        #expect(Self.problem { $0.messaging.retryDelaysMs = [5, 0] }?.contains("retry_delays_ms") == true)
        #expect(Self.problem { $0.messaging.maxAttempts = 0 }?.contains("max_attempts") == true)
        #expect(Self.problem { $0.messaging.deliveryLimit = 0 }?.contains("delivery_limit") == true)
        #expect(Self.problem { $0.worker.prefetch = 0 }?.contains("worker.") == true)
        #expect(Self.problem { $0.security.sessionTtlMinutes = 0 } != nil)
        #expect(Self.problem { $0.security.passwordCost = "cheap" }?.contains("password_cost") == true)
        #expect(Self.problem { $0.retention.firstWarningMonths = 4 }?.contains("retention.period_months") == true)
    }

    @Test func logLevelValueFallsBackToInfo() {
        var configuration = MDMEConfiguration()
        configuration.logLevel = "loud"
        #expect(configuration.logLevelValue == .info)
    }

    @Test func passwordResetLifetimeDefaultsToAnHourAndIsOverridable() throws {
        #expect(MDMEConfiguration().security.passwordResetTtlMinutes == 60)
        let configuration = try ConfigurationLoaderTests.load(environment: ["MDME_SECURITY_PASSWORD_RESET_TTL_MINUTES": "15"])
        #expect(configuration.security.passwordResetTtlMinutes == 15)
    }

    @Test(arguments: [0, -5])
    func nonPositivePasswordResetLifetimeIsRejected(minutes: Int) {
        #expect(Self.problem { $0.security.passwordResetTtlMinutes = minutes }?.contains("password_reset_ttl_minutes") == true)
    }
}
