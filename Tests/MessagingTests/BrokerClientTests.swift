import AMQP
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Synchronization
import Testing

/// The gateway's broker thread: confirmed publishes, direct replies, 202-style acceptance and
/// unroutable commands.
@Suite("BrokerClient", .messagingDatabase)
struct BrokerClientTests {
    /// Collects the one completion of a `send`.
    final class OutcomeBox: Sendable {
        private let value = Mutex<[BrokerClient.Outcome]>([])

        var outcomes: [BrokerClient.Outcome] { value.withLock { $0 } }

        func record(_ outcome: BrokerClient.Outcome) {
            value.withLock { $0.append(outcome) }
        }
    }

    /// Starts a client on its thread and waits until it is ready.
    static func startClient(_ worker: TestWorker) throws -> (BrokerClient, ServiceThread) {
        let client = BrokerClient(configuration: worker.configuration, logger: TestWorker.logger)
        #expect(!client.isReady)
        let thread = ServiceThread(client)
        #expect(waitUntil(within: .seconds(10)) { client.isReady }, "isReady turns true once connected")
        return (client, thread)
    }

    /// Sends and waits for the completion (which must come exactly once).
    static func send(_ envelope: Envelope, routingKey: String, timeout: Duration, on client: BrokerClient,
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> BrokerClient.Outcome {
        let box = OutcomeBox()
        client.send(envelope, routingKey: routingKey, awaitReply: true, timeout: timeout) { box.record($0) }
        #expect(waitUntil(within: timeout + .seconds(10)) { !box.outcomes.isEmpty }, sourceLocation: sourceLocation)
        Thread.sleep(forTimeInterval: 0.1)
        let outcomes = box.outcomes
        #expect(outcomes.count == 1, "the completion is called exactly once", sourceLocation: sourceLocation)
        return try #require(outcomes.first, sourceLocation: sourceLocation)
    }

    @Test func aRunningWorkersReplyComesBack() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let handler = TestHandler(eventType: "test.happened.\(worker.worker)")
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }
        let (client, thread) = try Self.startClient(worker)
        defer { thread.stop() }

        let envelope = Envelope.command()
        let outcome = try Self.send(envelope, routingKey: "\(worker.worker).x", timeout: .seconds(5), on: client)
        guard case .reply(let type, let body) = outcome else {
            Issue.record("expected a reply, got \(outcome)")
            return
        }
        let reply = try Reply(wireType: type, body: body)
        #expect(reply == Reply(outcome: .ok, result: .object(["ok": .bool(true)])))
        #expect(handler.callCount == 1)
        let statistics = client.statistics
        #expect(statistics.publishes == 1)
        #expect(statistics.replies == 1)
    }

    @Test func withoutAConsumerTheCommandIsAcceptedAndWaitsInTheQueue() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let (client, thread) = try Self.startClient(worker)
        defer { thread.stop() }

        let envelope = Envelope.command()
        let sent = ContinuousClock.now
        let outcome = try Self.send(envelope, routingKey: "\(worker.worker).x", timeout: .milliseconds(300), on: client)
        guard case .accepted = outcome else {
            Issue.record("expected accepted, got \(outcome)")
            return
        }
        #expect(ContinuousClock.now - sent >= .milliseconds(300))
        #expect(client.statistics.timeouts == 1)

        // The command is durable in the worker's queue, as published.
        let reader = try worker.connectBroker("reader")
        defer { reader.close() }
        try reader.consume(queue: worker.queues.queue, noAck: true)
        var delivered: AMQPMessage?
        let deadline = ContinuousClock.now + .seconds(5)
        while delivered == nil, ContinuousClock.now < deadline {
            if case .delivery(let message) = try reader.nextEvent(timeout: .milliseconds(200)) { delivered = message }
        }
        let message = try #require(delivered, "the command is in \(worker.queues.queue)")
        #expect(message.properties.messageID == envelope.lowercasedID)
        #expect(message.properties.correlationID == envelope.correlationID.uuidString.lowercased())
        #expect(message.properties.type == envelope.type)
        #expect(message.properties.persistent)
        #expect(message.properties.replyTo?.hasPrefix(Topology.replyTo) == true)
        #expect(try Envelope.decode(message.body).id == envelope.id)
    }

    @Test func anUnroutableCommandIsUnavailable() throws {
        let worker = try TestWorker()
        let (client, thread) = try Self.startClient(worker)
        defer { thread.stop() }

        // No queue is bound for this key on mdme.commands (the suffix keeps it unique).
        let outcome = try Self.send(Envelope.command(), routingKey: "nobody\(worker.worker).x", timeout: .seconds(5), on: client)
        guard case .unavailable = outcome else {
            Issue.record("expected unavailable, got \(outcome)")
            return
        }
        #expect(client.isReady, "an unroutable command leaves the connection usable")
    }

    @Test func stopReturnsPromptlyAndClearsReadiness() throws {
        let worker = try TestWorker()
        let (client, thread) = try Self.startClient(worker)
        let stopping = ContinuousClock.now
        #expect(thread.stop(within: .seconds(5)))
        #expect(ContinuousClock.now - stopping < .seconds(2), "the wake-up pipe interrupts poll()")
        #expect(!client.isReady)
    }
}
