-- PDF reports (API.md, `POST /clients/{id}/reports`). The storage worker queues a report,
-- mdme-reports renders it and stores the PDF sealed under the client's data key (`pdf_enc`,
-- associated data `reports.pdf:<id>`). Reports belong to the client and go with them.

create table reports (
    id               uuid primary key,
    tenant_id        uuid not null references tenants (id),
    client_id        uuid not null references clients (id) on delete cascade,
    kind             text not null check (kind in ('mfi20', 'mfs', 'registrations', 'copm', 'color_scale', 'export')),
    -- The questionnaire a questionnaire report is about; nil means the latest scored one.
    questionnaire_id uuid references questionnaire_assignments (id) on delete cascade,
    period_from      date,
    period_to        date,
    -- Made by mdme-reports when a questionnaire was scored, rather than asked for.
    automatic        boolean not null default false,
    status           text not null default 'queued' check (status in ('queued', 'ready', 'failed')),
    requested_by     uuid references accounts (id) on delete set null,
    created_at       timestamptz not null default now(),
    finished_at      timestamptz,
    pdf_enc          bytea,
    check (status <> 'ready' or (pdf_enc is not null and finished_at is not null)),
    check (period_from is null or period_to is null or period_from <= period_to)
);
create index reports_client on reports (client_id, created_at);
-- A scored questionnaire gets one automatic report, however often the event is delivered.
create unique index reports_one_automatic on reports (questionnaire_id) where automatic;

alter table reports enable row level security;
create policy tenant_isolation on reports
    using (tenant_id = mdme_current_tenant()) with check (tenant_id = mdme_current_tenant());
grant select, insert, update, delete on reports to mdme_app;
