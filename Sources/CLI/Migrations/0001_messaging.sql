-- The messaging runtime's tables (DESIGN.md, "Delivery guarantees").

-- Dedupe: one row per handled message, written in the handler's transaction with its reply.
create table inbox (
    message_id      uuid primary key,
    message_type    text not null,
    actor_id        uuid,
    -- The client the reply is about, so deleting the client can drop the reply too.
    subject_id      uuid,
    idempotency_key text,
    fingerprint     text,
    status          text not null check (status in ('done', 'failed')),
    -- The reply JSON sealed with the workers' inbox key: replies can hold personal data.
    reply           bytea,
    received_at     timestamptz not null default now(),
    completed_at    timestamptz
);
create unique index inbox_idempotency_key on inbox (actor_id, idempotency_key) where idempotency_key is not null;
create index inbox_received_at on inbox (received_at);
create index inbox_subject on inbox (subject_id) where subject_id is not null;

-- Transactional outbox: events written with the effects, relayed after commit.
create table outbox (
    id           bigserial primary key,
    message_id   uuid not null,
    exchange     text not null,
    routing_key  text not null,
    message_type text not null,
    body         text not null,
    created_at   timestamptz not null default now()
);

-- Commands the gateway stopped waiting for, so GET /commands/{id} can answer "accepted".
create table tracked_commands (
    command_id   uuid primary key,
    actor_id     uuid not null,
    message_type text not null,
    accepted_at  timestamptz not null default now()
);
