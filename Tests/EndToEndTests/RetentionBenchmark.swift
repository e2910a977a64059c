import Foundation
import MDMECore
import Postgres
import Testing

/// One retention sweep over `MDME_BENCH_CLIENTS` clients (default 1,000,000) of which 1% are due
/// for deletion, then the same sweep again with nothing due (run by `scripts/bench`). Targets
/// (issue 7): nothing due under 1 s; 10,000 due under 60 s. The clients are inserted as the
/// superuser (mail mode `provider`, so the notices are outbox rows; no worker runs).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["MDME_BENCH"] != nil, "run through scripts/bench"))
struct RetentionBenchmark {
    @Test("a sweep over many clients, 1% due, then with nothing due")
    func sweep() throws {
        let clients = Int(ProcessInfo.processInfo.environment["MDME_BENCH_CLIENTS"] ?? "") ?? 1_000_000
        let system = try SystemUnderTest(settings: ["MDME_LOG_LEVEL": "notice"])
        defer { system.shutdown() }
        let asOf = "2027-04-05T00:00:00Z"
        let tenantID = UUID(), therapistID = UUID()
        let database = try system.database()
        defer { database.close() }
        try database.query("insert into tenants (id, name, mail_mode) values ($1, 'Bench', 'provider')", [tenantID])
        try database.query(
            "insert into accounts (id, tenant_id, role, name_enc, email_enc, email_lookup) values ($1, $2, 'therapist', '\\x00', '\\x00', 'bench-therapist')",
            [therapistID, tenantID])
        try database.query(
            """
            insert into accounts (id, tenant_id, role, name_enc, email_enc, email_lookup)
            select md5('bench' || g)::uuid, $1, 'client', '\\x00', '\\x00', 'bench-' || g from generate_series(1, $2::int) g
            """, [tenantID, clients])
        // Every hundredth client was last active five months ago; the others within 80 days.
        try database.query(
            """
            insert into clients (id, tenant_id, responsible_therapist_id, gender, birth_date_enc, created_at, last_activity_at)
            select md5('bench' || g)::uuid, $1, $2, 'female', '\\x00', $4::timestamptz - interval '1 year',
                   case when g % 100 = 0 then $4::timestamptz - interval '5 months'
                        else $4::timestamptz - (g % 80) * interval '1 day' - (g % 1440) * interval '1 minute' end
            from generate_series(1, $3::int) g
            """, [tenantID, therapistID, clients, asOf])
        try database.query("analyze")

        func timed(_ body: () throws -> String) throws -> (String, Double) {
            let started = ContinuousClock.now
            let output = try body()
            let wall = ContinuousClock.now - started
            return (output, Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18)
        }
        let (due, dueSeconds) = try timed { try system.cli(["retention", "sweep", "--as-of", asOf]) }
        let (idle, idleSeconds) = try timed { try system.cli(["retention", "sweep", "--as-of", asOf]) }
        #expect(due.contains(#"{"warned_first":0,"warned_second":0,"deleted":\#(clients / 100)}"#), "\(due)")
        #expect(idle.contains(#"{"warned_first":0,"warned_second":0,"deleted":0}"#), "\(idle)")
        print(String(format: #"{"benchmark":"retention_sweep","clients":%d,"due":%d,"due_seconds":%.2f,"nothing_due_seconds":%.3f}"#,
                     clients, clients / 100, dueSeconds, idleSeconds))
        #expect(idleSeconds < 1)
        #expect(dueSeconds < 60)
    }
}
