extension PostgresConnection {
    /// Runs `body` between `BEGIN` and `COMMIT`; rolls back and rethrows when `body` throws.
    ///
    /// Throws `.invalidState` when called inside another transaction, `.connectionLost` when the
    /// connection broke (the transaction is gone and is not retried), and `.queryFailed` when
    /// `COMMIT` turned into a rollback because a statement in the transaction had failed.
    public func transaction<T>(
        isolation: PostgresIsolation = .readCommitted,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        guard !inTransaction else {
            throw PostgresError(code: .invalidState, message: "transaction() called inside a transaction")
        }
        try query("BEGIN ISOLATION LEVEL \(isolation.sql)")
        inTransaction = true
        defer { inTransaction = false }
        let value: T
        do {
            value = try body(self)
        } catch {
            rollbackQuietly()
            throw error
        }
        // COMMIT of an aborted transaction succeeds with the tag ROLLBACK instead of failing.
        let commit = try query("COMMIT")
        guard commit.commandTag == "COMMIT" else {
            throw PostgresError(code: .queryFailed, message: "the transaction was rolled back because a statement in it failed")
        }
        return value
    }
}
