-- The audit log: one append-only row per read or write of client data. It holds ids only
-- (never personal data), so it survives a client's deletion. Each row carries the hash of the
-- row before it in its tenant's chain, so a changed or removed row shows (`mdme audit verify`).

create table audit_log (
    id         bigserial primary key,
    tenant_id  uuid not null,
    at         timestamptz not null,
    actor_id   uuid,
    actor_role text,
    action     text not null,
    client_ref uuid,
    request_id uuid,
    outcome    text not null check (outcome in ('allowed', 'denied')),
    prev_hash  text not null,
    hash       text not null
);
create index audit_log_tenant on audit_log (tenant_id, id);
create index audit_log_client on audit_log (tenant_id, client_ref, id);

-- The newest hash of each tenant's chain; its row lock orders concurrent appends.
create table audit_heads (
    tenant_id uuid primary key,
    last_id   bigint,
    last_hash text not null
);

create function mdme_audit_digest(
    prev text, row_id bigint, tenant uuid, stamp timestamptz, actor uuid, role text,
    action text, client uuid, request uuid, outcome text
) returns text
    language sql immutable
    as $$
        select encode(sha256(convert_to(concat_ws('|',
            prev, row_id, tenant, to_char(stamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
            coalesce(actor::text, '-'), coalesce(role, '-'), action, coalesce(client::text, '-'),
            coalesce(request::text, '-'), outcome), 'UTF8')), 'hex')
    $$;

create function mdme_audit_append(
    actor uuid, role text, action text, client uuid, request uuid, outcome text
) returns bigint
    language plpgsql
    as $$
    declare
        tenant uuid := mdme_current_tenant();
        previous text;
        new_id bigint;
        stamp timestamptz := clock_timestamp();
        digest text;
    begin
        if tenant is null then
            raise exception 'audit: no tenant set';
        end if;
        insert into audit_heads (tenant_id, last_hash) values (tenant, 'genesis') on conflict do nothing;
        select last_hash into previous from audit_heads where tenant_id = tenant for update;
        new_id := nextval('audit_log_id_seq');
        digest := mdme_audit_digest(previous, new_id, tenant, stamp, actor, role, action, client, request, outcome);
        insert into audit_log (id, tenant_id, at, actor_id, actor_role, action, client_ref, request_id, outcome, prev_hash, hash)
        values (new_id, tenant, stamp, actor, role, action, client, request, outcome, previous, digest);
        update audit_heads set last_id = new_id, last_hash = digest where tenant_id = tenant;
        return new_id;
    end
    $$;

alter table audit_log enable row level security;
create policy tenant_isolation on audit_log using (tenant_id = mdme_current_tenant()) with check (tenant_id = mdme_current_tenant());
alter table audit_heads enable row level security;
create policy tenant_isolation on audit_heads using (tenant_id = mdme_current_tenant()) with check (tenant_id = mdme_current_tenant());

-- Append-only for the application: no update, no delete.
grant select, insert on audit_log to mdme_app;
grant select, insert, update on audit_heads to mdme_app;
grant usage on sequence audit_log_id_seq to mdme_app;
grant execute on function mdme_audit_digest(text, bigint, uuid, timestamptz, uuid, text, text, uuid, uuid, text),
    mdme_audit_append(uuid, text, text, uuid, uuid, text) to mdme_app;
