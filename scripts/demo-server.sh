# `erp serve` over a demo company in a throwaway ERP_HOME on a free loopback port, for the scripts
# that drive a real server (fuzz-api.sh, test.sh, bench-pages.sh). Sourced, not run, after
# `set -euo pipefail; cd "$(dirname "$0")/.."`:
#
#   demo_server SIZE [BUILD ARGS…]   builds erp (debug unless BUILD ARGS say otherwise) → ERP, or
#                                    takes the binary ERP names when it is set;
#                                    makes TMP and ERP_HOME, the EXIT trap that stops the server and
#                                    the cluster and deletes TMP; `erp demo --size SIZE` (its output in
#                                    $TMP/demo.log); `erp serve` on PORT (a free one unless set),
#                                    waited for → SERVER_PID, BASE (http://127.0.0.1:PORT)
#
# DEMO_HOME=DIR keeps the demo instead: ERP_HOME is DIR, loaded once (DEMO_FRESH=1 then, else 0)
# and reused by the next run — the large demo takes several minutes to load. Keep DIR out of
# git (`.erp/` is ignored); delete it to load afresh.

demo_server() {
    local size=$1
    shift
    PORT=${PORT:-$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    if [ -n "${ERP:-}" ]; then
        ERP=$(realpath "$ERP")  # a binary built already (e.g. .build-bench/release/erp)
    else
        swift build --product erp "$@" >/dev/null
        ERP=$(swift build --show-bin-path "$@")/erp
    fi
    TMP=$(mktemp -d)
    chmod 755 "$TMP"  # as root the embedded cluster runs as postgres, which must reach ERP_HOME
    export ERP_HOME="${DEMO_HOME:-$TMP/home}"
    unset ERP_DATABASE_URL
    SERVER_PID=""
    trap demo_server_cleanup EXIT INT TERM
    DEMO_FRESH=0
    if [ -z "${DEMO_HOME:-}" ] || [ ! -e "$DEMO_HOME/demo-$size.loaded" ]; then
        mkdir -p "$ERP_HOME"
        chmod 755 "$ERP_HOME"
        "$ERP" demo --size "$size" >"$TMP/demo.log" 2>&1
        touch "$ERP_HOME/demo-$size.loaded"
        DEMO_FRESH=1
    fi
    # The fuzzer and the benchmarks send far more than a person on one token: no rate limit
    # unless the caller sets ERP_RATE_LIMIT.
    ERP_RATE_LIMIT="${ERP_RATE_LIMIT:-off}" "$ERP" serve --listen "127.0.0.1:$PORT" >"$TMP/serve.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
    BASE="http://127.0.0.1:$PORT"
}

demo_server_cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    "$ERP" db stop >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
