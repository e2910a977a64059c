-- Tenants, accounts, sessions, invitations, clients and their activity registrations.
--
-- Personal data and free text are stored only as XChaCha20-Poly1305 ciphertext (`*_enc`)
-- under the owning account's data key (`account_keys`), which is itself wrapped by a master
-- key. Deleting an account's key row makes every copy of its data unreadable.

create table tenants (
    id           uuid primary key,
    name         text not null,
    time_zone    text not null default 'Europe/Copenhagen',
    mail_mode    text not null check (mail_mode in ('provider', 'smtp', 'none')),
    mfa_required boolean not null default false,
    created_at   timestamptz not null default now()
);

-- Everyone who can log in: therapists, tenant admins and clients.
create table accounts (
    id            uuid primary key,
    tenant_id     uuid not null references tenants (id),
    role          text not null check (role in ('client', 'therapist', 'tenant_admin')),
    name_enc      bytea not null,
    email_enc     bytea not null,
    -- Keyed blind index of the normalised address: login finds accounts by it.
    email_lookup  text not null unique,
    password_hash text,
    failed_logins integer not null default 0,
    locked_at     timestamptz,
    created_at    timestamptz not null default now()
);
create index accounts_tenant on accounts (tenant_id, role);

-- One data key per account, wrapped by the master key `key_id`.
create table account_keys (
    account_id  uuid primary key references accounts (id) on delete cascade,
    tenant_id   uuid not null references tenants (id),
    key_id      text not null,
    wrapped_key bytea not null,
    created_at  timestamptz not null default now()
);

create table sessions (
    id           uuid primary key,
    account_id   uuid not null references accounts (id) on delete cascade,
    tenant_id    uuid not null references tenants (id),
    created_at   timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at   timestamptz not null,
    revoked_at   timestamptz
);
create index sessions_account on sessions (account_id);

-- Single-use invitation tokens, stored by SHA-256 only.
create table invitations (
    id         uuid primary key,
    tenant_id  uuid not null references tenants (id),
    account_id uuid not null references accounts (id) on delete cascade,
    token_hash text not null unique,
    expires_at timestamptz not null,
    used_at    timestamptz,
    created_at timestamptz not null default now()
);
create index invitations_account on invitations (account_id);

create table clients (
    id                       uuid primary key references accounts (id) on delete cascade,
    tenant_id                uuid not null references tenants (id),
    responsible_therapist_id uuid not null references accounts (id),
    gender                   text not null check (gender in ('female', 'male', 'other', 'unspecified')),
    birth_date_enc           bytea not null,
    phone_enc                bytea,
    created_at               timestamptz not null default now(),
    -- Receipt time of the newest registration; retention counts from here (or created_at).
    last_activity_at         timestamptz
);
create index clients_tenant on clients (tenant_id, responsible_therapist_id);

create table registrations (
    id               uuid primary key,
    tenant_id        uuid not null references tenants (id),
    client_id        uuid not null references clients (id) on delete cascade,
    activity_enc     bytea not null,
    started_at       timestamptz not null,
    duration_minutes integer not null check (duration_minutes between 1 and 1440),
    level            integer not null check (level >= 0),
    statements_enc   bytea not null,
    symptoms_enc     bytea not null,
    note_enc         bytea,
    received_at      timestamptz not null default now()
);
create index registrations_client_started on registrations (client_id, started_at desc);
