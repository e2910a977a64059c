import AMQP
import Foundation
import Glibc
import Testing

@Suite("AMQPConnection against the real broker", .serialized)
struct AMQPConnectionTests {
    @Test("quorum queue with arguments: confirmed publish, consume, ack; properties and headers survive")
    func quorumRoundTrip() throws {
        let queue = TestBroker.uniqueName("roundtrip")
        let deadLetters = TestBroker.uniqueName("dlx")
        defer { TestBroker.cleanUp(queues: [queue], exchanges: [deadLetters]) }
        let connection = try TestBroker.connect()
        try connection.declareExchange(deadLetters, type: "direct")
        let declared = try connection.declareQueue(queue, arguments: [
            "x-queue-type": "quorum",
            "x-delivery-limit": .int(5),
            "x-dead-letter-exchange": .string(deadLetters),
            "x-dead-letter-routing-key": "dead",
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
        ])
        #expect(declared.messageCount == 0)
        #expect(declared.consumerCount == 0)

        let properties = AMQPProperties(
            messageID: "m-1",
            correlationID: "c-1",
            type: "registration.create",
            contentType: "application/json",
            persistent: true,
            replyTo: "part.reply",
            expiration: "60000",
            timestamp: Date(timeIntervalSince1970: 1_700_000_000),
            headers: [
                "x-mdme-attempt": .int(3),
                "tenant": "t-1",
                "urgent": true,
                "ratio": 0.25,
                "nested": .table(["depth": .int(2), "list": .array(["a", .int(1), false])]),
            ]
        )
        let body = Array(#"{"hello":"world"}"#.utf8)
        try connection.publishConfirmed(exchange: "", routingKey: queue, body: body, properties: properties)
        try connection.setPrefetch(10)
        let consumerTag = try connection.consume(queue: queue)
        #expect(!consumerTag.isEmpty)

        let message = try TestBroker.nextDelivery(on: connection)
        #expect(message.body == body)
        #expect(message.exchange == "")
        #expect(message.routingKey == queue)
        #expect(message.consumerTag == consumerTag)
        #expect(!message.redelivered)
        #expect(message.deliveryTag > 0)
        var received = message.properties
        received.headers["x-delivery-count"] = nil
        #expect(received == properties)
        try connection.ack(deliveryTag: message.deliveryTag)

        try connection.cancel(consumerTag: consumerTag)
        #expect(try connection.nextEvent(timeout: .milliseconds(200)).isTimeout)
        connection.close()
        #expect(!connection.isOpen)
    }

    @Test("200 unconfirmed publishes are all acked through nextEvent")
    func unconfirmedPublishesAreAcked() throws {
        let queue = TestBroker.uniqueName("acks")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let connection = try TestBroker.connect()
        try connection.declareQueue(queue, durable: false)
        try connection.enableConfirms()
        var outstanding = Set<UInt64>()
        for index in 0..<200 {
            let tag = try connection.publish(exchange: "", routingKey: queue, body: Array("message \(index)".utf8), properties: AMQPProperties())
            #expect(tag == UInt64(index + 1))
            outstanding.insert(tag)
        }
        var multipleAcks = 0
        let deadline = ContinuousClock.now + .seconds(15)
        while !outstanding.isEmpty, ContinuousClock.now < deadline {
            switch try connection.nextEvent(timeout: .seconds(1)) {
            case .publishAcked(let tag, let multiple):
                if multiple {
                    multipleAcks += 1
                    outstanding = outstanding.filter { $0 > tag }
                } else {
                    #expect(outstanding.remove(tag) != nil)
                }
            case .publishNacked(let tag, _):
                Issue.record("publish \(tag) was nacked")
                outstanding.remove(tag)
            default:
                continue
            }
        }
        #expect(outstanding.isEmpty)
        #expect(try connection.declareQueue(queue, durable: false).messageCount == 200)
        print("acks for 200 publishes included \(multipleAcks) with multiple=true")
    }

    @Test("publishes made while corked all arrive in order, and the socket is uncorked after, also after a throw")
    func corkedPublishes() throws {
        let queue = TestBroker.uniqueName("corked")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let connection = try TestBroker.connect()
        try connection.declareQueue(queue, durable: false)
        func corkIsSet() -> Bool {
            var value: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(connection.fileDescriptor, Int32(IPPROTO_TCP), TCP_CORK, &value, &length)
            return value != 0
        }
        try connection.corked {
            #expect(corkIsSet())
            for index in 0..<50 {
                _ = try connection.publish(exchange: "", routingKey: queue, body: Array("message \(index)".utf8), properties: AMQPProperties())
            }
        }
        #expect(!corkIsSet())
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) { try connection.corked { throw Interrupted() } }
        #expect(!corkIsSet())

        try connection.consume(queue: queue, noAck: true)
        for index in 0..<50 {
            let message = try TestBroker.nextDelivery(on: connection)
            #expect(message.body == Array("message \(index)".utf8))
        }
    }

