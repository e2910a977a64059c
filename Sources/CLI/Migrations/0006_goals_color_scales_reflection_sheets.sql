-- Goals and agreements, the client's colour scale and reflection sheets (DOMAIN.md).
--
-- Free text is stored only sealed under the client's data key (`*_enc`); lists are sealed as
-- their JSON text. Every row belongs to a client and goes with them (on delete cascade).

create table goals (
    id          uuid primary key,
    tenant_id   uuid not null references tenants (id),
    client_id   uuid not null references clients (id) on delete cascade,
    kind        text not null check (kind in ('short_term', 'long_term')),
    text_enc    bytea not null,
    status      text not null default 'active' check (status in ('active', 'achieved', 'dropped')),
    target_date date,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create index goals_client on goals (client_id, created_at);

-- One scale per client; none means the standard scale. The whole scale is one sealed JSON text.
create table color_scales (
    client_id  uuid primary key references clients (id) on delete cascade,
    tenant_id  uuid not null references tenants (id),
    scale_enc  bytea not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table reflection_sheets (
    id         uuid primary key,
    tenant_id  uuid not null references tenants (id),
    client_id  uuid not null references clients (id) on delete cascade,
    title_enc  bytea not null,
    items_enc  bytea not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index reflection_sheets_client on reflection_sheets (client_id, created_at);

alter table goals enable row level security;
create policy tenant_isolation on goals
    using (tenant_id = mdme_current_tenant()) with check (tenant_id = mdme_current_tenant());
alter table color_scales enable row level security;
create policy tenant_isolation on color_scales
    using (tenant_id = mdme_current_tenant()) with check (tenant_id = mdme_current_tenant());
alter table reflection_sheets enable row level security;
create policy tenant_isolation on reflection_sheets
    using (tenant_id = mdme_current_tenant()) with check (tenant_id = mdme_current_tenant());

grant select, insert, update, delete on goals to mdme_app;
grant select, insert, update, delete on color_scales to mdme_app;
grant select, insert, update, delete on reflection_sheets to mdme_app;
