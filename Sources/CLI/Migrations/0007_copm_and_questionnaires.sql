-- COPM assessments and questionnaire assignments (DOMAIN.md). Both belong to a client and go
-- with them (`on delete cascade`); their health data is sealed under the client's data key.

-- The problems (descriptions and ratings) are one sealed JSON list, `[COPMProblem]`. The scores
-- are not stored: every reader computes them from the problems with `COPMScorer`.
create table copm_assessments (
    id           uuid primary key,
    tenant_id    uuid not null references tenants (id),
    client_id    uuid not null references clients (id) on delete cascade,
    assessed_on  date not null,
    problems_enc bytea not null,
    created_by   uuid references accounts (id) on delete set null,
    created_at   timestamptz not null default now()
);
create index copm_assessments_client on copm_assessments (client_id, assessed_on, created_at);

-- An instrument assigned to a client, answered once, then scored. `answers_enc` is the sealed
-- JSON list of answers; `scores_enc` the sealed JSON of `QuestionnaireScores` (MDMEJSON,
-- snake_case), both under the client's data key with associated data
-- `questionnaire_assignments.<column>:<id>`.
create table questionnaire_assignments (
    id           uuid primary key,
    tenant_id    uuid not null references tenants (id),
    client_id    uuid not null references clients (id) on delete cascade,
    instrument   text not null check (instrument in ('mfi20', 'mfs')),
    status       text not null default 'pending' check (status in ('pending', 'submitted', 'scored')),
    answers_enc  bytea,
    scores_enc   bytea,
    assigned_by  uuid references accounts (id) on delete set null,
    assigned_at  timestamptz not null default now(),
    submitted_at timestamptz,
    scored_at    timestamptz,
    check (status = 'pending' or (answers_enc is not null and submitted_at is not null)),
    check (status <> 'scored' or (scores_enc is not null and scored_at is not null))
);
create index questionnaire_assignments_client on questionnaire_assignments (client_id, assigned_at);
-- One pending assignment per instrument and client: a second one would only confuse the client.
create unique index questionnaire_assignments_one_pending on questionnaire_assignments (client_id, instrument)
    where status = 'pending';

alter table copm_assessments enable row level security;
create policy tenant_isolation on copm_assessments
    using (tenant_id = mdme_current_tenant()) with check (tenant_id = mdme_current_tenant());
grant select, insert, update, delete on copm_assessments to mdme_app;

alter table questionnaire_assignments enable row level security;
create policy tenant_isolation on questionnaire_assignments
    using (tenant_id = mdme_current_tenant()) with check (tenant_id = mdme_current_tenant());
grant select, insert, update, delete on questionnaire_assignments to mdme_app;