    @Test("a mandatory publish nobody can receive throws unroutable, and the connection stays usable")
    func mandatoryUnroutable() throws {
        let exchange = TestBroker.uniqueName("nobinding")
        defer { TestBroker.cleanUp(exchanges: [exchange]) }
        let connection = try TestBroker.connect()
        try connection.declareExchange(exchange, type: "direct", durable: false)
        let error = #expect(throws: AMQPError.self) {
            try connection.publishConfirmed(exchange: exchange, routingKey: "nowhere", body: [1, 2, 3], properties: AMQPProperties(messageID: "lost"), mandatory: true)
        }
        #expect(error?.code == .unroutable)
        #expect(error?.replyCode == 312)
        #expect(connection.isOpen)
        try connection.publishConfirmed(exchange: exchange, routingKey: "nowhere", body: [4], properties: AMQPProperties())
        #expect(try connection.nextEvent(timeout: .milliseconds(100)).isTimeout)
    }

    @Test("an unconfirmed mandatory publish comes back as a returned event, followed by its ack")
    func returnedEvent() throws {
        let exchange = TestBroker.uniqueName("returns")
        defer { TestBroker.cleanUp(exchanges: [exchange]) }
        let connection = try TestBroker.connect()
        try connection.declareExchange(exchange, type: "direct", durable: false)
        try connection.enableConfirms()
        let tag = try connection.publish(exchange: exchange, routingKey: "nowhere", body: [9], properties: AMQPProperties(messageID: "r-1", headers: ["k": "v"]), mandatory: true)
        guard case .returned(let replyCode, let replyText, let returnedExchange, let routingKey, let properties) = try connection.nextEvent(timeout: .seconds(5)) else {
            Issue.record("expected a returned event first")
            return
        }
        #expect(replyCode == 312)
        #expect(replyText == "NO_ROUTE")
        #expect(returnedExchange == exchange)
        #expect(routingKey == "nowhere")
        #expect(properties.messageID == "r-1")
        #expect(properties.headers == ["k": "v"])
        guard case .publishAcked(let ackedTag, _) = try connection.nextEvent(timeout: .seconds(5)) else {
            Issue.record("expected the ack after the return")
            return
        }
        #expect(ackedTag == tag)
    }

    @Test("reject with requeue redelivers the message marked redelivered")
    func rejectRequeues() throws {
        let queue = TestBroker.uniqueName("requeue")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let connection = try TestBroker.connect()
        try connection.declareQueue(queue, arguments: ["x-queue-type": "quorum"])
        try connection.publishConfirmed(exchange: "", routingKey: queue, body: Array("again".utf8), properties: AMQPProperties(messageID: "rq-1", persistent: true))
        try connection.setPrefetch(1)
        try connection.consume(queue: queue)
        let first = try TestBroker.nextDelivery(on: connection)
        #expect(!first.redelivered)
        try connection.reject(deliveryTag: first.deliveryTag, requeue: true)
        let second = try TestBroker.nextDelivery(on: connection)
        #expect(second.redelivered)
        #expect(second.body == first.body)
        #expect(second.properties.messageID == "rq-1")
        try connection.ack(deliveryTag: second.deliveryTag)
    }

    @Test("a quorum queue with x-delivery-limit dead-letters a message rejected too often")
    func deliveryLimitDeadLetters() throws {
        let queue = TestBroker.uniqueName("limited")
        let deadLetters = TestBroker.uniqueName("dlx")
        let deadQueue = TestBroker.uniqueName("dead")
        defer { TestBroker.cleanUp(queues: [queue, deadQueue], exchanges: [deadLetters]) }
        let connection = try TestBroker.connect()
        try connection.declareExchange(deadLetters, type: "fanout")
        try connection.declareQueue(deadQueue)
        try connection.bindQueue(deadQueue, exchange: deadLetters, routingKey: "")
        try connection.declareQueue(queue, arguments: [
            "x-queue-type": "quorum",
            "x-delivery-limit": .int(1),
            "x-dead-letter-exchange": .string(deadLetters),
        ])
        try connection.publishConfirmed(exchange: "", routingKey: queue, body: Array("poison".utf8), properties: AMQPProperties(messageID: "p-1", persistent: true))
        let mainTag = try connection.consume(queue: queue)
        let deadTag = try connection.consume(queue: deadQueue)
        var rejects = 0
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            let message = try TestBroker.nextDelivery(on: connection)
            if message.consumerTag == mainTag {
                rejects += 1
                try connection.reject(deliveryTag: message.deliveryTag, requeue: true)
                continue
            }
            #expect(message.consumerTag == deadTag)
            #expect(message.body == Array("poison".utf8))
            #expect(message.properties.messageID == "p-1")
            #expect(message.properties.headers["x-first-death-queue"] == .string(queue))
            if case .array(let deaths) = message.properties.headers["x-death"], case .table(let death) = deaths.first {
                #expect(death["queue"] == .string(queue))
                print("x-death: \(death)")
            } else {
                Issue.record("x-death header missing or not an array of tables")
            }
            try connection.ack(deliveryTag: message.deliveryTag)
            #expect(rejects >= 2)
            return
        }
        Issue.record("the message never reached the dead-letter queue")
    }

    @Test("a delay queue with x-message-ttl dead-letters back to the target queue")
    func delayQueue() throws {
        let delay = TestBroker.uniqueName("delay")
        let target = TestBroker.uniqueName("target")
        defer { TestBroker.cleanUp(queues: [delay, target]) }
        let connection = try TestBroker.connect()
        try connection.declareQueue(target, durable: false)
        try connection.declareQueue(delay, durable: false, arguments: [
            "x-message-ttl": .int(200),
            "x-dead-letter-exchange": "",
            "x-dead-letter-routing-key": .string(target),
        ])
        let start = ContinuousClock.now
        try connection.publishConfirmed(exchange: "", routingKey: delay, body: [42], properties: AMQPProperties(headers: ["x-mdme-attempt": .int(2)]))
        try connection.consume(queue: target)
        let message = try TestBroker.nextDelivery(on: connection)
        #expect(ContinuousClock.now - start >= .milliseconds(150))
        #expect(message.body == [42])
        #expect(message.properties.headers["x-mdme-attempt"] == .int(2))
        try connection.ack(deliveryTag: message.deliveryTag)
    }

    @Test("direct reply-to: request and response between two connections")
    func directReplyTo() throws {
        let requests = TestBroker.uniqueName("requests")
        defer { TestBroker.cleanUp(queues: [requests]) }
        let client = try TestBroker.connect()
        let server = try TestBroker.connect()
        try server.declareQueue(requests, durable: false)
        try server.consume(queue: requests)

        try client.consume(queue: "amq.rabbitmq.reply-to", noAck: true)
        try client.publishConfirmed(
            exchange: "",
            routingKey: requests,
            body: Array("ping".utf8),
            properties: AMQPProperties(correlationID: "q-1", replyTo: "amq.rabbitmq.reply-to")
        )

        let request = try TestBroker.nextDelivery(on: server)
        let replyTo = try #require(request.properties.replyTo)
        #expect(replyTo.hasPrefix("amq.rabbitmq.reply-to."))
        try server.publishConfirmed(exchange: "", routingKey: replyTo, body: Array("pong".utf8), properties: AMQPProperties(correlationID: request.properties.correlationID))
        try server.ack(deliveryTag: request.deliveryTag)

        let response = try TestBroker.nextDelivery(on: client)
        #expect(response.body == Array("pong".utf8))
        #expect(response.properties.correlationID == "q-1")
    }

    @Test("redeclaring a queue with other arguments throws channelClosed 406; the connection is then unusable")
    func inequivalentArguments() throws {
        let queue = TestBroker.uniqueName("inequivalent")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let connection = try TestBroker.connect()
        try connection.declareQueue(queue, arguments: ["x-queue-type": "quorum"])
        let error = #expect(throws: AMQPError.self) {
            try connection.declareQueue(queue, arguments: ["x-queue-type": "classic"])
        }
        #expect(error?.code == .channelClosed)
        #expect(error?.replyCode == 406)
        #expect(!connection.isOpen)
        let later = #expect(throws: AMQPError.self) { try connection.nextEvent(timeout: .zero) }
        #expect(later?.code == .channelClosed)
    }

    @Test("publishing to a missing exchange: the broker's channel.close arrives through nextEvent as 404")
    func asynchronousChannelClose() throws {
        let connection = try TestBroker.connect()
        try connection.publish(exchange: TestBroker.uniqueName("missing"), routingKey: "x", body: [], properties: AMQPProperties())
        let error = #expect(throws: AMQPError.self) {
            while true {
                _ = try connection.nextEvent(timeout: .seconds(5))
            }
        }
        #expect(error?.code == .channelClosed)
        #expect(error?.replyCode == 404)
    }

    @Test("deleting a consumed queue yields consumerCancelled")
    func consumerCancelled() throws {
        let queue = TestBroker.uniqueName("cancelled")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let connection = try TestBroker.connect()
        try connection.declareQueue(queue, durable: false)
        let tag = try connection.consume(queue: queue)
        let other = try TestBroker.connect()
        try other.deleteQueue(queue)
        guard case .consumerCancelled(let cancelled) = try connection.nextEvent(timeout: .seconds(5)) else {
            Issue.record("expected consumerCancelled")
            return
        }
        #expect(cancelled == tag)
        #expect(connection.isOpen)
    }

    @Test("a dead socket throws a fatal error, later calls fail fast, and deinit is safe")
    func deadSocket() throws {
        let connection = try TestBroker.connect()
        #expect(shutdown(connection.fileDescriptor, Int32(SHUT_RDWR)) == 0)
        let error = #expect(throws: AMQPError.self) { try connection.nextEvent(timeout: .seconds(5)) }
        // Which one depends on whether the read saw end-of-file or a reset (timing).
        let lost: Set<AMQPError.Code> = [.connectionClosed, .socketError]
        #expect(error.map { lost.contains($0.code) } == true)
        #expect(error?.code.isFatal == true)
        let later = #expect(throws: AMQPError.self) {
            try connection.publish(exchange: "", routingKey: "x", body: [], properties: AMQPProperties())
        }
        #expect(later?.code == error?.code)
        connection.close()
    }

    @Test("nextEvent on an idle connection times out")
    func idleTimeout() throws {
        let connection = try TestBroker.connect()
        let start = ContinuousClock.now
        #expect(try connection.nextEvent(timeout: .milliseconds(50)).isTimeout)
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(45))
        #expect(elapsed < .seconds(1))
        let immediate = ContinuousClock.now
        #expect(try connection.nextEvent(timeout: .zero).isTimeout)
        #expect(ContinuousClock.now - immediate < .milliseconds(50))
        #expect(connection.fileDescriptor >= 0)
        #expect(!connection.hasBufferedInput)
    }

    @Test("heartbeats are serviced while the caller loops over nextEvent")
    func heartbeats() throws {
        let queue = TestBroker.uniqueName("heartbeat")
        defer { TestBroker.cleanUp(queues: [queue]) }
        var configuration = try TestBroker.configuration()
        configuration.heartbeatSeconds = 1
        let connection = try AMQPConnection(configuration: configuration)
        try connection.declareQueue(queue, durable: false)
        let until = ContinuousClock.now + .seconds(4)
        while ContinuousClock.now < until {
            #expect(try connection.nextEvent(timeout: .milliseconds(500)).isTimeout)
        }
        try connection.publishConfirmed(exchange: "", routingKey: queue, body: [1], properties: AMQPProperties())
    }

    @Test("a delivery shows up as readable fd or buffered input, never neither")
    func pollReadiness() throws {
        let queue = TestBroker.uniqueName("poll")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let connection = try TestBroker.connect()
        let publisher = try TestBroker.connect()
        try connection.declareQueue(queue, durable: false)
        try connection.consume(queue: queue, noAck: true)
        try publisher.publishConfirmed(exchange: "", routingKey: queue, body: [7], properties: AMQPProperties())
        if !connection.hasBufferedInput {
            var descriptor = pollfd(fd: connection.fileDescriptor, events: Int16(POLLIN), revents: 0)
            #expect(poll(&descriptor, 1, 5000) == 1)
        }
        guard case .delivery(let message) = try connection.nextEvent(timeout: .zero) else {
            Issue.record("expected the delivery without blocking")
            return
        }
        #expect(message.body == [7])
    }

    @Test("a wrong password fails with loginFailed")
    func badPassword() throws {
        var configuration = try TestBroker.configuration()
        configuration.password = "definitely-wrong"
        let error = #expect(throws: AMQPError.self) { try AMQPConnection(configuration: configuration) }
        #expect(error?.code == .loginFailed)
        print("bad password: \(error.map(String.init(describing:)) ?? "-")")
    }

    @Test("an unknown virtual host fails with loginFailed")
    func unknownVirtualHost() throws {
        var configuration = try TestBroker.configuration()
        configuration.virtualHost = TestBroker.uniqueName("no-such-vhost")
        let error = #expect(throws: AMQPError.self) { try AMQPConnection(configuration: configuration) }
        #expect(error?.code == .loginFailed)
        print("unknown vhost: \(error.map(String.init(describing:)) ?? "-")")
    }

    @Test("a closed port fails with connectionFailed")
    func closedPort() throws {
        var configuration = try TestBroker.configuration()
        configuration.port = 1
        let error = #expect(throws: AMQPError.self) { try AMQPConnection(configuration: configuration) }
        #expect(error?.code == .connectionFailed)
        print("closed port: \(error.map(String.init(describing:)) ?? "-")")
    }
}

extension AMQPEvent {
    var isTimeout: Bool {
        if case .timeout = self {
            return true
        }
        return false
    }
}
