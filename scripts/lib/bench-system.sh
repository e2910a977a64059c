# The end-to-end part of scripts/bench: the whole system from release builds (gateway, storage
# and scoring workers) with a database and virtual host of its own, driven by mdme-load; then
# the raw baselines of this machine (pgbench inserting the same row, a bare AMQP round trip)
# and the processes' peak memory. Sourced by scripts/bench after the servers are up.

mdme_bench_system() {
    local bin="$1" seconds="${MDME_BENCH_SECONDS:-10}" dir="$MDME_STATE/bench" port=18080
    local db=mdme_bench vhost=mdme-bench out
    out="$dir/results.jsonl"
    rm -rf "$dir" && mkdir -p "$dir/logs"
    mdme_ensure_keys "$dir/keys"
    mdme_psql -d postgres -c "drop database if exists $db with (force)" >/dev/null
    mdme_create_database "$db"
    local ctl=(/usr/lib/rabbitmq/bin/rabbitmqctl -q -n "$MDME_RABBIT_NODE")
    "${ctl[@]}" delete_vhost "$vhost" >/dev/null 2>&1 || true
    "${ctl[@]}" add_vhost "$vhost" >/dev/null
    "${ctl[@]}" set_permissions -p "$vhost" "$MDME_AMQP_USER" ".*" ".*" ".*" >/dev/null

    local pg="host=127.0.0.1 port=$MDME_PG_PORT dbname=$db"
    export MDME_POSTGRES_URL="$pg user=mdme_app password=mdme_app" MDME_POSTGRES_OWNER_URL="$pg user=mdme_owner password=mdme_owner"
    export MDME_AMQP_URL="amqp://$MDME_AMQP_USER:$MDME_AMQP_PASSWORD@127.0.0.1:$MDME_AMQP_PORT/$vhost"
    export MDME_GATEWAY_PORT=$port MDME_GATEWAY_PUBLIC_URL="http://127.0.0.1:$port" MDME_LOG_LEVEL=warning
    export MDME_SECURITY_SESSION_KEY_FILE="$dir/keys/session.key" MDME_SECURITY_BLIND_INDEX_KEY_FILE="$dir/keys/blind-index.key"
    export MDME_SECURITY_MASTER_KEY_FILE="$dir/keys/master.key" MDME_SECURITY_INBOX_KEY_FILE="$dir/keys/inbox.key"
    # Logins are not what is measured; argon2id's interactive cost would only slow the set-up.
    export MDME_SECURITY_PASSWORD_COST=minimum
    "$bin/mdme" migrate >/dev/null

    local -A pids=() metrics_ports=([mdme-storage]=19201 [mdme-scoring]=19301 [mdme-gateway]=0)
    for executable in mdme-storage mdme-scoring mdme-gateway; do
        MDME_WORKER_METRICS_PORT=${metrics_ports[$executable]} "$bin/$executable" 2>>"$dir/logs/$executable.log" &
        pids[$executable]=$!
    done
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
    sleep 1
    local idle_rss=()
    for executable in "${!pids[@]}"; do
        idle_rss+=("{\"benchmark\":\"idle_rss\",\"process\":\"$executable\",\"kib\":$(awk '/VmRSS/ {print $2}' "/proc/${pids[$executable]}/status")}")
    done

    local created invitation email=admin@bench.example
    created="$("$bin/mdme" tenant create --name "Bench Kommune" --mail-mode none --admin-name "Bench Admin" --admin-email "$email")"
    invitation="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["invitation_token"])' <<<"$created")"
    mdme_log "load: POST /me/registrations and GET /clients/{id}/registrations, ${seconds} s per step"
    # CPU per request, per process: on a machine where all of them share two cores, this is
    # what bounds throughput. PostgreSQL is every process of the server (backends, WAL writer).
    local cpu rabbit_pid postgres_pids
    rabbit_pid="$("${ctl[@]}" eval 'list_to_integer(os:getpid()).' 2>/dev/null)"
    postgres_pids="$(pgrep -x postgres | paste -sd+)"
    cpu="gateway=${pids[mdme-gateway]},storage=${pids[mdme-storage]},rabbitmq=${rabbit_pid:-0},postgres=${postgres_pids:-0}"
    "$bin/mdme-load" http --port "$port" --invitation "$invitation" --email "$email" --seconds "$seconds" --cpu "$cpu" | tee "$out"
    for executable in "${!pids[@]}"; do
        echo "{\"benchmark\":\"peak_rss\",\"process\":\"$executable\",\"kib\":$(awk '/VmHWM/ {print $2}' "/proc/${pids[$executable]}/status")}" | tee -a "$out"
    done
    printf '%s\n' "${idle_rss[@]}" | tee -a "$out"
    # Where the time goes: the workers' own handler time, from their /metrics.
    for executable in mdme-storage mdme-scoring; do
        curl -fs "http://127.0.0.1:${metrics_ports[$executable]}/metrics" | awk -v p="$executable" '
            /^mdme_worker_handler_duration_seconds_sum/ {sum=$2} /^mdme_worker_handler_duration_seconds_count/ {n=$2}
            /^mdme_worker_batches_total/ {b=$2}
            END {if (n > 0) printf "{\"benchmark\":\"handler_time\",\"process\":\"%s\",\"messages\":%d,\"batches\":%d,\"mean_ms\":%.3f}\n", p, n, b, sum / n * 1000}' |
            tee -a "$out"
    done
    for executable in "${!pids[@]}"; do kill -TERM "${pids[$executable]}" 2>/dev/null || true; done
    wait "${pids[@]}" 2>/dev/null || true

    mdme_log "baseline: bare AMQP round trips (publish with confirm, consume, ack)"
    "$bin/mdme-load" amqp --url "$MDME_AMQP_URL" --seconds 5 --concurrency 1,16,64 | tee -a "$out"

    mdme_log "baseline: pgbench inserting the same row as a registration"
    mdme_psql -d "$db" -c "create table bench_registrations (like registrations including defaults)" >/dev/null
    cat >"$dir/insert.sql" <<'SQL'
insert into bench_registrations (id, tenant_id, client_id, activity_enc, started_at, duration_minutes, level,
    statements_enc, symptoms_enc, note_enc)
values (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_bytes(45), now(), 25, 1,
    gen_random_bytes(70), gen_random_bytes(42), gen_random_bytes(60));
SQL
    mdme_psql -d "$db" -c "create extension if not exists pgcrypto" >/dev/null
    local fsync clients tps
    fsync="$(mdme_psql -d "$db" -tA -c 'show fsync')"
    for clients in 1 16 64; do
        tps="$(PGPASSWORD="$MDME_PG_SUPERUSER_PASSWORD" pgbench -h 127.0.0.1 -p "$MDME_PG_PORT" -U postgres -n \
            -f "$dir/insert.sql" -c "$clients" -j 2 -T 5 "$db" 2>/dev/null | awk '/^tps/ {print int($3)}')"
        echo "{\"benchmark\":\"pgbench_insert\",\"concurrency\":$clients,\"per_second\":$tps,\"fsync\":\"$fsync\"}" | tee -a "$out"
    done
    "${ctl[@]}" delete_vhost "$vhost" >/dev/null 2>&1 || true
    mdme_psql -d postgres -c "drop database if exists $db with (force)" >/dev/null
    python3 scripts/lib/bench-table.py "$out"
}
