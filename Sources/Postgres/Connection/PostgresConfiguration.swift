/// How to reach the server.
public struct PostgresConfiguration: Sendable {
    /// A libpq conninfo string (`host=… port=… user=… dbname=…`) or a `postgresql://` URL.
    public var connectionString: String
    /// Sent as `application_name`; overrides one given in `connectionString`.
    public var applicationName: String = "mdme"
    /// libpq's `connect_timeout` (libpq treats values below 2 as 2); overrides one in `connectionString`.
    public var connectTimeoutSeconds: Int = 5
    /// Further libpq connection keywords (e.g. `dbname`, `options`) that override `connectionString`.
    public var connectionParameters: [String: String] = [:]

    /// A configuration for `connectionString`; nothing is validated until `connect()`.
    public init(connectionString: String, applicationName: String = "mdme") {
        self.connectionString = connectionString
        self.applicationName = applicationName
    }
}
