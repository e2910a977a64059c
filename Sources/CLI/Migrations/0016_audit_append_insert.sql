-- The workers append audit rows with a plain insert (Sources/Messaging/AuditAppend.swift):
-- since the sealer took over the chaining (0014), the function only inserted, and calling
-- PL/pgSQL for it cost more than the insert itself on every audited command.
drop function mdme_audit_append(uuid, text, text, uuid, uuid, text);
