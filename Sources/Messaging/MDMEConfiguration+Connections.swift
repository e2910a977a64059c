import AMQP
import MDMERuntime
import Postgres

extension MDMEConfiguration {
    /// The broker settings, with a connection name that shows up in RabbitMQ's management tools.
    public func amqpConfiguration(connectionName: String) throws -> AMQPConfiguration {
        var settings = try AMQPConfiguration(url: amqp.url)
        settings.heartbeatSeconds = amqp.heartbeatSeconds
        settings.connectionName = connectionName
        return settings
    }

    public func postgresConfiguration(applicationName: String) -> PostgresConfiguration {
        PostgresConfiguration(connectionString: postgres.url, applicationName: applicationName)
    }
}
