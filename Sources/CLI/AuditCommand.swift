import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// `mdme audit verify [--tenant ID]`: seals what is waiting, then recomputes every tenant's
/// hash chain (or one tenant's) and names the first broken row.
enum AuditCommand {
    static func verify(tenant: String?, configuration: MDMEConfiguration) throws -> Bool {
        let tenantID: UUID? = try tenant.map { text in
            guard let id = UUID(uuidString: text) else { throw CLIError("--tenant must be a tenant id (UUID)") }
            return id
        }
        let connection = PostgresConnection(configuration: configuration.ownerPostgresConfiguration(applicationName: "mdme-audit"))
        try connection.connect()
        defer { connection.close() }
        // Rows not yet chained are the sealers' backlog (a second at most), not a break.
        try connection.query("select mdme_audit_seal(1000000)")
        // The digest function is the one the sealer uses, so the two cannot drift apart. A row
        // is intact when its hash is its own digest, it names the hash before it, and no
        // position is missing before it.
        let rows = try connection.query(
            """
            select id, tenant_id, hash = expected and prev_hash = previous and chain_position = expected_position as intact
            from (
                select id, tenant_id, hash, prev_hash, chain_position,
                       mdme_audit_digest(prev_hash, id, tenant_id, at, actor_id, actor_role, action, client_ref, request_id, outcome) as expected,
                       coalesce(lag(hash) over chain, 'genesis') as previous,
                       row_number() over chain as expected_position
                from audit_log
                where hash is not null and ($1::uuid is null or tenant_id = $1)
                window chain as (partition by tenant_id order by chain_position)
            ) chain
            order by tenant_id, chain_position
            """,
            [tenantID]
        )
        var checked = 0
        for row in rows {
            checked += 1
            guard try row.decode("intact", as: Bool.self) else {
                let id: Int64 = try row.decode("id")
                let tenant: UUID = try row.decode("tenant_id")
                print(#"{"ok":false,"rows_checked":\#(checked),"first_broken_id":\#(id),"tenant_id":"\#(tenant.lowercasedText)"}"#)
                return false
            }
        }
        // A chain cut short at its end leaves every remaining row intact; the heads remember.
        let truncated = try connection.query(
            """
            select h.tenant_id from audit_heads h
            where ($1::uuid is null or h.tenant_id = $1)
              and h.last_position <> coalesce((select max(chain_position) from audit_log l where l.tenant_id = h.tenant_id), 0)
            limit 1
            """,
            [tenantID]
        )
        if let row = truncated.first {
            let tenant: UUID = try row.decode("tenant_id")
            print(#"{"ok":false,"rows_checked":\#(checked),"truncated_tenant_id":"\#(tenant.lowercasedText)"}"#)
            return false
        }
        let unsealed: Int64 = try connection.query(
            "select count(*) as n from audit_log where hash is null and ($1::uuid is null or tenant_id = $1)", [tenantID]
        ).first?.decode("n") ?? 0
        print(#"{"ok":true,"rows_checked":\#(checked),"rows_awaiting_seal":\#(unsealed)}"#)
        return true
    }
}
