# Shared helpers for scripts/run and scripts/test: install Debian packages, start and stop
# PostgreSQL and RabbitMQ on loopback with data under a folder of the repo.
# Sourced, not executed. Callers set MDME_STATE (data folder), MDME_PG_PORT, MDME_AMQP_PORT.

MDME_DEBIAN_PACKAGES="postgresql rabbitmq-server librabbitmq-dev libpq-dev libmicrohttpd-dev \
libsodium-dev pkg-config ca-certificates curl"
# PDF reports: cairo and pango, the DejaVu font, and poppler-utils, with which the tests read the PDFs.
MDME_DEBIAN_PACKAGES="$MDME_DEBIAN_PACKAGES libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils"

mdme_log() { printf '%s %s\n' "[$(date +%H:%M:%S)]" "$*" >&2; }

mdme_install_packages() {
    local missing=()
    for pkg in $MDME_DEBIAN_PACKAGES; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if ((${#missing[@]})); then
        mdme_log "installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    # Debian's packages try to start their servers; there is no init system here and we run
    # our own instances on our own ports, so the packaged ones are not needed.
}

mdme_pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

# Starts PostgreSQL as the postgres user (it refuses root) with data in $MDME_STATE/postgres.
mdme_start_postgres() {
    local bin dir="$MDME_STATE/postgres" sock="$MDME_STATE/postgres-socket"
    bin="$(mdme_pg_bin)"
    mkdir -p "$MDME_STATE" "$sock"
    chown postgres:postgres "$sock"
    chmod 755 "$MDME_STATE"
    if [ ! -f "$dir/PG_VERSION" ]; then
        mkdir -p "$dir" && chown postgres:postgres "$dir"
        local pwfile; pwfile="$(mktemp)"; echo "$MDME_PG_SUPERUSER_PASSWORD" >"$pwfile"; chown postgres "$pwfile"
        runuser -u postgres -- "$bin/initdb" -D "$dir" -U postgres --pwfile="$pwfile" \
            --auth-host=scram-sha-256 --auth-local=peer -E UTF8 --locale=C.UTF-8 >/dev/null
        rm -f "$pwfile"
    fi
    if ! runuser -u postgres -- "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        runuser -u postgres -- "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 \
            -o "-p $MDME_PG_PORT -k $sock -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${MDME_PG_FSYNC:-on}" \
            start >/dev/null
    fi
    mdme_log "PostgreSQL on 127.0.0.1:$MDME_PG_PORT"
}

mdme_stop_postgres() {
    local bin; bin="$(mdme_pg_bin)"
    [ -f "$MDME_STATE/postgres/PG_VERSION" ] &&
        runuser -u postgres -- "$bin/pg_ctl" -D "$MDME_STATE/postgres" -m fast stop >/dev/null 2>&1 || true
}

# psql as the superuser over TCP.
mdme_psql() {
    PGPASSWORD="$MDME_PG_SUPERUSER_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$MDME_PG_PORT" -U postgres "$@"
}

# Creates the two roles and the database if missing: `mdme_owner` owns the schema and runs
# migrations; `mdme_app` is what the workers log in as (row-level security applies to it).
mdme_create_database() {
    local db="$1" role
    for role in mdme_owner mdme_app; do
        mdme_psql -d postgres -tA -c "select 1 from pg_roles where rolname = '$role'" | grep -q 1 ||
            mdme_psql -d postgres -c "create role $role login password '$role'"
    done
    mdme_psql -d postgres -tA -c "select 1 from pg_database where datname = '$db'" | grep -q 1 ||
        mdme_psql -d postgres -c "create database $db owner mdme_owner"
}

mdme_rabbit_env() {
    export RABBITMQ_NODENAME="$MDME_RABBIT_NODE"
    export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    export RABBITMQ_NODE_PORT="$MDME_AMQP_PORT"
    export RABBITMQ_DIST_PORT="${MDME_RABBIT_DIST_PORT:-$((MDME_AMQP_PORT + 100))}"
    export RABBITMQ_MNESIA_BASE="$MDME_STATE/rabbitmq/mnesia"
    export RABBITMQ_LOG_BASE="$MDME_STATE/rabbitmq/log"
    export RABBITMQ_CONFIG_FILE="$MDME_STATE/rabbitmq/rabbitmq.conf"
    export RABBITMQ_ENABLED_PLUGINS_FILE="$MDME_STATE/rabbitmq/enabled_plugins"
    export RABBITMQ_PID_FILE="$MDME_STATE/rabbitmq/rabbitmq.pid"
    export ERL_EPMD_ADDRESS=127.0.0.1
}

# Starts RabbitMQ as root (Debian's wrapper would switch to the rabbitmq user) in the background.
mdme_start_rabbitmq() {
    mdme_rabbit_env
    mkdir -p "$MDME_STATE/rabbitmq/log"
    cat >"$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.default = 127.0.0.1:$MDME_AMQP_PORT
default_user = $MDME_AMQP_USER
default_pass = $MDME_AMQP_PASSWORD
default_vhost = /
loopback_users = none
log.console = false
log.file.level = warning
CONF
    echo "[]." >"$RABBITMQ_ENABLED_PLUGINS_FILE"
    if ! /usr/lib/rabbitmq/bin/rabbitmq-diagnostics -q -n "$MDME_RABBIT_NODE" ping >/dev/null 2>&1; then
        setsid /usr/lib/rabbitmq/bin/rabbitmq-server >"$MDME_STATE/rabbitmq/server.out" 2>&1 </dev/null &
        local i
        for i in $(seq 1 120); do
            /usr/lib/rabbitmq/bin/rabbitmq-diagnostics -q -n "$MDME_RABBIT_NODE" ping >/dev/null 2>&1 && break
            sleep 0.2
        done
        /usr/lib/rabbitmq/bin/rabbitmq-diagnostics -q -n "$MDME_RABBIT_NODE" ping >/dev/null 2>&1 ||
            { mdme_log "RabbitMQ did not start; see $MDME_STATE/rabbitmq"; return 1; }
    fi
    # The node answers pings before the broker application has opened its listener.
    /usr/lib/rabbitmq/bin/rabbitmqctl -q -n "$MDME_RABBIT_NODE" await_startup --timeout 60 >/dev/null
    mdme_log "RabbitMQ on 127.0.0.1:$MDME_AMQP_PORT (node $MDME_RABBIT_NODE)"
}

mdme_stop_rabbitmq() {
    mdme_rabbit_env
    # Only a node that answers is stopped: a stale pid file could name a reused pid, and
    # `stop` would wait for that process forever.
    if /usr/lib/rabbitmq/bin/rabbitmq-diagnostics -q -n "$MDME_RABBIT_NODE" ping >/dev/null 2>&1; then
        # With the pid file, `stop` waits until the Erlang VM has exited.
        timeout 120 /usr/lib/rabbitmq/bin/rabbitmqctl -q -n "$MDME_RABBIT_NODE" stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || true
    fi
    rm -f "$RABBITMQ_PID_FILE"
}
