import AMQP
import Crypto
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres
import Testing

/// `ConsumerLoop` against the real broker and database: inbox, outbox, replies, retries,
/// dead letters and graceful stop (DESIGN.md, "Delivery guarantees").
@Suite("ConsumerLoop end to end", .messagingDatabase)
struct ConsumerLoopTests {
    static func effects(of envelope: Envelope, on database: PostgresConnection) throws -> Int {
        try database.count("select count(*) as n from effects where message_id = $1", [envelope.id])
    }

    static func inboxStatus(of envelope: Envelope, on database: PostgresConnection) throws -> String? {
        try database.query("select status from inbox where message_id = $1", [envelope.id]).first?.decode("status", as: String.self)
    }

    @Test func handlesACommandRepliesAndRecordsInboxAndOutbox() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let eventType = "test.happened.\(worker.worker)"
        let handler = TestHandler(eventType: eventType)
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }

        let client = try TestClient(worker)
        let envelope = Envelope.command()
        #expect(envelope.correlationID != envelope.id)
        try client.publish(envelope, routingKey: "\(worker.worker).anything")
        let (message, reply) = try client.nextReply()

        #expect(message.properties.correlationID == envelope.correlationID.uuidString.lowercased())
        #expect(message.properties.contentType == "application/json")
        #expect(reply == Reply(outcome: .ok, result: .object(["ok": .bool(true)])))
        #expect(handler.callCount == 1)

        let database = try worker.database.connect()
        defer { database.close() }
        #expect(try Self.effects(of: envelope, on: database) == 1)
        let inbox = try #require(try database.query(
            "select message_id, status, message_type, reply, completed_at is not null as completed from inbox where message_id = $1",
            [envelope.id]
        ).first)
        #expect(try inbox.decode("status", as: String.self) == "done")
        #expect(try inbox.decode("message_type", as: String.self) == envelope.type)
        #expect(try inbox.decode("completed", as: Bool.self))
        // Stored sealed: replies can hold personal data.
        #expect(!String(decoding: try inbox.decode("reply", as: [UInt8].self), as: UTF8.self).contains("\"outcome\""))
        #expect(try Inbox.storedReply(inbox, sealer: worker.inboxSealer) == reply)

        // The event was written in the same transaction, waiting for the relay.
        let outbox = try database.query("select exchange, message_type, body from outbox where routing_key = $1", [eventType])
        try #require(outbox.count == 1)
        #expect(try outbox[0].decode("exchange", as: String.self) == Topology.events)
        #expect(try outbox[0].decode("message_type", as: String.self) == eventType)
        let event = try Envelope.decode(Array(try outbox[0].decode("body", as: String.self).utf8))
        #expect(event.type == eventType)
        #expect(event.correlationID == envelope.correlationID)
        #expect(try event.payload == .object(["cause": .string(envelope.lowercasedID)]))
    }

    @Test func aDuplicateIsAnsweredFromTheInboxWithoutASecondEffect() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let handler = TestHandler(eventType: "test.happened.\(worker.worker)")
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }

        let client = try TestClient(worker)
        let envelope = Envelope.command()
        try client.publish(envelope, routingKey: "\(worker.worker).anything")
        try client.publish(envelope, routingKey: "\(worker.worker).anything")
        let first = try client.nextReply()
        let second = try client.nextReply()

        #expect(first.reply.outcome == .ok)
        #expect(second.reply == first.reply)
        #expect(first.message.properties.correlationID == envelope.correlationID.uuidString.lowercased())
        #expect(second.message.properties.correlationID == envelope.correlationID.uuidString.lowercased())
        #expect(handler.callCount == 1)

        let database = try worker.database.connect()
        defer { database.close() }
        #expect(try Self.effects(of: envelope, on: database) == 1)
        #expect(try database.count("select count(*) as n from inbox where message_id = $1", [envelope.id]) == 1)
        #expect(try database.count("select count(*) as n from outbox where routing_key = $1", ["test.happened.\(worker.worker)"]) == 1)
    }

    @Test func anIdempotencyKeyIsHonouredPerActorAndRefusedForAnotherRequest() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let note = "idempotency.\(worker.worker)"
        let handler = TestHandler(eventType: "test.happened.\(worker.worker)", note: note)
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }

        let client = try TestClient(worker)
        let actor = UUID()
        let key = "key-\(worker.worker)"
        let payload = JSONValue.object(["n": .number(7), "what": .string("walk")])
        let first = Envelope.command(payload: payload, idempotencyKey: key, actorID: actor)
        let retry = Envelope.command(payload: payload, idempotencyKey: key, actorID: actor)
        #expect(first.id != retry.id)

        try client.publish(first, routingKey: "\(worker.worker).anything")
        let firstReply = try client.nextReply().reply
        try client.publish(retry, routingKey: "\(worker.worker).anything")
        let retryReply = try client.nextReply()
        #expect(firstReply.outcome == .ok)
        #expect(retryReply.reply == firstReply)
        #expect(retryReply.message.properties.correlationID == retry.correlationID.uuidString.lowercased())
        #expect(handler.callCount == 1)

        let database = try worker.database.connect()
        defer { database.close() }
        #expect(try database.count("select count(*) as n from effects where note = $1", [note]) == 1)

        // Same key, different payload: refused with conflict, nothing done.
        let other = Envelope.command(payload: .object(["n": .number(8), "what": .string("walk")]), idempotencyKey: key, actorID: actor)
        try client.publish(other, routingKey: "\(worker.worker).anything")
        let conflict = try client.nextReply().reply
        #expect(conflict.outcome == .error)
        #expect(conflict.error?.code == .conflict)
        #expect(handler.callCount == 1)
        #expect(try database.count("select count(*) as n from effects where note = $1", [note]) == 1)

        // The key is scoped to the actor: another account's identical request is carried out.
        let otherActor = Envelope.command(payload: payload, idempotencyKey: key, actorID: UUID())
        try client.publish(otherActor, routingKey: "\(worker.worker).anything")
        #expect(try client.nextReply().reply.outcome == .ok)
        #expect(handler.callCount == 2)
        #expect(try database.count("select count(*) as n from effects where note = $1", [note]) == 2)
    }

    @Test func anAPIErrorRollsBackAndIsAnsweredAgainOnRedelivery() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let refusal = APIError(.notFound, "No such resource.")
        let eventType = "test.happened.\(worker.worker)"
        let handler = TestHandler { envelope, _, transaction in
            try TestHandler.recordEffect(of: envelope, note: "refused", in: transaction)
            try transaction.query(
                "insert into outbox (message_id, exchange, routing_key, message_type, body) values ($1, $2, $3, $3, '{}')",
                [UUID(), Topology.events, eventType]
            )
            throw refusal
        }
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }

        let client = try TestClient(worker)
        let envelope = Envelope.command()
        try client.publish(envelope, routingKey: "\(worker.worker).anything")
        let first = try client.nextReply()
        #expect(first.reply == .failure(refusal))
        #expect(first.message.properties.correlationID == envelope.correlationID.uuidString.lowercased())

        let database = try worker.database.connect()
        defer { database.close() }
        #expect(try Self.effects(of: envelope, on: database) == 0, "the handler's effects were rolled back")
        #expect(try database.count("select count(*) as n from outbox where routing_key = $1", [eventType]) == 0)
        #expect(try Self.inboxStatus(of: envelope, on: database) == "done")

        try client.publish(envelope, routingKey: "\(worker.worker).anything")
        let again = try client.nextReply()
        #expect(again.reply == .failure(refusal))
        #expect(handler.callCount == 1, "the redelivery was answered from the inbox")
        #expect(try Self.effects(of: envelope, on: database) == 0)
    }

    @Test func aFailureReplyCommitsTheHandlersEffects() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let refusal = APIError(.invalidCredentials, "Wrong email or password.")
        let handler = TestHandler { envelope, _, transaction in
            try TestHandler.recordEffect(of: envelope, note: "counted failure", in: transaction)
            return HandlerResult(reply: .failure(refusal))
        }
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }

        let client = try TestClient(worker)
        let envelope = Envelope.command()
        try client.publish(envelope, routingKey: "\(worker.worker).anything")
        #expect(try client.nextReply().reply == .failure(refusal))
        let database = try worker.database.connect()
        defer { database.close() }
        #expect(try Self.effects(of: envelope, on: database) == 1)
    }

    @Test func aTransientFailureIsRetriedThenDeadLettered() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let handler = TestHandler { envelope, _, transaction in
            try TestHandler.recordEffect(of: envelope, note: "doomed", in: transaction)
            throw TestHandler.Transient()
        }
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }

        let client = try TestClient(worker)
        try client.connection.consume(queue: worker.queues.deadLetterQueue, noAck: true)
        let envelope = Envelope.command()
        let routingKey = "\(worker.worker).anything"
        try client.publish(envelope, routingKey: routingKey, replyTo: false)

        let dead = try client.nextDelivery(within: .seconds(10))
        #expect(dead.routingKey == worker.worker)
        #expect(dead.properties.messageID == envelope.lowercasedID)
        #expect(try Envelope.decode(dead.body).id == envelope.id)
        let reason = dead.properties.headers[Headers.deadReason]
        #expect(reason != nil, "x-mdme-dead-reason is set")
        if case .string(let text)? = reason {
            #expect(text.contains("transient test failure"))
        }
        // Attempts 1 and 2 went through the delay queues; attempt 3 was the last.
        #expect(dead.properties.headers[Headers.attempt] == .int(3))
        #expect(handler.callCount == worker.configuration.messaging.maxAttempts)
        // ConsumerLoop.deadLetter copies message.routingKey, which after a retry hop is the
        // delay queue's dead-letter key (the queue name), so the command's key is lost.
        #expect(dead.properties.headers[Headers.originalRoutingKey] == .string(routingKey))

        let database = try worker.database.connect()
        defer { database.close() }
        #expect(try waitUntil(within: .seconds(5)) { try Self.inboxStatus(of: envelope, on: database) == "failed" })
        #expect(try Self.effects(of: envelope, on: database) == 0)
        #expect(try waitUntil(within: .seconds(5)) { try worker.readyMessages() == 0 })
        // Nothing is retried after the dead letter.
        #expect(try client.staysQuiet(for: .milliseconds(500)))
        #expect(handler.callCount == worker.configuration.messaging.maxAttempts)
    }

    @Test func aHandlerThatFailsOnceSucceedsOnTheRetryWithOneEffect() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let handler = TestHandler { envelope, call, transaction in
            try TestHandler.recordEffect(of: envelope, note: "flaky", in: transaction)
            if call == 1 { throw TestHandler.Transient() }
            return try TestHandler.okResult(for: envelope, eventType: "test.happened.\(worker.worker)")
        }
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }

        let client = try TestClient(worker)
        let envelope = Envelope.command()
        try client.publish(envelope, routingKey: "\(worker.worker).anything")
        let (message, reply) = try client.nextReply()
        #expect(reply.outcome == .ok)
        #expect(message.properties.correlationID == envelope.correlationID.uuidString.lowercased())
        #expect(handler.callCount == 2)

        let database = try worker.database.connect()
        defer { database.close() }
        #expect(try Self.effects(of: envelope, on: database) == 1)
        #expect(try Self.inboxStatus(of: envelope, on: database) == "done")
        #expect(try database.count("select count(*) as n from outbox where routing_key = $1", ["test.happened.\(worker.worker)"]) == 1)
    }

    /// Claiming first or recording after (a handler whose effects are all in the transaction).
    @Test(arguments: [true, false])
    func aDeadLetteredMessageCanBeReplayed(claimsFirst: Bool) throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let attempts = worker.configuration.messaging.maxAttempts
        let handler = TestHandler(claimsFirst: claimsFirst) { envelope, call, transaction in
            try TestHandler.recordEffect(of: envelope, note: "replayed", in: transaction)
            if call <= attempts { throw TestHandler.Transient() }
            return try TestHandler.okResult(for: envelope, eventType: "test.happened.\(worker.worker)")
        }
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }

        let client = try TestClient(worker)
        try client.connection.consume(queue: worker.queues.deadLetterQueue, noAck: true)
        let envelope = Envelope.command()
        try client.publish(envelope, routingKey: "\(worker.worker).anything")
        let dead = try client.nextDelivery()
        #expect(dead.properties.messageID == envelope.lowercasedID)
        let database = try worker.database.connect()
        defer { database.close() }
        try #require(try waitUntil(within: .seconds(5)) { try Self.inboxStatus(of: envelope, on: database) == "failed" })

        // The operator replays it (same message id): the failed inbox row gives it a fresh start.
        try client.publish(envelope, routingKey: "\(worker.worker).anything")
        let (_, reply) = try client.nextReply()
        #expect(reply.outcome == .ok)
        // Recording after, the replay meets the failed row once it has run, is rolled back and
        // runs again claim first.
        #expect(handler.callCount == attempts + (claimsFirst ? 1 : 2))
        #expect(try Self.inboxStatus(of: envelope, on: database) == "done")
        #expect(try Self.effects(of: envelope, on: database) == 1)
    }

    @Test func aLostDatabaseConnectionRequeuesTheMessageAndReconnects() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let handler = TestHandler { envelope, call, transaction in
            try TestHandler.recordEffect(of: envelope, note: "reconnect", in: transaction)
            if call == 1 {
                // The server ends this very session, as a restart or failover would.
                try transaction.query("select pg_terminate_backend(pg_backend_pid())")
            }
            return try TestHandler.okResult(for: envelope, eventType: "test.happened.\(worker.worker)")
        }
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }

        let client = try TestClient(worker)
        let envelope = Envelope.command()
        try client.publish(envelope, routingKey: "\(worker.worker).anything")
        let (_, reply) = try client.nextReply()
        #expect(reply.outcome == .ok)
        #expect(handler.callCount == 2)
        let database = try worker.database.connect()
        defer { database.close() }
        #expect(try Self.effects(of: envelope, on: database) == 1)
        #expect(try Self.inboxStatus(of: envelope, on: database) == "done")
        #expect(try worker.readyMessages() == 0)
    }

    @Test func aDeletedQueueIsRedeclaredAndConsumedAgain() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let handler = TestHandler(eventType: "test.happened.\(worker.worker)")
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }

        let client = try TestClient(worker)
        try client.publish(Envelope.command(), routingKey: "\(worker.worker).anything")
        #expect(try client.nextReply().reply.outcome == .ok)

        let admin = try worker.connectBroker("operator")
        try admin.deleteQueue(worker.queues.queue)
        admin.close()

        // Unroutable until the loop notices the cancelled consumer and redeclares its queue.
        let envelope = Envelope.command()
        let routed = waitUntil(within: .seconds(10)) {
            (try? client.publish(envelope, routingKey: "\(worker.worker).anything")) != nil
        }
        try #require(routed, "the loop redeclared \(worker.queues.queue)")
        let (message, reply) = try client.nextReply()
        #expect(message.properties.correlationID == envelope.correlationID.uuidString.lowercased())
        #expect(reply.outcome == .ok)
        #expect(handler.callCount == 2)
    }

    @Test(arguments: [true, false])
    func concurrentConsumersDedupeTheSameKeyThroughTheInboxIndex(claimsFirst: Bool) throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let note = "concurrent.\(worker.worker)"
        let handler = TestHandler(claimsFirst: claimsFirst) { envelope, _, transaction in
            try TestHandler.recordEffect(of: envelope, note: note, in: transaction)
            Thread.sleep(forTimeInterval: 0.6)
            return try TestHandler.okResult(for: envelope, eventType: "test.happened.\(worker.worker)")
        }
        let first = worker.startConsumer(handler, index: 1)
        defer { first.stop() }
        let second = worker.startConsumer(handler, index: 2)
        defer { second.stop() }
        try #require(try waitUntil(within: .seconds(10)) { try worker.consumers() == 2 }, "both loops consume")

        let client = try TestClient(worker)
        let actor = UUID()
        let one = Envelope.command(idempotencyKey: "key-\(worker.worker)", actorID: actor)
        let two = Envelope.command(idempotencyKey: "key-\(worker.worker)", actorID: actor)
        try client.publish(one, routingKey: "\(worker.worker).anything")
        try client.publish(two, routingKey: "\(worker.worker).anything")

        // While the first handler sleeps, the other loop's claim waits on the unique index.
        // Recording after, both handlers run and the second's inbox row waits there instead.
        let database = try worker.database.connect()
        defer { database.close() }
        if claimsFirst {
            #expect(try waitUntil(within: .seconds(3)) {
                try database.count("select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'") >= 1
            }, "the second claim blocks on the first instead of running the handler")
        }

        let replies = [try client.nextReply(), try client.nextReply()]
        #expect(replies[0].reply == replies[1].reply)
        #expect(replies.allSatisfy { $0.reply.outcome == .ok })
        #expect(Set(replies.compactMap(\.message.properties.correlationID)) == Set([one, two].map { $0.correlationID.uuidString.lowercased() }))
        #expect(handler.callCount == (claimsFirst ? 1 : 2))
        #expect(try database.count("select count(*) as n from effects where note = $1", [note]) == 1)
        #expect(try database.count("select count(*) as n from inbox where actor_id = $1", [actor]) == 1)
    }

    @Test func aReplyToACallerThatHasGoneIsDroppedAndTheCommandStillCarriedOut() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        // The gateway answered 202 and then restarted: its direct reply-to address is stale.
        let envelope = Envelope.command()
        do {
            let gone = try TestClient(worker, purpose: "gone")
            try gone.publish(envelope, routingKey: "\(worker.worker).anything")
            gone.connection.close()
        }

        let log = LogCapture()
        let handler = TestHandler(eventType: "test.happened.\(worker.worker)")
        let loop = worker.startConsumer(handler, logger: log.logger)
        defer { loop.stop() }
        let database = try worker.database.connect()
        defer { database.close() }
        #expect(try waitUntil(within: .seconds(10)) { try Self.inboxStatus(of: envelope, on: database) == "done" })
        #expect(try waitUntil(within: .seconds(5)) { try worker.readyMessages() == 0 })

        // The loop is still healthy: a live caller gets its answer.
        let client = try TestClient(worker)
        try client.publish(Envelope.command(), routingKey: "\(worker.worker).anything")
        #expect(try client.nextReply().reply.outcome == .ok)
        #expect(handler.callCount == 2)
        #expect(try Self.effects(of: envelope, on: database) == 1)
        #expect(!log.messages.contains("consumer loop error; reconnecting"))
    }

    @Test func anUndecodableMessageIsDeadLetteredWithoutCallingTheHandler() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let handler = TestHandler(eventType: "test.happened.\(worker.worker)")
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }

        let client = try TestClient(worker)
        try client.connection.consume(queue: worker.queues.deadLetterQueue, noAck: true)
        let envelope = Envelope.command()
        try client.publish(envelope, routingKey: "\(worker.worker).anything", body: Array("{not an envelope".utf8), replyTo: false)

        let dead = try client.nextDelivery()
        #expect(dead.properties.messageID == envelope.lowercasedID)
        #expect(dead.properties.headers[Headers.deadReason] == .string("undecodable"))
        #expect(dead.body == Array("{not an envelope".utf8))
        #expect(handler.callCount == 0)
        #expect(try waitUntil(within: .seconds(5)) { try worker.readyMessages() == 0 })
    }

    @Test func stopFinishesTheMessageInFlightCommitsAndAcks() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let handler = TestHandler { envelope, _, transaction in
            try TestHandler.recordEffect(of: envelope, note: "slow", in: transaction)
            Thread.sleep(forTimeInterval: 0.3)
            return try TestHandler.okResult(for: envelope, eventType: "test.happened.\(worker.worker)")
        }
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }

        let client = try TestClient(worker)
        let envelope = Envelope.command()
        try client.publish(envelope, routingKey: "\(worker.worker).anything")
        try #require(waitUntil(within: .seconds(10)) { handler.callCount == 1 }, "the handler started")

        let stopped = ContinuousClock.now
        #expect(loop.stop(within: .seconds(5)))
        #expect(ContinuousClock.now - stopped < .seconds(3))

        // run() returned only after the message was committed, answered and acked.
        let database = try worker.database.connect()
        defer { database.close() }
        #expect(try Self.effects(of: envelope, on: database) == 1)
        #expect(try Self.inboxStatus(of: envelope, on: database) == "done")
        #expect(try client.nextReply(within: .seconds(2)).reply.outcome == .ok)
        #expect(try worker.readyMessages() == 0)
        #expect(handler.callCount == 1)
    }

    // A handler that does not claim first (every effect in the transaction, like mdme-storage's)
    // has its inbox row written after it: twins run, but only one of them is kept. (Replays and
    // concurrent twins of both kinds are tested above.)

    @Test func aRecordingHandlersDuplicateIsRolledBackAndAnsweredFromTheInbox() throws {
        let worker = try TestWorker()
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let eventType = "test.happened.\(worker.worker)"
        let handler = TestHandler(eventType: eventType, claimsFirst: false)
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }

        let client = try TestClient(worker)
        let envelope = Envelope.command()
        try client.publish(envelope, routingKey: "\(worker.worker).anything")
        let first = try client.nextReply()
        try client.publish(envelope, routingKey: "\(worker.worker).anything")
        let second = try client.nextReply()
        #expect(first.reply.outcome == .ok)
        #expect(second.reply == first.reply)
        #expect(handler.callCount == 2, "the twin ran, and its work was rolled back")

        let database = try worker.database.connect()
        defer { database.close() }
        #expect(try Self.effects(of: envelope, on: database) == 1)
        #expect(try Self.inboxStatus(of: envelope, on: database) == "done")
        #expect(try database.count("select count(*) as n from inbox where message_id = $1", [envelope.id]) == 1)
        #expect(try database.count("select count(*) as n from outbox where routing_key = $1", [eventType]) == 1)
    }
}
