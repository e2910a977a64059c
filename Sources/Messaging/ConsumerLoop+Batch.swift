import AMQP
import Foundation
import MDMECore
import MDMERuntime
import Postgres

/// Batching: deliveries that are already waiting when one arrives are handled together in one
/// transaction, each under a savepoint of its own, so a burst costs one commit instead of one
/// per message. The guarantees stay those of a single message: the inbox claim, effects, reply
/// and outbox rows of each message commit together, and nothing is acknowledged before the
/// commit.
///
/// What a message leaves queued at its end (its last writes, its inbox row, `RELEASE`) goes out
/// with the next message's first query or the commit, not in a round trip of its own. Those
/// statements seldom fail — a redelivered message's inbox row is the likely one — and when one
/// does, its message has already been answered inside the batch: the whole transaction is
/// rolled back, and the messages are handled again one by one, each in its own transaction.
extension ConsumerLoop {
    /// What became of one message of a committed batch.
    enum BatchResult {
        case replied(Reply, duplicate: Bool)
        case failed(any Error)
    }

    /// `first` and the deliveries waiting behind it, up to `worker.batch_size`, and whether the
    /// broker cancelled the consumer meanwhile (the caller reconnects after the batch).
    func takeBatch(startingWith first: AMQPMessage) throws -> (batch: [AMQPMessage], cancelled: Bool) {
        var batch = [first]
        let limit = min(configuration.worker.batchSize, configuration.worker.prefetch)
        while batch.count < limit, let amqp {
            switch try amqp.nextEvent(timeout: .zero) {
            case .delivery(let message): batch.append(message)
            case .consumerCancelled: return (batch, true)
            default: return (batch, false)
            }
        }
        return (batch, false)
    }

    func handleBatch(_ batch: [AMQPMessage], outcomes: inout [WorkerMetrics.Outcome]) throws {
        guard let amqp, let postgres else { return }
        let envelopes = batch.map { try? Envelope.decode($0.body) }
        // Nil for a message without an envelope: nothing to handle, it is dead-lettered after.
        let results: [BatchResult?]
        do {
            results = try postgres.transaction { transaction in
                try handler.readAhead(for: envelopes.compactMap { $0 }, in: transaction)
                return try envelopes.map { envelope in try envelope.map { try handleInBatch($0, in: transaction) } }
            }
        } catch let error as PostgresError where error.code == .connectionLost || error.code == .connectionFailed {
            logger.warning("database unavailable; batch returned to the queue", ["count": "\(batch.count)", "error": "\(error)"])
            for message in batch { try? amqp.reject(deliveryTag: message.deliveryTag, requeue: true) }
            throw error
        } catch {
            // The batch as a whole failed (a deadlock victim, a failed commit): one message must
            // not cost the others an attempt, so each is handled again on its own.
            logger.warning("batch failed; handling its messages one by one", ["count": "\(batch.count)", "error": "\(error)"])
            for (index, message) in batch.enumerated() { outcomes[index] = try handle(message) }
            return
        }
        // Replies and the ack leave together. Not when a message is retried or dead-lettered:
        // those publishes wait for the broker's confirm, which a corked socket would hold back.
        let onlyReplies = results.allSatisfy { if case .replied? = $0 { true } else { false } }
        func finishAll() throws {
            for index in batch.indices {
                outcomes[index] = try finish(batch[index], envelopes[index], results[index])
            }
            try amqp.ack(deliveryTag: batch[batch.count - 1].deliveryTag, multiple: true)
        }
        if onlyReplies && batch.count > 1 { try amqp.corked(finishAll) } else { try finishAll() }
    }

    /// After the commit: the reply, or another attempt, or the dead-letter queue. Acknowledged
    /// with the rest of the batch.
    private func finish(_ message: AMQPMessage, _ envelope: Envelope?, _ result: BatchResult?) throws -> WorkerMetrics.Outcome {
        guard let envelope, let result else {
            logger.error("undecodable message dead-lettered", ["message.id": message.properties.messageID ?? "-"])
            try deadLetter(message, envelope: nil, reason: "undecodable")
            return .deadLettered
        }
        switch result {
        case .failed(let error):
            let messageLogger = logger.with(["message.id": envelope.id.lowercasedText, "message.type": envelope.type])
            return try retryOrDeadLetter(message, envelope: envelope, error: error, logger: messageLogger)
        case .replied(let reply, let duplicate):
            try sendReply(reply, to: message, of: envelope)
            if duplicate { return .duplicate }
            return reply.outcome == .error ? .refused : .processed
        }
    }

