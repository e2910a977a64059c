extension PostgresConnection {
    /// Runs `body` between `BEGIN` and `COMMIT`; rolls back and rethrows when `body` throws.
    ///
    /// Throws `.invalidState` when called inside another transaction, `.connectionLost` when the
    /// connection broke (the transaction is gone and is not retried), and `.queryFailed` when
    /// `COMMIT` turned into a rollback because a statement in the transaction had failed. A
    /// statement still queued when `body` returns goes out with `COMMIT`, whose call then throws
    /// its failure (`.endedSavepointFailed` for one of a savepoint that deferred its release).
    public func transaction<T>(
        isolation: PostgresIsolation = .readCommitted,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        guard !inTransaction else {
            throw PostgresError(code: .invalidState, message: "transaction() called inside a transaction")
        }
        // A connection found lost is opened again here, before the transaction starts; BEGIN
        // itself is queued and travels with the body's first statement.
        try usableHandle()
        queued = [try Statement("BEGIN ISOLATION LEVEL \(isolation.sql)")]
        queuedOfEndedSavepoints = 0
        inTransaction = true
        defer {
            inTransaction = false
            dropTransactionValues()
        }
        let value: T
        let commit: PostgresRows
        do {
            value = try body(self)
            // Sent with the statements still queued; when one of them fails, COMMIT is skipped
            // and the transaction is still open, aborted, on the server.
            commit = try query("COMMIT")
        } catch {
            queued.removeAll()
            queuedOfEndedSavepoints = 0
            rollbackQuietly()
            throw error
        }
        // COMMIT of an aborted transaction succeeds with the tag ROLLBACK instead of failing.
        guard commit.commandTag == "COMMIT" else {
            throw PostgresError(code: .queryFailed, message: "the transaction was rolled back because a statement in it failed")
        }
        return value
    }
}
