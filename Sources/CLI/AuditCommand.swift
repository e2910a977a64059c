import Foundation
import MDMERuntime
import Messaging
import Postgres

/// `mdme audit verify`: recomputes every tenant's hash chain and names the first broken row.
enum AuditCommand {
    static func verify(configuration: MDMEConfiguration) throws -> Bool {
        let connection = PostgresConnection(configuration: configuration.ownerPostgresConfiguration(applicationName: "mdme-audit"))
        try connection.connect()
        defer { connection.close() }
        // The digest function is the one appends use, so the two cannot drift apart.
        let rows = try connection.query(
            """
            select id, tenant_id, hash = expected and prev_hash = previous as intact
            from (
                select id, tenant_id, hash, prev_hash,
                       mdme_audit_digest(prev_hash, id, tenant_id, at, actor_id, actor_role, action, client_ref, request_id, outcome) as expected,
                       coalesce(lag(hash) over (partition by tenant_id order by id), 'genesis') as previous
                from audit_log
            ) chain
            order by id
            """
        )
        var checked = 0
        for row in rows {
            checked += 1
            guard try row.decode("intact", as: Bool.self) else {
                let id: Int64 = try row.decode("id")
                let tenant: UUID = try row.decode("tenant_id")
                print(#"{"ok":false,"rows_checked":\#(checked),"first_broken_id":\#(id),"tenant_id":"\#(tenant.uuidString.lowercased())"}"#)
                return false
            }
        }
        // A chain cut short at its end leaves every remaining row intact; the heads remember.
        let truncated = try connection.query(
            """
            select h.tenant_id from audit_heads h
            where h.last_id is distinct from (select max(id) from audit_log l where l.tenant_id = h.tenant_id)
            limit 1
            """
        )
        if let row = truncated.first {
            let tenant: UUID = try row.decode("tenant_id")
            print(#"{"ok":false,"rows_checked":\#(checked),"truncated_tenant_id":"\#(tenant.uuidString.lowercased())"}"#)
            return false
        }
        print(#"{"ok":true,"rows_checked":\#(checked)}"#)
        return true
    }
}
