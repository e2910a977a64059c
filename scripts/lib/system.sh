# Shared by scripts/run and the end-to-end tests' notes: keys and the demo tenant.
# Sourced after servers.sh.

# Writes random 32-byte keys (base64) that are missing. Keys never live in the repository.
mdme_ensure_keys() {
    local dir="$1"
    mkdir -p "$dir" && chmod 700 "$dir"
    for name in session blind-index master inbox; do
        if [ ! -s "$dir/$name.key" ]; then
            head -c 32 /dev/urandom | base64 >"$dir/$name.key"
            chmod 600 "$dir/$name.key"
        fi
    done
}

mdme_build() {
    mdme_log "building (swift build${MDME_BUILD_FLAGS:+ ${MDME_BUILD_FLAGS:-}})"
    # shellcheck disable=SC2086
    swift build ${MDME_BUILD_FLAGS:-} 2>&1 | grep -E "error|warning: |Compiling|Build complete" | grep -v "^\[" || true
    # shellcheck disable=SC2086
    MDME_BIN="$(swift build ${MDME_BUILD_FLAGS:-} --show-bin-path)"
    [ -x "$MDME_BIN/mdme-gateway" ] || { mdme_log "build failed"; return 1; }
    export MDME_BIN
}
