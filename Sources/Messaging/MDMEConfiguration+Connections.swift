import Foundation
import AMQP
import MDMERuntime
import Postgres

extension MDMEConfiguration {
    /// The broker settings of the first address in `amqp.url`, with a connection name that
    /// shows up in RabbitMQ's management tools.
    public func amqpConfiguration(connectionName: String) throws -> AMQPConfiguration {
        try amqpConfigurations(connectionName: connectionName)[0]
    }

    /// Connects to a broker of `amqp.url`, which may list the nodes of a cluster separated by
    /// commas. The nodes are tried in random order, so the processes spread over the cluster
    /// and a node that is down costs one failed attempt; the caller's reconnect loop does the rest.
    public func connectToBroker(connectionName: String) throws -> AMQPConnection {
        var lastError: (any Error)?
        for candidate in try amqpConfigurations(connectionName: connectionName).shuffled() {
            do {
                return try AMQPConnection(configuration: candidate)
            } catch {
                lastError = error
            }
        }
        throw lastError ?? AMQPError(code: .invalidConfiguration, message: "amqp.url names no broker")
    }

    /// One configuration per address of `amqp.url`.
    func amqpConfigurations(connectionName: String) throws -> [AMQPConfiguration] {
        let urls = amqp.url.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !urls.isEmpty else { throw AMQPError(code: .invalidConfiguration, message: "amqp.url is empty") }
        return try urls.map { try amqpConfiguration(url: $0, connectionName: connectionName) }
    }

    private func amqpConfiguration(url: String, connectionName: String) throws -> AMQPConfiguration {
        var settings = try AMQPConfiguration(url: url)
        settings.heartbeatSeconds = amqp.heartbeatSeconds
        settings.connectionName = connectionName
        if settings.tls != nil {
            settings.tls = AMQPTLSConfiguration(caFile: amqp.tlsCaFile.isEmpty ? nil : amqp.tlsCaFile,
                                                certificateFile: amqp.tlsCertFile.isEmpty ? nil : amqp.tlsCertFile,
                                                keyFile: amqp.tlsKeyFile.isEmpty ? nil : amqp.tlsKeyFile)
        }
        return settings
    }

    /// The workers' connection (`postgres.url`, role `mdme_app`).
    public func postgresConfiguration(applicationName: String) -> PostgresConfiguration {
        securedPostgres(PostgresConfiguration(connectionString: postgres.url, applicationName: applicationName))
    }

    /// The owner's connection (`postgres.owner_url`), for migrations and the operator's commands.
    public func ownerPostgresConfiguration(applicationName: String) -> PostgresConfiguration {
        securedPostgres(PostgresConfiguration(connectionString: postgres.ownerUrl, applicationName: applicationName))
    }

    /// With `postgres.tls_ca_file`, libpq must use TLS and check the server's certificate chain
    /// and host name (`verify-full`); the parameters override any given in the URL.
    private func securedPostgres(_ configuration: PostgresConfiguration) -> PostgresConfiguration {
        guard !postgres.tlsCaFile.isEmpty else { return configuration }
        var secured = configuration
        secured.connectionParameters["sslmode"] = "verify-full"
        secured.connectionParameters["sslrootcert"] = postgres.tlsCaFile
        return secured
    }
}
