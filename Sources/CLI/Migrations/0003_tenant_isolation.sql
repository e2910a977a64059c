-- Tenant isolation in the database, the second wall behind the tenant filter in every query.
--
-- The workers log in as `mdme_app`, which does not own the tables and so is subject to
-- row-level security: it sees only rows of the tenant named by `app.tenant_id`, which the
-- worker sets per transaction (`set_config('app.tenant_id', …, true)`). The owner role that
-- runs migrations and the operator's CLI is not subject to it.

create function mdme_current_tenant() returns uuid
    language sql stable
    as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

do $$
declare
    tenant_table text;
begin
    foreach tenant_table in array array['accounts', 'account_keys', 'sessions', 'invitations', 'clients', 'registrations'] loop
        execute format('alter table %I enable row level security', tenant_table);
        execute format(
            'create policy tenant_isolation on %I using (tenant_id = mdme_current_tenant()) with check (tenant_id = mdme_current_tenant())',
            tenant_table
        );
    end loop;
end $$;

alter table tenants enable row level security;
create policy tenant_isolation on tenants using (id = mdme_current_tenant()) with check (id = mdme_current_tenant());

-- Before a caller's tenant is known (login, accepting an invitation) the worker may learn
-- which tenant an email or a token belongs to — and nothing else. These run as the owner.
create function mdme_tenant_of_email(lookup text) returns uuid
    language sql stable security definer set search_path = public
    as $$ select tenant_id from accounts where email_lookup = lookup $$;

create function mdme_tenant_of_invitation(token text) returns uuid
    language sql stable security definer set search_path = public
    as $$ select tenant_id from invitations where token_hash = token $$;

grant usage on schema public to mdme_app;
grant select, insert, update, delete on tenants, accounts, account_keys, sessions, invitations, clients, registrations to mdme_app;
grant select, insert, update, delete on inbox, outbox, tracked_commands to mdme_app;
grant usage on all sequences in schema public to mdme_app;
grant execute on function mdme_current_tenant(), mdme_tenant_of_email(text), mdme_tenant_of_invitation(text) to mdme_app;
