# Shared pieces of the benchmarks that run the real `erp serve` over a throwaway embedded
# database and print HTTP figures beside pgbench running the same statements (bench-stock.sh,
# bench-orders.sh). Sourced, not run: `source scripts/bench-lib.sh` after
# `set -euo pipefail; cd "$(dirname "$0")/.."`. On sourcing it finds pgbench and psql (the newest
# /usr/lib/postgresql/*/bin) and installs wrk when missing.
#
#   bench_build             release build of erp into .build-bench (SwiftPM waits while another
#                           build holds that scratch path) → ERP
#   bench_home              a throwaway ERP_HOME under TMP, the EXIT trap that stops the server and
#                           the cluster and deletes TMP; the start time and load average noted
#   step MESSAGE            a progress line on stderr, seconds since the start
#   bench_db_start          starts the embedded cluster → URL; then `sql TEXT` (one value a line,
#                           fields split by |) and `quiet COMMAND…` (output only when it fails)
#   bench_serve PORT        `erp serve` on 127.0.0.1:PORT (ERP_WORKERS=$WORKERS when WORKERS is
#                           set, ERP_PREPARED_STATEMENTS=$PREPARED when PREPARED is,
#                           ERP_TAIL_WRITES=$TAIL_WRITES when TAIL_WRITES is), waited for
#                           → SERVER_PID, SERVER_WORKERS
#   bench_stop_server       stops that server (to start it again with other settings)
#   bench_pgbench CLIENTS "-T SECONDS"|"-t TRANSACTIONS" TAG SCRIPT [PGBENCH ARGS…]
#                           pgbench -M $PGB_MODE (default extended: unnamed statements, parsed
#                           every time; `prepared` parses once a session) with a per-transaction
#                           log; prints "tx/s p50 p99"
#                           (ms); on failure (an error or a failed transaction) prints pgbench's
#                           output on stderr and returns 1
#   bench_check             `erp check` → CHECK_LINE, CHECK_OK (CHECK=0: skipped)
#   bench_finish            the cluster's settings and the load average now → SETTINGS, LOAD_AFTER
#   bench_header TITLE      the summary's first lines: machine, PostgreSQL, workers, settings, load

CORES=$(nproc)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PGBENCH=$PGBIN/pgbench
PSQL=$PGBIN/psql
[ -x "$PGBENCH" ] || { echo "pgbench not found under /usr/lib/postgresql/*/bin" >&2; exit 2; }
if ! command -v wrk >/dev/null 2>&1; then
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
CHECK=${CHECK:-1}
SERVER_PID=""

step() { echo "[$(($(date +%s) - BENCH_START)) s] $*" >&2; }

bench_build() {
    # BENCH_REUSE_BUILD=1: measure the last release build as it is (no rebuild).
    [ "${BENCH_REUSE_BUILD:-0}" = 1 ] || swift build -c release --scratch-path .build-bench --product erp
    ERP=$PWD/.build-bench/release/erp
}

bench_home() {
    TMP=$(mktemp -d)
    # As root the embedded cluster runs as postgres, which must reach $ERP_HOME.
    chmod 755 "$TMP"
    export ERP_HOME="$TMP/home"
    unset ERP_DATABASE_URL
    trap bench_cleanup EXIT INT TERM
    BENCH_START=$(date +%s)
    LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
}

bench_cleanup() {
    bench_stop_server
    "$ERP" db stop >/dev/null 2>&1 || true
    rm -rf "$TMP"
}

bench_db_start() {
    "$ERP" db start >/dev/null
    URL=$("$ERP" db url)
}
sql() { "$PSQL" "$URL" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }
quiet() { "$@" >"$TMP/cli.out" 2>&1 || { cat "$TMP/cli.out" >&2; exit 1; }; }

bench_serve() {
    local port=$1 serve_env=()
    [ -n "${WORKERS:-}" ] && serve_env+=("ERP_WORKERS=$WORKERS")
    [ -n "${PREPARED:-}" ] && serve_env+=("ERP_PREPARED_STATEMENTS=$PREPARED")
    [ -n "${TAIL_WRITES:-}" ] && serve_env+=("ERP_TAIL_WRITES=$TAIL_WRITES")
    # The benchmarks measure the server at thousands of requests a second on one token: the
    # per-token rate limit (ERP_RATE_LIMIT) would measure itself instead, so it is off here.
    serve_env+=("ERP_RATE_LIMIT=${RATE_LIMIT:-off}")
    env "${serve_env[@]}" "$ERP" serve --listen "127.0.0.1:$port" >"$TMP/serve.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
    SERVER_WORKERS=$(grep -o '([0-9]* workers' "$TMP/serve.log" | tr -dc '0-9' || true)
}

