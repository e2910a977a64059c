# Shared helpers for scripts/run and scripts/test: install Debian packages, start and stop
# PostgreSQL and RabbitMQ on loopback with data under a folder of the repo.
# Sourced, not executed. Callers set MDME_STATE (data folder), MDME_PG_PORT, MDME_AMQP_PORT.

MDME_DEBIAN_PACKAGES="postgresql rabbitmq-server librabbitmq-dev libpq-dev libmicrohttpd-dev \
libsodium-dev pkg-config ca-certificates curl libcurl4-openssl-dev \
libldap2-dev slapd ldap-utils"
# TLS: certificates for development and tests, and gnutls-cli for the tests' protocol checks.
MDME_DEBIAN_PACKAGES+=" openssl gnutls-bin"
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

# Makes a small CA (ca.crt, ca.key) and a server certificate it signs (server.crt, server.key)
# in directory $1, unless they exist. The server's names come from MDME_TLS_SAN.
mdme_make_tls_certificates() {
    local dir="$1" san="${MDME_TLS_SAN:-DNS:localhost,IP:127.0.0.1}"
    [ -s "$dir/server.crt" ] && return 0
    mkdir -p "$dir"
    (
        umask 077
        cd "$dir"
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
            -subj "/CN=MDME development CA" -keyout ca.key -out ca.crt 2>/dev/null
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
            -subj "/CN=localhost" -keyout server.key -out server.csr 2>/dev/null
        printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n' \
            "$san" >server.ext
        openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 \
            -extfile server.ext -out server.crt 2>/dev/null
        rm -f server.csr server.ext ca.srl
        chmod 644 ca.crt server.crt
    )
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
    local tls=""
    if [ -n "${MDME_PG_TLS_DIR:-}" ]; then
        # TLS only: TCP clients must use TLS 1.2+; the key must belong to postgres.
        install -o postgres -g postgres -m 600 "$MDME_PG_TLS_DIR/server.key" "$dir/server.key"
        install -o postgres -g postgres -m 644 "$MDME_PG_TLS_DIR/server.crt" "$dir/server.crt"
        sed -i 's/^host /hostssl /' "$dir/pg_hba.conf"
        tls="-c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key -c ssl_min_protocol_version=TLSv1.2"
    fi
    if ! runuser -u postgres -- "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        runuser -u postgres -- "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 \
            -o "-p $MDME_PG_PORT -k $sock -c listen_addresses=127.0.0.1 -c max_connections=${MDME_PG_MAX_CONNECTIONS:-300} -c fsync=${MDME_PG_FSYNC:-on} $tls" \
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
    # The broker shares this machine with PostgreSQL and every worker, so it gets half the
    # cores' worth of Erlang schedulers (one on two cores), not bound to a core: an Erlang
    # scheduler per core spends CPU moving work between schedulers that the other processes
    # need (scripts/bench: RabbitMQ 0.24 → 0.18 ms CPU per registration on two cores). A
    # dedicated broker host keeps RabbitMQ's defaults.
    local schedulers="${MDME_RABBIT_SCHEDULERS:-$(($(nproc) / 2))}"
    [ "$schedulers" -ge 1 ] || schedulers=1
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="+S $schedulers:$schedulers"
    export RABBITMQ_SCHEDULER_BIND_TYPE=u
}

# Starts RabbitMQ as root (Debian's wrapper would switch to the rabbitmq user) in the background.
mdme_start_rabbitmq() {
    mdme_rabbit_env
    mkdir -p "$MDME_STATE/rabbitmq/log"
    local listener="listeners.tcp.default = 127.0.0.1:$MDME_AMQP_PORT"
    if [ -n "${MDME_AMQP_TLS_DIR:-}" ]; then
        # A TLS-only listener (TLS 1.2+); clients are not asked for certificates.
        listener="listeners.tcp = none
listeners.ssl.default = 127.0.0.1:$MDME_AMQP_PORT
ssl_options.cacertfile = $MDME_AMQP_TLS_DIR/ca.crt
ssl_options.certfile = $MDME_AMQP_TLS_DIR/server.crt
ssl_options.keyfile = $MDME_AMQP_TLS_DIR/server.key
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
ssl_options.versions.1 = tlsv1.3
ssl_options.versions.2 = tlsv1.2"
    fi
    cat >"$RABBITMQ_CONFIG_FILE" <<CONF
$listener
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

# A three-node RabbitMQ cluster on loopback: nodes <node>-1..3 (from MDME_RABBIT_NODE), AMQP
# ports MDME_AMQP_PORT..+2, data in $MDME_STATE/cluster-1..3. Quorum queues declared once it
# stands are replicated on all three nodes. Nodes stop 3, 2, 1 and start 1, 2, 3: a restarted
# cluster node waits for the node that stopped last, so that one must come first.
mdme_cluster_node() {
    local index="$1"
    echo "${MDME_RABBIT_NODE%@*}-$index@localhost"
}

mdme_start_rabbitmq_cluster() {
    local index first node
    first="$(mdme_cluster_node 1)"
    for index in 1 2 3; do
        (MDME_STATE="$MDME_STATE/cluster-$index" MDME_AMQP_PORT=$((MDME_AMQP_PORT + index - 1)) \
            MDME_RABBIT_NODE="$(mdme_cluster_node "$index")" mdme_start_rabbitmq) || return 1
    done
    local ctl=(/usr/lib/rabbitmq/bin/rabbitmqctl -q)
    for index in 2 3; do
        node="$(mdme_cluster_node "$index")"
        if ! "${ctl[@]}" -n "$first" cluster_status --formatter json | grep -q "\"$node\""; then
            {
                "${ctl[@]}" -n "$node" stop_app && "${ctl[@]}" -n "$node" reset &&
                    "${ctl[@]}" -n "$node" join_cluster "$first" && "${ctl[@]}" -n "$node" start_app
            } >>"$MDME_STATE/cluster-$index/join.log" 2>&1 || { mdme_log "joining $node failed; see $MDME_STATE/cluster-$index/join.log"; return 1; }
        fi
    done
    mdme_log "RabbitMQ cluster: $first and two more on 127.0.0.1:$MDME_AMQP_PORT-$((MDME_AMQP_PORT + 2))"
}

mdme_stop_rabbitmq_cluster() {
    local index
    for index in 3 2 1; do
        (MDME_STATE="$MDME_STATE/cluster-$index" MDME_AMQP_PORT=$((MDME_AMQP_PORT + index - 1)) \
            MDME_RABBIT_NODE="$(mdme_cluster_node "$index")" mdme_stop_rabbitmq)
    done
}

# The AMQP URLs of the cluster's nodes, comma-separated (amqp.url).
mdme_cluster_urls() {
    local index urls=()
    for index in 1 2 3; do
        urls+=("amqp://$MDME_AMQP_USER:$MDME_AMQP_PASSWORD@127.0.0.1:$((MDME_AMQP_PORT + index - 1))/")
    done
    (IFS=,; echo "${urls[*]}")
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