    /// One message inside the batch's transaction, under its own savepoint: a refusal or a
    /// failure undoes only this message's work. A lost connection ends the whole batch, and so
    /// does a failure of an earlier message's queued statements (`.endedSavepointFailed`).
    private func handleInBatch(_ envelope: Envelope, in transaction: PostgresConnection) throws -> BatchResult {
        let logger = logger.with(["message.id": envelope.id.lowercasedText, "message.type": envelope.type])
        do {
            let handled = try transaction.savepoint(deferringRelease: true) {
                // Each message starts outside any tenant, as it would in a transaction of its own.
                try transaction.enqueue("select set_config('app.tenant_id', '', true)")
                return try handleClaimed(envelope, in: transaction, inBatch: true, logger: logger)
            }
            return .replied(handled.reply, duplicate: handled.duplicate)
        } catch let error as PostgresError where error.code == .connectionLost || error.code == .connectionFailed
                    || error.code == .endedSavepointFailed {
            throw error
        } catch {
            guard let refusal = refusal(in: error) else { return .failed(error) }
            // Under a savepoint of its own too, so what it queues counts as this message's when
            // it goes out with the next one's statements.
            let handled = try transaction.savepoint(deferringRelease: true) {
                try recordRefusal(refusal, envelope, in: transaction, logger: logger)
            }
            return .replied(handled.reply, duplicate: handled.duplicate)
        }
    }

    /// Runs the handler and records the message in the inbox; reads skip the inbox.
    ///
    /// A handler that claims first (`MessageHandler.claimsFirst`) finds a duplicate in the inbox
    /// without running. Otherwise the row is written after the handler (`Inbox.record`), which
    /// throws `Inbox.AlreadyRecorded` for a message seen before; the caller then rolls back and
    /// comes again with `claimFirst`. In a batch (`inBatch`) the row is only queued, and a message
    /// seen before fails the batch instead (see the top of this file).
    func handleClaimed(_ envelope: Envelope, in transaction: PostgresConnection, claimFirst: Bool = false,
                       inBatch: Bool = false, logger: Logger) throws -> (reply: Reply, duplicate: Bool) {
        if handler.isReadOnly(envelope) {
            let result = try runHandler(envelope, in: transaction)
            logger.info("handled read", ["outcome": result.reply.outcome.rawValue])
            return (result.reply, false)
        }
        let claimFirst = claimFirst || handler.claimsFirst(envelope)
        if claimFirst, case .duplicate(let reply) = try Inbox.claim(envelope, in: transaction, sealer: inboxSealer) {
            logger.info("duplicate message answered from the inbox")
            return (reply, true)
        }
        let result = try runHandler(envelope, in: transaction)
        if claimFirst {
            try Inbox.complete(envelope, reply: result.reply, subject: result.subject, in: transaction, sealer: inboxSealer)
        } else {
            try Inbox.record(envelope, reply: result.reply, subject: result.subject, in: transaction, sealer: inboxSealer, queued: inBatch)
        }
        try Outbox.insert(result.events, causedBy: envelope, in: transaction)
        logger.info("handled", ["outcome": result.reply.outcome.rawValue])
        return (result.reply, false)
    }

    /// The handler's result. When it refuses, a check it queued before (the caller's session)
    /// is sent first and speaks first: a command from a revoked session is `unauthenticated`,
    /// whatever the handler found wrong with it after that.
    private func runHandler(_ envelope: Envelope, in transaction: PostgresConnection) throws -> HandlerResult {
        do {
            return try handler.handle(envelope, in: transaction)
        } catch let refusal as APIError {
            do {
                try transaction.flushQueued()
            } catch let error as PostgresError where error.refusal != nil || error.code == .connectionLost
                        || error.code == .endedSavepointFailed {
                throw error
            } catch {
                // Any other failure of the queue is the handler's refusal's to report.
            }
            throw refusal
        }
    }

    /// A refused command is remembered with its error, so a redelivery is refused the same way.
    func recordRefusal(_ refusal: APIError, _ envelope: Envelope, in transaction: PostgresConnection, logger: Logger) throws -> (reply: Reply, duplicate: Bool) {
        let reply = Reply.failure(refusal)
        if handler.isReadOnly(envelope) {
            logger.info("refused read", ["error.code": refusal.code.rawValue])
            return (reply, false)
        }
        switch try Inbox.claim(envelope, in: transaction, sealer: inboxSealer) {
        case .duplicate(let stored):
            return (stored, true)
        case .new:
            try Inbox.complete(envelope, reply: reply, in: transaction, sealer: inboxSealer)
            logger.info("refused", ["error.code": refusal.code.rawValue])
            return (reply, false)
        }
    }
}
