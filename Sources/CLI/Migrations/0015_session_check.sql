-- The session check every signed-in command makes, as one statement whose answer nobody needs
-- to read: it raises when the session may not act, so a worker queues it with the command's
-- own first statements instead of waiting a round trip for it. A refusal raised here carries
-- SQLSTATE MD401 (not signed in) or MD403 (forbidden, the message saying why); the workers
-- turn these into the API's errors wherever they surface.
--
-- The role is the one the token was signed with: a session whose account has since changed
-- role (a directory login moved it to another group) is refused, and the next login signs a
-- token with the new role. The tenant is the transaction's (`app.tenant_id`, from the token):
-- row-level security hides a session or account of any other tenant.
create function mdme_check_session(
    session uuid, account uuid, claimed_role text, idle_seconds integer, enrollment_allowed boolean
) returns void
    language plpgsql
    as $$
    declare
        session_scope text;
        stale boolean;
    begin
        select s.scope, s.last_seen_at < now() - interval '1 minute' into session_scope, stale
        from sessions s join accounts a on a.id = s.account_id
        where s.id = session and s.account_id = account and a.role = claimed_role
          and s.revoked_at is null and s.expires_at > now()
          and s.last_seen_at > now() - make_interval(secs => idle_seconds) and a.locked_at is null;
        if not found then
            raise exception 'session not valid' using errcode = 'MD401';
        end if;
        if session_scope <> 'full' and not enrollment_allowed then
            raise exception 'Set up multi-factor login first: POST /api/v1/auth/mfa/enroll, then /activate.'
                using errcode = 'MD403';
        end if;
        -- Touched at most once a minute, so reads do not turn into a write each.
        if stale then
            update sessions set last_seen_at = now() where id = session;
        end if;
    end
    $$;
revoke execute on function mdme_check_session(uuid, uuid, text, integer, boolean) from public;
grant execute on function mdme_check_session(uuid, uuid, text, integer, boolean) to mdme_app;
