-- The session check of 0015 becomes a statement the workers send, no longer a PL/pgSQL function:
-- calling the function and planning its query inside it cost PostgreSQL twice what the query
-- itself costs (pg_stat_statements under scripts/bench: 38 µs a command, against 19 µs for
-- the statement). Only a refusal calls a function, to raise the refusal's SQLSTATE (MD401,
-- MD403) with its message.
drop function mdme_check_session(uuid, uuid, text, integer, boolean);

create function mdme_refuse(code text, message text) returns void
    language plpgsql volatile
    as $$
    begin
        raise exception using errcode = code, message = message;
    end
    $$;
revoke execute on function mdme_refuse(text, text) from public;
grant execute on function mdme_refuse(text, text) to mdme_app;
