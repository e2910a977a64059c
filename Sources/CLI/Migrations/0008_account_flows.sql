-- Password resets, in-app notifications and handing a client to a colleague.

-- Single-use reset tokens, stored by SHA-256 only, like invitations. Deleted with the account.
create table password_resets (
    id           uuid primary key,
    tenant_id    uuid not null references tenants (id),
    account_id   uuid not null references accounts (id) on delete cascade,
    token_hash   text not null unique,
    -- The therapist or admin who asked for it; null when the account holder asked.
    requested_by uuid references accounts (id) on delete set null,
    expires_at   timestamptz not null,
    used_at      timestamptz,
    created_at   timestamptz not null default now()
);
create index password_resets_account on password_resets (account_id);

-- In-app notices for one account. The text is sealed with the recipient's data key; a notice
-- names a client only by `client_ref` (no foreign key: a "client deleted" notice outlives the
-- client), and deleting a client deletes the notices about them.
create table notifications (
    id           uuid primary key,
    tenant_id    uuid not null references tenants (id),
    recipient_id uuid not null references accounts (id) on delete cascade,
    kind         text not null,
    client_ref   uuid,
    text_enc     bytea not null,
    created_at   timestamptz not null default now(),
    read_at      timestamptz
);
create index notifications_recipient on notifications (recipient_id, created_at desc);
create index notifications_client on notifications (client_ref) where client_ref is not null;

-- Offers to hand a client to a colleague; responsibility moves only when the colleague accepts.
create table handovers (
    id                uuid primary key,
    tenant_id         uuid not null references tenants (id),
    client_id         uuid not null references clients (id) on delete cascade,
    from_therapist_id uuid not null references accounts (id) on delete cascade,
    to_therapist_id   uuid not null references accounts (id) on delete cascade,
    offered_by        uuid not null references accounts (id) on delete cascade,
    status            text not null check (status in ('pending', 'accepted', 'declined', 'withdrawn')),
    created_at        timestamptz not null default now(),
    decided_at        timestamptz
);
-- At most one open offer per client: a new offer withdraws the pending one.
create unique index handovers_one_pending on handovers (client_id) where status = 'pending';
create index handovers_to_pending on handovers (to_therapist_id) where status = 'pending';

do $$
declare
    tenant_table text;
begin
    foreach tenant_table in array array['password_resets', 'notifications', 'handovers'] loop
        execute format('alter table %I enable row level security', tenant_table);
        execute format(
            'create policy tenant_isolation on %I using (tenant_id = mdme_current_tenant()) with check (tenant_id = mdme_current_tenant())',
            tenant_table
        );
    end loop;
end $$;

-- Completing a reset comes without a caller: like an invitation token, a reset token may tell
-- its tenant and nothing else.
create function mdme_tenant_of_password_reset(token text) returns uuid
    language sql stable security definer set search_path = public
    as $$ select tenant_id from password_resets where token_hash = token $$;

grant select, insert, update, delete on password_resets, notifications, handovers to mdme_app;
grant execute on function mdme_tenant_of_password_reset(text) to mdme_app;
