-- Retention (DOMAIN.md): warnings recorded exactly once, and an index that finds the clients
-- with something due without reading the others.

-- The start of a client's inactivity period, the only input besides the tenant's time zone.
-- The sweep reads a range of it (everything inactive since before a bound), so a sweep with
-- nothing due reads only the clients near their next step.
create index clients_inactive_since on clients ((coalesce(last_activity_at, created_at)));

-- One row per warning sent. The key makes "each warning once per inactivity period" a fact
-- the database enforces, however many sweeps race: the insert that wins sends the notice in
-- the same transaction. A registration starts a new period (a new `inactive_since`).
-- Deleted with the client.
create table retention_warnings (
    client_id      uuid not null references clients (id) on delete cascade,
    tenant_id      uuid not null references tenants (id),
    inactive_since timestamptz not null,
    kind           text not null check (kind in ('first_warning', 'second_warning')),
    due_at         timestamptz not null,
    sent_at        timestamptz not null default now(),
    primary key (client_id, inactive_since, kind)
);

alter table retention_warnings enable row level security;
create policy tenant_isolation on retention_warnings
    using (tenant_id = mdme_current_tenant()) with check (tenant_id = mdme_current_tenant());
grant select, insert, update, delete on retention_warnings to mdme_app;

-- Deleting a client forgets their kept replies and tracked commands by actor: without these
-- each deletion would read the whole inbox (a week of messages) and every tracked command.
create index inbox_actor on inbox (actor_id) where actor_id is not null;
create index tracked_commands_actor on tracked_commands (actor_id);
