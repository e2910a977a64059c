import AMQP
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres
import Testing

/// The transactional outbox relayed to `mdme.events`; a suite of its own so its database's
/// outbox holds only this test's rows.
@Suite("OutboxRelay", .messagingDatabase)
struct OutboxRelayTests {
    @Test func handlerEventsArePublishedToEventsAndDeletedFromTheOutbox() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let eventType = "test.happened.\(worker.worker)"

        // A temporary queue on mdme.events for this test's event type only.
        let listener = try worker.connectBroker("events")
        defer { listener.close() }
        try Topology.declareExchanges(on: listener)
        let eventQueue = "messaging-tests.events.\(worker.worker)"
        try listener.declareQueue(eventQueue, durable: false, exclusive: true, autoDelete: true)
        try listener.bindQueue(eventQueue, exchange: Topology.events, routingKey: eventType)
        try listener.consume(queue: eventQueue, noAck: true)

        let handler = TestHandler(eventType: eventType)
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }
        let relay = ServiceThread(OutboxRelay(configuration: worker.configuration, logger: TestWorker.logger))
        defer { relay.stop() }

        let client = try TestClient(worker)
        let envelope = Envelope.command()
        try client.publish(envelope, routingKey: "\(worker.worker).anything")
        #expect(try client.nextReply().reply.outcome == .ok)

        let deadline = ContinuousClock.now + .seconds(10)
        var delivered: AMQPMessage?
        while delivered == nil, ContinuousClock.now < deadline {
            if case .delivery(let message) = try listener.nextEvent(timeout: .milliseconds(200)) { delivered = message }
        }
        let message = try #require(delivered, "the event reached mdme.events within 10 s")
        #expect(message.exchange == Topology.events)
        #expect(message.routingKey == eventType)
        #expect(message.properties.type == eventType)
        #expect(message.properties.contentType == "application/json")
        #expect(message.properties.persistent)
        let messageID = try #require(message.properties.messageID, "the event carries a message id")
        let event = try Envelope.decode(message.body)
        #expect(messageID == event.lowercasedID)
        #expect(event.type == eventType)
        #expect(event.correlationID == envelope.correlationID)
        #expect(try event.payload == .object(["cause": .string(envelope.lowercasedID)]))

        let database = try worker.database.connect()
        defer { database.close() }
        #expect(try waitUntil(within: .seconds(5)) { try database.count("select count(*) as n from outbox") == 0 },
                "the relayed row was deleted")

        // Relayed once: no second copy turns up.
        var duplicates = 0
        let quiet = ContinuousClock.now + .milliseconds(400)
        while ContinuousClock.now < quiet {
            if case .delivery = try listener.nextEvent(timeout: .milliseconds(100)) { duplicates += 1 }
        }
        #expect(duplicates == 0)
    }
}
