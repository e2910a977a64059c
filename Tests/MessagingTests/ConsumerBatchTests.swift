import AMQP
import Foundation
import MDMECore
import Messaging
import Postgres
import Synchronization
import Testing

/// Messages waiting together are handled in one transaction, each under its own savepoint:
/// one commit for the batch, and still each message's own outcome.
@Suite("ConsumerLoop batches", .messagingDatabase)
struct ConsumerBatchTests {
    @Test func waitingMessagesShareACommitButKeepTheirOwnOutcomes() throws {
        let worker = try TestWorker(prefetch: 16)
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let refusal = APIError(.notFound, "No such resource.")
        let tenant = UUID().uuidString.lowercased()
        let handler = TestHandler { envelope, _, transaction in
            // Each message starts outside any tenant, whatever the one before it set.
            let inherited = try transaction.query("select coalesce(current_setting('app.tenant_id', true), '') as tenant").first?
                .decode("tenant", as: String.self)
            guard inherited == "" else { throw APIError(.conflict, "saw the previous message's tenant") }
            try transaction.query("select set_config('app.tenant_id', $1, true)", [tenant])
            // txid_current() is the top-level transaction's, also under a savepoint.
            let transactionID = try transaction.query("select txid_current()::text as id").first?.decode("id", as: String.self) ?? ""
            try TestHandler.recordEffect(of: envelope, note: "batched in \(transactionID)", in: transaction)
            switch try envelope.payload {
            case .object(let fields) where fields["kind"] == .string("refuse"): throw refusal
            case .object(let fields) where fields["kind"] == .string("fail"): throw TestHandler.Transient()
            default: return HandlerResult(reply: Reply(outcome: .ok, result: .object(["ok": .bool(true)])))
            }
        }

        // Published before the consumer starts, so the broker hands them over in one burst.
        let client = try TestClient(worker)
        try client.connection.consume(queue: worker.queues.deadLetterQueue, noAck: true)
        let accepted = (0..<6).map { _ in Envelope.command(payload: .object(["kind": .string("ok")])) }
        let refused = Envelope.command(payload: .object(["kind": .string("refuse")]))
        let failing = Envelope.command(payload: .object(["kind": .string("fail")]))
        let routingKey = "\(worker.worker).anything"
        for envelope in accepted.prefix(3) + [refused, failing] + accepted.suffix(3) + [accepted[0]] {
            try client.publish(envelope, routingKey: routingKey, replyTo: envelope.id != failing.id)
        }
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }

        var replies: [String: [Reply]] = [:]
        for _ in 0..<8 {
            let (message, reply) = try client.nextReply()
            replies[message.properties.correlationID ?? "", default: []].append(reply)
        }
        for envelope in accepted {
            let expected = envelope.id == accepted[0].id ? 2 : 1
            #expect(replies[envelope.correlationID.uuidString.lowercased()] == Array(repeating: Reply(outcome: .ok, result: .object(["ok": .bool(true)])), count: expected))
        }
        #expect(replies[refused.correlationID.uuidString.lowercased()] == [.failure(refusal)])

        let database = try worker.database.connect()
        defer { database.close() }
        for envelope in accepted {
            #expect(try ConsumerLoopTests.effects(of: envelope, on: database) == 1, "once, the duplicate answered from the inbox")
        }
        #expect(try ConsumerLoopTests.effects(of: refused, on: database) == 0, "a refusal undoes only its own work")
        #expect(try ConsumerLoopTests.inboxStatus(of: refused, on: database) == "done")
        // The failing message took its own path: attempts, then the dead-letter queue.
        let dead = try client.nextDelivery(within: .seconds(10))
        #expect(dead.properties.messageID == failing.lowercasedID)
        #expect(try ConsumerLoopTests.effects(of: failing, on: database) == 0)
        // At least two of the accepted messages were committed by the same transaction.
        let transactions = try database.count(
            "select count(distinct note) as n from effects where message_id = any($1::uuid[])",
            ["{" + accepted.map(\.lowercasedID).joined(separator: ",") + "}"]
        )
        #expect(transactions < accepted.count, "\(transactions) commits for \(accepted.count) messages")
    }

    /// A handler that records after it runs leaves its inbox row queued in a batch. A message
    /// seen before fails that row; the batch is then rolled back and its messages handled
    /// again one by one: still each once, the twin answered from the inbox with the reply
    /// that was kept.
    @Test func aTwinInABatchSendsItsMessagesOneByOne() throws {
        let worker = try TestWorker(prefetch: 16)
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let calls = CallCount()
        let handler = TestHandler(claimsFirst: false) { envelope, _, transaction in
            calls.add()
            try TestHandler.recordEffect(of: envelope, note: "effect", in: transaction)
            // A reply of this run's own, so a stored one can be told from a fresh one.
            return HandlerResult(reply: Reply(outcome: .ok, result: .object(["run": .string(UUID().uuidString)])))
        }
        let client = try TestClient(worker)
        let envelopes = (0..<5).map { _ in Envelope.command(payload: .object([:])) }
        let routingKey = "\(worker.worker).anything"
        let sent = Array(envelopes.prefix(3)) + [envelopes[1]] + Array(envelopes.suffix(2)) + [envelopes[4]]
        for envelope in sent {
            try client.publish(envelope, routingKey: routingKey, replyTo: true)
        }
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }

        var replies: [String: [Reply]] = [:]
        for _ in sent {
            let (message, reply) = try client.nextReply()
            replies[message.properties.correlationID ?? "", default: []].append(reply)
        }
        let database = try worker.database.connect()
        defer { database.close() }
        for envelope in envelopes {
            let answers = replies[envelope.correlationID.uuidString.lowercased()] ?? []
            let twice = envelope.id == envelopes[1].id || envelope.id == envelopes[4].id
            #expect(answers.count == (twice ? 2 : 1))
            #expect(answers.allSatisfy { $0 == answers[0] && $0.outcome == .ok }, "a twin gets the reply that was kept")
            #expect(try ConsumerLoopTests.effects(of: envelope, on: database) == 1)
        }
        // Seven deliveries ran the handler seven times before (the twins too, then rolled back);
        // a batch handled again one by one runs it more often.
        #expect(calls.value > sent.count, "the batch was handled again one by one")
    }

    private final class CallCount: Sendable {
        private let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }
}
