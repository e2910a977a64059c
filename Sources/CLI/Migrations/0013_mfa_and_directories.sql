-- Multi-factor login (TOTP and recovery codes), per-tenant LDAP directories, restricted
-- sessions, and tighter rights for the workers' role.

-- One TOTP secret per account, sealed under the account's data key. Pending until activated
-- with a first code. `last_used_step` makes every code single-use: a login may only use a
-- step above it, and moves it atomically.
create table account_mfa (
    account_id     uuid primary key references accounts (id) on delete cascade,
    tenant_id      uuid not null references tenants (id),
    secret_enc     bytea not null,
    activated_at   timestamptz,
    last_used_step bigint,
    created_at     timestamptz not null default now()
);

-- One-time recovery codes, kept only as a keyed hash (HMAC-SHA-256 under a server key).
create table mfa_recovery_codes (
    id         uuid primary key,
    account_id uuid not null references accounts (id) on delete cascade,
    tenant_id  uuid not null references tenants (id),
    code_hash  text not null,
    used_at    timestamptz
);
create index mfa_recovery_codes_account on mfa_recovery_codes (account_id);

-- A tenant's LDAP / Active Directory, set by the operator (`mdme directory set`). Logins with
-- an address in `email_domain` are checked by a simple bind over TLS (LDAPS or StartTLS —
-- there is no plain mode); membership of a group DN gives the role. A service account's
-- password, when the search mode needs one, lives in a file on the worker's host, not here.
create table tenant_directories (
    tenant_id          uuid primary key references tenants (id),
    email_domain       text not null unique check (email_domain = lower(email_domain)),
    url                text not null check (url like 'ldap://%' or url like 'ldaps://%'),
    ca_file            text,
    bind_dn_template   text,
    search_base        text,
    search_filter      text,
    service_bind_dn    text,
    service_password_file text,
    therapist_group_dn text not null,
    admin_group_dn     text not null,
    updated_at         timestamptz not null default now(),
    check ((bind_dn_template is not null) <> (search_base is not null and search_filter is not null))
);

-- Accounts the directory owns: no password of ours, role from the groups at every login.
alter table accounts add column directory_managed boolean not null default false;

-- A session from a login that still has to set up MFA (the tenant requires it) may only
-- enroll, activate, read the profile and log out.
alter table sessions add column scope text not null default 'full' check (scope in ('full', 'mfa_enrollment'));

do $$
declare
    tenant_table text;
begin
    foreach tenant_table in array array['account_mfa', 'mfa_recovery_codes', 'tenant_directories'] loop
        execute format('alter table %I enable row level security', tenant_table);
        execute format(
            'create policy tenant_isolation on %I using (tenant_id = mdme_current_tenant()) with check (tenant_id = mdme_current_tenant())',
            tenant_table
        );
    end loop;
end $$;

-- Before the tenant is known, login may learn which tenant's directory serves a domain.
create function mdme_tenant_of_directory_domain(domain text) returns uuid
    language sql stable security definer set search_path = public
    as $$ select tenant_id from tenant_directories where email_domain = lower(domain) $$;

grant select, insert, update, delete on account_mfa, mfa_recovery_codes to mdme_app;
-- Workers read directory settings; only the operator (owner role) writes them.
grant select on tenant_directories to mdme_app;
grant execute on function mdme_tenant_of_directory_domain(text) to mdme_app;

-- Least privilege: tenants are created by the operator's CLI (owner role) and never deleted
-- by a worker; workers only read and update their settings.
revoke insert, delete on tenants from mdme_app;
