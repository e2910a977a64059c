import AMQP
import MDMERuntime
import Postgres

extension MDMEConfiguration {
    /// The broker settings, with a connection name that shows up in RabbitMQ's management tools.
    public func amqpConfiguration(connectionName: String) throws -> AMQPConfiguration {
        var settings = try AMQPConfiguration(url: amqp.url)
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
