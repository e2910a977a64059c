import AMQP
import Foundation
import MDMECore
import Messaging
import Postgres
import Testing

/// A check queued in SQL (the storage worker's session check) refuses a command with SQLSTATE
/// MD401 or MD403 wherever its failure surfaces: at the handler's next query, at the inbox
/// write, at RELEASE or COMMIT. The command is then refused like an `APIError`, its work undone,
/// and a refusal the handler throws after queuing the check does not hide it.
@Suite("Refusals raised by SQL", .messagingDatabase)
struct SQLRefusalTests {
    /// What the test handler does after recording an effect: queue a refusing check or not,
    /// then answer, throw its own refusal, or run one more query.
    static func payload(check: String?, then next: String) -> JSONValue {
        .object(["check": check.map(JSONValue.string) ?? .null, "then": .string(next)])
    }

    static let mfaFirst = "Set up multi-factor login first."

    @Test(arguments: [(batched: false, claimsFirst: false), (false, true), (true, false), (true, true)])
    func aQueuedCheckRefusesTheCommandWhereverItSurfaces(batched: Bool, claimsFirst: Bool) throws {
        let worker = try TestWorker(prefetch: batched ? 16 : 1)
        try worker.declareTopology()
        defer { worker.deleteQueues() }
        let handler = TestHandler(claimsFirst: claimsFirst) { envelope, _, transaction in
            try TestHandler.recordEffect(of: envelope, note: "effect", in: transaction)
            guard case .object(let fields)? = try? envelope.payload else { throw TestHandler.Transient() }
            if case .string(let code)? = fields["check"] {
                try transaction.enqueue("select test_refuse($1, $2)", [code, code == "MD403" ? Self.mfaFirst : "no session"])
            }
            switch fields["then"] {
            case .string("refuse"): throw APIError.notFound
            case .string("query"): _ = try transaction.query("select 1 as one")
            default: break
            }
            return HandlerResult(reply: try .ok(["ok": true]))
        }

        let cases: [(payload: JSONValue, reply: Reply)] = [
            (Self.payload(check: "MD401", then: "answer"), .failure(.unauthenticated)),
            (Self.payload(check: "MD401", then: "query"), .failure(.unauthenticated)),
            (Self.payload(check: "MD401", then: "refuse"), .failure(.unauthenticated)),
            (Self.payload(check: "MD403", then: "answer"), .failure(APIError(.forbidden, Self.mfaFirst))),
            (Self.payload(check: nil, then: "refuse"), .failure(.notFound)),
            (Self.payload(check: nil, then: "answer"), try .ok(["ok": true])),
        ]
        let envelopes = cases.map { Envelope.command(payload: $0.payload) }
        // Published before the consumer starts, so that with room for it they come as one batch.
        let client = try TestClient(worker)
        for envelope in envelopes {
            try client.publish(envelope, routingKey: "\(worker.worker).anything")
        }
        let loop = worker.startConsumer(handler)
        defer { loop.stop() }
        var replies: [String: Reply] = [:]
        for _ in envelopes {
            let (message, reply) = try client.nextReply()
            replies[message.properties.correlationID ?? ""] = reply
        }

        let database = try worker.database.connect()
        defer { database.close() }
        for (envelope, expected) in zip(envelopes, cases) {
            #expect(replies[envelope.correlationID.uuidString.lowercased()] == expected.reply, "\(expected.payload)")
            let committed = expected.reply.outcome == .ok ? 1 : 0
            #expect(try ConsumerLoopTests.effects(of: envelope, on: database) == committed, "\(expected.payload)")
            #expect(try ConsumerLoopTests.inboxStatus(of: envelope, on: database) == "done", "refused, and remembered")
        }
    }
}
