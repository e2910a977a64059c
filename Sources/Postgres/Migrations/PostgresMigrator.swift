import Foundation

/// Applies numbered SQL migrations from a directory.
///
/// Files are named `<version>_<name>.sql` (`0001_initial.sql`, `0002_outbox.sql`) and applied in
/// version order, each in its own transaction together with its row in
/// `schema_migrations (version int primary key, name text, applied_at timestamptz)`. Every
/// transaction first takes a transaction-scoped advisory lock, so concurrent runs wait for each
/// other, and re-checks the version, so nothing is applied twice.
///
/// A file must not contain transaction control (`BEGIN`, `COMMIT`) or statements that cannot
/// run in a transaction (`CREATE INDEX CONCURRENTLY`, `VACUUM`).
public struct PostgresMigrator: Sendable {
    /// The key of the advisory lock held while migrating ("mdme_mig" in ASCII).
    static let lockKey: Int64 = 0x6D64_6D65_5F6D_6967

    struct Migration {
        let version: Int
        let fileName: String
        let url: URL
    }

    /// The directory holding the `.sql` files.
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Versions found in the directory and not yet recorded in `schema_migrations`, in order.
    public func pending(on connection: PostgresConnection) throws -> [Int] {
        let migrations = try migrationFiles()
        let tableExists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
            .first?.decode("present", as: Bool.self) ?? false
        let applied = tableExists ? try appliedVersions(on: connection) : []
        return migrations.map(\.version).filter { !applied.contains($0) }
    }

    /// Applies the pending migrations and returns the versions applied by this call.
    ///
    /// A failing migration rolls back only itself (earlier ones stay applied) and throws
    /// `.migrationFailed` naming the file, with the database error as `underlying`.
    @discardableResult
    public func migrate(on connection: PostgresConnection) throws -> [Int] {
        let migrations = try migrationFiles()
        try connection.transaction { connection in
            try lock(connection)
            try connection.executeScript("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version int PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
        }
        let alreadyApplied = try appliedVersions(on: connection)
        var appliedNow: [Int] = []
        for migration in migrations where !alreadyApplied.contains(migration.version) {
            if try apply(migration, on: connection) {
                appliedNow.append(migration.version)
            }
        }
        return appliedNow
    }

    /// Applies one migration unless a concurrent run got there first; returns whether it did.
    private func apply(_ migration: Migration, on connection: PostgresConnection) throws -> Bool {
        do {
            let sql = try String(contentsOf: migration.url, encoding: .utf8)
            return try connection.transaction { connection in
                try lock(connection)
                let recorded = try connection.query("SELECT 1 FROM schema_migrations WHERE version = $1", [migration.version])
                guard recorded.isEmpty else { return false }
                try connection.executeScript(sql)
                try connection.query(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())",
                    [migration.version, migration.fileName]
                )
                return true
            }
        } catch {
            let cause = error as? PostgresError
            throw PostgresError(
                code: .migrationFailed,
                message: "migration \(migration.fileName) failed: \(cause?.message ?? "its file could not be read")",
                sqlState: cause?.sqlState,
                underlying: error
            )
        }
    }

    private func lock(_ connection: PostgresConnection) throws {
        try connection.query("SELECT pg_advisory_xact_lock($1::bigint)", [Self.lockKey])
    }

    private func appliedVersions(on connection: PostgresConnection) throws -> Set<Int> {
        Set(try connection.query("SELECT version FROM schema_migrations").map { try $0.decode("version", as: Int.self) })
    }

    /// The directory's `.sql` files sorted by version; a badly named file or a repeated version
    /// is an error rather than something to skip silently.
    func migrationFiles() throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw PostgresError(code: .migrationFailed, message: "cannot list the migrations directory \(directory.path)", underlying: error)
        }
        var byVersion: [Int: Migration] = [:]
        for name in names where name.hasSuffix(".sql") {
            let prefix = name.prefix { $0.isASCII && $0.isNumber }
            guard !prefix.isEmpty, name.dropFirst(prefix.count).first == "_",
                  let version = Int(prefix), version > 0, version <= Int(Int32.max)
            else {
                throw PostgresError(code: .migrationFailed, message: "migration file \(name) is not named <version>_<name>.sql")
            }
            if let other = byVersion[version] {
                throw PostgresError(code: .migrationFailed, message: "migration files \(other.fileName) and \(name) share version \(version)")
            }
            byVersion[version] = Migration(version: version, fileName: name, url: directory.appendingPathComponent(name))
        }
        return byVersion.values.sorted { $0.version < $1.version }
    }
}
