/// Appending a row to the audit log (migrations 0004 and 0014): a plain insert into the
/// transaction's tenant, cheaper than the PL/pgSQL function it replaces (0016). The sealer
/// chains the row later. A transaction scoped to no tenant fails on the not-null tenant, and
/// row-level security refuses a row of any other tenant than the transaction's.
///
/// Parameters: actor, actor role, action, client, request id, outcome (`allowed`/`denied`).
public enum AuditAppend {
    public static let statement = """
        insert into audit_log (tenant_id, at, actor_id, actor_role, action, client_ref, request_id, outcome)
        values (mdme_current_tenant(), clock_timestamp(), $1, $2, $3, $4, $5, $6)
        """
}
