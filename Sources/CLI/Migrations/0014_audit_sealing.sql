-- Appends no longer wait for each other. Until now every append took its tenant's chain head
-- lock and held it to the end of the transaction, so one tenant's writes (and its audited
-- reads) ran one at a time. Now an append only inserts its row; a sealer (every worker runs
-- one, and `mdme audit verify` seals first) then chains the new rows in the order it finds
-- them: prev_hash, hash and the row's chain position are set once, by the owner's function
-- below, and never by the application.

alter table audit_log
    alter column prev_hash drop not null,
    alter column hash drop not null,
    add column chain_position bigint;
alter table audit_heads add column last_position bigint not null default 0;

-- The rows chained so far keep their order (by id within the tenant).
update audit_log l set chain_position = ordered.position
from (select id, row_number() over (partition by tenant_id order by id) as position from audit_log) ordered
where l.id = ordered.id;
update audit_heads h set last_position = coalesce((select max(chain_position) from audit_log l where l.tenant_id = h.tenant_id), 0);

create unique index audit_log_chain on audit_log (tenant_id, chain_position);
-- What the sealer looks for: small, as rows leave it within a second.
create index audit_log_unsealed on audit_log (tenant_id, id) where hash is null;

-- Chaining columns are the sealer's alone: the application inserts everything else.
revoke insert on audit_log from mdme_app;
grant insert (tenant_id, at, actor_id, actor_role, action, client_ref, request_id, outcome) on audit_log to mdme_app;
revoke insert, update on audit_heads from mdme_app;

create or replace function mdme_audit_append(
    actor uuid, role text, action text, client uuid, request uuid, outcome text
) returns bigint
    language plpgsql
    as $$
    declare
        tenant uuid := mdme_current_tenant();
        new_id bigint;
    begin
        if tenant is null then
            raise exception 'audit: no tenant set';
        end if;
        insert into audit_log (tenant_id, at, actor_id, actor_role, action, client_ref, request_id, outcome)
        values (tenant, clock_timestamp(), actor, role, action, client, request, outcome)
        returning id into new_id;
        return new_id;
    end
    $$;

-- Chains up to `max_rows` unsealed rows per tenant, oldest id first, and returns how many it
-- chained. A tenant another sealer is working on is skipped (SKIP LOCKED), so sealers never
-- wait for each other; the rows are then that sealer's or the next one's. Runs as the owner
-- (SECURITY DEFINER) across tenants: it reads no personal data, only ids and times.
create function mdme_audit_seal(max_rows integer default 5000) returns integer
    language plpgsql
    security definer
    set search_path = public, pg_temp
    as $$
    declare
        tenant uuid;
        previous text;
        position bigint;
        last_row bigint;
        pending record;
        digest text;
        sealed integer := 0;
    begin
        for tenant in select distinct u.tenant_id from audit_log u where u.hash is null loop
            insert into audit_heads (tenant_id, last_hash) values (tenant, 'genesis') on conflict do nothing;
            select h.last_hash, h.last_position, h.last_id into previous, position, last_row
            from audit_heads h where h.tenant_id = tenant for update skip locked;
            if not found then
                continue;
            end if;
            for pending in
                select * from audit_log u where u.tenant_id = tenant and u.hash is null order by u.id limit max_rows
            loop
                position := position + 1;
                digest := mdme_audit_digest(previous, pending.id, pending.tenant_id, pending.at, pending.actor_id,
                                            pending.actor_role, pending.action, pending.client_ref, pending.request_id,
                                            pending.outcome);
                update audit_log set prev_hash = previous, hash = digest, chain_position = position where id = pending.id;
                previous := digest;
                last_row := pending.id;
                sealed := sealed + 1;
            end loop;
            update audit_heads set last_hash = previous, last_position = position, last_id = last_row where tenant_id = tenant;
        end loop;
        return sealed;
    end
    $$;
revoke execute on function mdme_audit_seal(integer) from public;
grant execute on function mdme_audit_seal(integer) to mdme_app;
