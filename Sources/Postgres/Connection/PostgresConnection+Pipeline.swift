internal import CPostgres

/// Queued statements and savepoints: a transaction's writes whose results nobody reads travel
/// with the next statement that needs an answer, in one libpq pipeline. Every round trip to
/// the server costs both processes a send, a wake-up and a receive; on a busy machine those,
/// not the SQL, are most of a short statement's price.
extension PostgresConnection {
    /// One statement with its parameters as text, checked for NUL bytes.
    struct Statement {
        let sql: String
        let texts: [String?]

        init(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws {
            try PostgresConnection.rejectNul(in: sql, what: "the SQL text")
            texts = parameters.map { $0?.postgresText }
            for (index, text) in texts.enumerated() {
                try PostgresConnection.rejectNul(in: text, what: "parameter $\(index + 1)")
            }
            self.sql = sql
        }
    }

    /// Queues a statement of the running transaction whose result nobody reads; it is sent with
    /// the next `query`, `executeScript`, savepoint release or `COMMIT`, in order. If it fails,
    /// that call throws its error (`.endedSavepointFailed` for a statement of a savepoint that
    /// deferred its release and has ended), and the transaction is aborted as it would have been.
    /// Throws `.invalidState` outside `transaction(isolation:_:)`: there each statement must
    /// stand alone.
    public func enqueue(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws {
        guard inTransaction else {
            throw PostgresError(code: .invalidState, message: "enqueue() called outside a transaction")
        }
        queued.append(try Statement(sql, parameters))
    }

    /// Sends the queued statements now, if there are any, and throws the first one's failure:
    /// for a caller about to give up on the transaction that needs to know whether a queued
    /// check would have refused first.
    public func flushQueued() throws {
        if !queued.isEmpty {
            try sendPipeline(endingWith: nil)
        }
    }

    /// Runs `body` under a savepoint of the running transaction: released when `body` returns,
    /// rolled back to (undoing only `body`'s work) when it throws, and the error rethrown.
    ///
    /// `SAVEPOINT` is queued, and so is `RELEASE` when nothing of `body` is waiting to be sent:
    /// neither costs a round trip of its own. When nothing of `body` reached the server,
    /// rolling back is only forgetting the queue.
    ///
    /// `deferringRelease` queues `RELEASE` behind whatever `body` left queued, to go out with
    /// the transaction's next statement: one round trip fewer, for a caller that can give up
    /// the whole transaction when one of those statements fails. That failure surfaces later,
    /// outside this savepoint, as `.endedSavepointFailed`, and only rolling the transaction
    /// back remains.
    public func savepoint<T>(deferringRelease: Bool = false, _ body: () throws -> T) throws -> T {
        guard inTransaction else {
            throw PostgresError(code: .invalidState, message: "savepoint() called outside a transaction")
        }
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "mdme_savepoint_\(savepointDepth)"
        let mark = queued.count
        let pipelines = pipelinesSent
        queued.append(try Statement("SAVEPOINT \(name)"))
        do {
            let value = try body()
            if queued.isEmpty || deferringRelease {
                // All of the body reached the server and succeeded, so releasing cannot fail,
                // or the caller takes a later failure as the whole transaction's: it travels
                // with whatever statement comes next.
                queued.append(try Statement("RELEASE SAVEPOINT \(name)"))
                if deferringRelease { queuedOfEndedSavepoints = queued.count }
            } else {
                // Sent now, so a failing queued statement is this savepoint's failure.
                try query("RELEASE SAVEPOINT \(name)")
            }
            return value
        } catch let error as PostgresError where error.code == .connectionLost || error.code == .endedSavepointFailed {
            throw error
        } catch {
            if pipelinesSent == pipelines {
                queued.removeSubrange(mark...)
                queuedOfEndedSavepoints = min(queuedOfEndedSavepoints, mark)
            } else {
                // The savepoint went out; whatever is still queued came after it.
                queued.removeAll()
                queuedOfEndedSavepoints = 0
                try executeScript("ROLLBACK TO SAVEPOINT \(name); RELEASE SAVEPOINT \(name)")
            }
            throw error
        }
    }

    /// What one pipelined request answers: a statement being prepared, or one being run; `index`
    /// is the statement's place in the pipeline.
    private enum Step {
        case prepare(sql: String, name: String, index: Int)
        case run(sql: String, index: Int, isLast: Bool)

        var index: Int {
            switch self {
            case .prepare(_, _, let index), .run(_, let index, _): index
            }
        }
    }

    /// Sends the queue, then `last`, in one pipeline; returns `last`'s rows (empty without one).
    /// Throws the first failure; the server skips everything after it up to the sync.
    @discardableResult
    func sendPipeline(endingWith last: Statement?) throws -> PostgresRows {
        var statements = queued
        let ofEndedSavepoints = queuedOfEndedSavepoints
        queued.removeAll()
        queuedOfEndedSavepoints = 0
        if let last { statements.append(last) }
        pipelinesSent += 1
        let handle = try usableHandle()
        guard PQenterPipelineMode(handle) == 1 else {
            throw failure(.failedResult(nil, on: handle))
        }
        var steps: [Step] = []
        var preparing: [String: String] = [:]
        for (index, statement) in statements.enumerated() {
            var name = preparedStatements[statement.sql] ?? preparing[statement.sql]
            if name == nil, preparedStatements.count + preparing.count < Self.preparedStatementLimit {
                let fresh = nextStatementName()
                guard PQsendPrepare(handle, fresh, statement.sql, Int32(statement.texts.count), nil) == 1 else {
                    throw abandonPipeline(handle)
                }
                steps.append(.prepare(sql: statement.sql, name: fresh, index: index))
                preparing[statement.sql] = fresh
                name = fresh
            }
            let sent = withCStringPointers(statement.texts) { values in
                if let name {
                    return PQsendQueryPrepared(handle, name, Int32(values.count), values.baseAddress, nil, nil, 0)
                }
                return PQsendQueryParams(handle, statement.sql, Int32(values.count), nil, values.baseAddress, nil, nil, 0)
            }
            guard sent == 1 else { throw abandonPipeline(handle) }
            steps.append(.run(sql: statement.sql, index: index, isLast: last != nil && index == statements.count - 1))
        }
        guard PQpipelineSync(handle) == 1 else { throw abandonPipeline(handle) }

        var firstFailure: PostgresError?
        var answer = PostgresRows.empty
        for step in steps {
            guard let result = PQgetResult(handle) else { throw abandonPipeline(handle) }
            defer { PQclear(result) }
            switch (PQresultStatus(result), step) {
            case (PGRES_COMMAND_OK, .prepare(let sql, let name, _)):
                preparedStatements[sql] = name
            case (PGRES_TUPLES_OK, .run(_, _, true)), (PGRES_COMMAND_OK, .run(_, _, true)):
                answer = PostgresRows(copying: result)
            case (PGRES_TUPLES_OK, .run), (PGRES_COMMAND_OK, .run), (PGRES_EMPTY_QUERY, .run):
                break
            case (PGRES_PIPELINE_ABORTED, _):
                break
            default:
                let error = PostgresError.failedResult(result, on: handle)
                if error.code == .connectionLost { throw abandonPipeline(handle) }
                if case .run(let sql, _, _) = step, error.sqlState == "0A000" {
                    // "cached plan must not change result type": prepare it afresh next time.
                    preparedStatements.removeValue(forKey: sql)
                }
                // Preparing a statement can fail too (a lock wait ending in a deadlock, a schema
                // the code does not match): it is the statement's failure all the same.
                if step.index < ofEndedSavepoints {
                    firstFailure = firstFailure ?? PostgresError(
                        code: .endedSavepointFailed, message: "a statement of a savepoint that had ended failed: \(error.message)",
                        underlying: error)
                } else {
                    firstFailure = firstFailure ?? error
                }
            }
            // Each request's results end with a null.
            guard PQgetResult(handle) == nil else { throw abandonPipeline(handle) }
        }
        guard let sync = PQgetResult(handle) else { throw abandonPipeline(handle) }
        let synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC
        PQclear(sync)
        guard synced, PQexitPipelineMode(handle) == 1 else { throw abandonPipeline(handle) }
        if let firstFailure { throw firstFailure }
        return answer
    }

    /// A pipeline that cannot be finished leaves the protocol in an unknown state: the
    /// connection is dropped, and the error says it was lost.
    private func abandonPipeline(_ handle: OpaquePointer) -> PostgresError {
        let message = PostgresError.libpqMessage(handle)
        markLost()
        return PostgresError(code: .connectionLost, message: message)
    }
}