bench_stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

bench_pgbench() { # clients "-T seconds"|"-t transactions" tag script [pgbench args…] → "tx/s p50 p99"
    local clients=$1 length=$2 tag=$3 script=$4 threads=$(( $1 < CORES ? $1 : CORES )) out
    shift 4
    rm -f "$TMP"/pgb-"$tag".*
    # shellcheck disable=SC2086 # $length is an option and its value
    if ! out=$("$PGBENCH" -n -M "${PGB_MODE:-extended}" -c "$clients" -j "$threads" $length -l --log-prefix="$TMP/pgb-$tag" \
            -f "$script" "$@" "$URL" 2>&1) || ! grep -q '^number of failed transactions: 0 ' <<<"$out"; then
        echo "$out" >&2
        return 1
    fi
    local tps
    tps=$(awk '/^tps = / { print $3 }' <<<"$out")
    # Per-transaction log: field 3 is the latency in microseconds.
    cat "$TMP"/pgb-"$tag".* | awk '{ print $3 / 1000 }' | sort -n | awk -v tps="$tps" '
        { v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%s %.2f %.2f\n", tps, v[int((NR + 1) / 2)], v[i] }'
}

bench_check() {
    CHECK_LINE="skipped (CHECK=0)"
    CHECK_OK=1
    if [ "$CHECK" = 1 ]; then
        if CHECK_OUT=$("$ERP" check 2>&1); then CHECK_LINE="$CHECK_OUT"; else CHECK_LINE="FAILED: $CHECK_OUT"; CHECK_OK=0; fi
    fi
}

bench_finish() {
    SETTINGS=$(sql "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings
                    WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'wal_sync_method', 'max_connections')")
    LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
}

bench_header() {
    echo
    echo "$1 — $CORES cores, PostgreSQL $("$PGBENCH" --version | awk '{ print $3 }'), erp serve with ${SERVER_WORKERS:-?} workers"
    echo "embedded cluster: $SETTINGS"
    echo "load average before/after: $LOAD_BEFORE / $LOAD_AFTER (other work on the machine shows up here)"
}

# A selling shop for the order benchmarks: an owner (OWNER_TOKEN), warehouse MAIN (WH), a supplier
# (SUPPLIER), one client (CLIENT) and $1 goods (bench_products $1 $2 $3; ids PLO…PHI).
bench_sales_shop() {
    step "setting up: an owner, a warehouse, a supplier, a client, $1 products"
    bench_db_start
    OWNER_TOKEN=$("$ERP" user add --login bench-owner --role owner 2>/dev/null | tail -1)
    quiet "$ERP" warehouse add --code MAIN --name "Main warehouse" --as bench-owner
    quiet "$ERP" party add --kind company --name "ООО Поставщик" --inn 7707083893 --kpp 773601001 --supplier --as bench-owner
    quiet "$ERP" party add --kind person --name "Покупатель Бенчмарков" --client --as bench-owner
    bench_products "$1" "$2" "$3"
    WH=$(sql "SELECT id FROM warehouses WHERE code = 'MAIN'")
    SUPPLIER=$(sql "SELECT id FROM parties WHERE inn = '7707083893'")
    CLIENT=$(sql "SELECT id FROM parties WHERE is_client")
    read -r PLO PHI <<<"$(sql "SELECT min(id), max(id) FROM products" | tr '|' ' ')"
}

# Imports $1 goods with SKUs $2-000001… named "$3 N" (as bench-owner), one id range.
bench_products() {
    python3 - "$1" "$TMP/products.csv" "$2" "$3" <<'PY'
import sys
count, path, prefix, name = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
with open(path, "w", encoding="utf-8") as f:
    f.write("sku,name,unit,kind,barcodes,price,vat_rate,min_stock\n")
    for i in range(1, count + 1):
        f.write(f"{prefix}-{i:06d},{name} {i},pcs,goods,,{100 + i % 9000}.{i % 100:02d},20,0\n")
PY
    quiet "$ERP" product import "$TMP/products.csv" --as bench-owner
}
