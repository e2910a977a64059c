-- What stays of a deleted client: the tenant, the pseudonymous id and the dates (DOMAIN.md,
-- "Retention"). Everything else is deleted with the client's account, and its data key with
-- it, so copies in backups cannot be read either.

create table client_tombstones (
    client_id        uuid primary key,
    tenant_id        uuid not null references tenants (id),
    created_at       timestamptz not null,
    last_activity_at timestamptz,
    deleted_at       timestamptz not null default now(),
    reason           text not null check (reason in ('therapist', 'retention'))
);

alter table client_tombstones enable row level security;
create policy tenant_isolation on client_tombstones
    using (tenant_id = mdme_current_tenant()) with check (tenant_id = mdme_current_tenant());
grant select, insert on client_tombstones to mdme_app;
