-- The session check of 0015 becomes a statement the workers send, no longer a PL/pgSQL function:
-- calling the function cost PostgreSQL more than twice what its query did (pg_stat_statements
-- under scripts/bench's load: 38 µs a command, 16 µs of it the query; the statement takes 24).
-- Only a refusal calls a function, to raise the refusal's SQLSTATE (MD401, MD403) with its
-- message. `mdme_check_session` stays for workers of the previous release during a rolling
-- upgrade; a later migration drops it.

create function mdme_refuse(code text, message text) returns void
    language plpgsql volatile
    as $$
    begin
        raise exception using errcode = code, message = message;
    end
    $$;
revoke execute on function mdme_refuse(text, text) from public;
grant execute on function mdme_refuse(text, text) to mdme_app;
