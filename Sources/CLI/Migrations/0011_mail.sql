-- Email dispatch (mdme-mailer): the tenant's own SMTP relay, and a record of every mail.

-- The relay of a tenant in mail mode `smtp`. The password is sealed with the master key
-- (bound to the tenant's id), never returned by the API.
alter table tenants
    add column smtp_host            text,
    add column smtp_port            integer check (smtp_port between 1 and 65535),
    add column smtp_tls             text not null default 'starttls'
        check (smtp_tls in ('starttls', 'starttls_required', 'tls')),
    add column smtp_username        text,
    add column smtp_password_key_id text,
    add column smtp_password_enc    bytea;

-- One row per mail the mailer was asked to send: no address, no name, no text. `id` is the
-- opaque id the provider sees as metadata and the SMTP Message-ID. A mail to or about a
-- client goes with the client's account.
create table mail_messages (
    id                  uuid primary key,
    tenant_id           uuid not null references tenants (id),
    -- The outbox event that asked for it: one mail per event, however often it is delivered.
    source_event_id     uuid not null unique,
    kind                text not null,
    recipient_id        uuid not null references accounts (id) on delete cascade,
    client_id           uuid references accounts (id) on delete cascade,
    mode                text not null check (mode in ('provider', 'smtp', 'none')),
    -- sending: claimed, outcome unknown (a crash); retrying: the last attempt surely failed.
    status              text not null check (status in ('sending', 'retrying', 'sent', 'queued', 'rejected', 'invalid',
                                                        'failed', 'suppressed', 'delivered', 'deferred', 'bounced',
                                                        'soft_bounced', 'spam', 'unsubscribed')),
    provider_message_id text,
    reject_reason       text,
    attempts            integer not null default 0,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);
create index mail_messages_provider_id on mail_messages (provider_message_id) where provider_message_id is not null;
create index mail_messages_client on mail_messages (client_id) where client_id is not null;
create index mail_messages_recipient on mail_messages (recipient_id);

-- Provider webhook events already applied; the provider retries batches, so `_id` + `event`
-- + `ts` de-duplicates them.
create table mail_events (
    provider_message_id text not null,
    event               text not null,
    ts                  bigint not null,
    tenant_id           uuid not null references tenants (id),
    mail_id             uuid not null references mail_messages (id) on delete cascade,
    received_at         timestamptz not null default now(),
    primary key (provider_message_id, event, ts)
);
create index mail_events_mail on mail_events (mail_id);

alter table mail_messages enable row level security;
create policy tenant_isolation on mail_messages
    using (tenant_id = mdme_current_tenant()) with check (tenant_id = mdme_current_tenant());
alter table mail_events enable row level security;
create policy tenant_isolation on mail_events
    using (tenant_id = mdme_current_tenant()) with check (tenant_id = mdme_current_tenant());
grant select, insert, update, delete on mail_messages, mail_events to mdme_app;

-- A webhook event names a mail by our opaque id (metadata) or the provider's id; the mailer
-- learns the mail's tenant from it, and nothing else, before it enters that tenant.
create function mdme_tenant_of_mail(mail uuid, provider_id text) returns table (id uuid, tenant_id uuid)
    language sql stable security definer set search_path = public
    as $$ select m.id, m.tenant_id from mail_messages m
          where m.id = mail or (mail is null and m.provider_message_id = provider_id) limit 1 $$;
grant execute on function mdme_tenant_of_mail(uuid, text) to mdme_app;
