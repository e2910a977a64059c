import AMQP
import Foundation
import Testing

/// The test broker from MDME_TEST_AMQP, and helpers shared by the tests.
enum TestBroker {
    static func configuration() throws -> AMQPConfiguration {
        let url = try #require(ProcessInfo.processInfo.environment["MDME_TEST_AMQP"], "set MDME_TEST_AMQP, e.g. amqp://mdme:mdme@127.0.0.1:56739/")
        return try AMQPConfiguration(url: url)
    }

    static func connect() throws -> AMQPConnection {
        var configuration = try configuration()
        configuration.connectionName = "part.amqp-tests"
        return try AMQPConnection(configuration: configuration)
    }

    static func uniqueName(_ purpose: String) -> String {
        "part.\(purpose).\(UUID().uuidString.lowercased())"
    }

    /// Deletes test queues and exchanges on a fresh connection (the test's own may be closed).
    static func cleanUp(queues: [String] = [], exchanges: [String] = []) {
        guard let connection = try? connect() else {
            return
        }
        for queue in queues {
            try? connection.deleteQueue(queue)
        }
        for exchange in exchanges {
            try? connection.deleteExchange(exchange)
        }
        connection.close()
    }

    struct NoDelivery: Error {}

    /// Waits for the next delivery, skipping other events; `consumerTag` restricts it to one consumer.
    static func nextDelivery(on connection: AMQPConnection, consumerTag: String? = nil, within limit: Duration = .seconds(10)) throws -> AMQPMessage {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if case .delivery(let message) = try connection.nextEvent(timeout: .seconds(1)),
               consumerTag == nil || message.consumerTag == consumerTag {
                return message
            }
        }
        Issue.record("no delivery within \(limit)")
        throw NoDelivery()
    }
}
