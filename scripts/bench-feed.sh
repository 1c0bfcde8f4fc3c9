#!/usr/bin/env bash
# The change feed under load (issues #20 and #21): the full life of an order over HTTP (create →
# confirm → ship, wrk + scripts/bench-orders-cycle.lua, every step writing change events) for
# DURATION s at each of CLIENTS, first alone, then with one feed reader polling
# `GET /api/v1/changes` in a tight loop (scripts/bench-feed-reader.py). Prints the cycles (=
# confirmations) a second with and without the reader, and what the reader saw: polls, empty
# pages while the writers were busy (a reader starved of the feed's lock gets an empty page after
# about a second), and how long it waited for a non-empty page.
# Loopback only; a throwaway ERP_HOME; a few minutes. Sizes: PRODUCTS, STOCK, DURATION, CLIENTS
# ("1 16"), PAUSE (seconds the reader waits after an empty page; default 0, a tight loop),
# WORKERS, PORT. BENCH_REUSE_BUILD=1 measures the last release build as it is; BENCH_ERP=path
# measures that binary instead (a debug build, for a quick look). The reader's events are
# compared with what committed between its first and last cursor ("committed"): equal, or the
# feed skipped something.
# Shared set-up: scripts/bench-lib.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

PRODUCTS=${PRODUCTS:-300}
STOCK=${STOCK:-1000000}
DURATION=${DURATION:-10}
CLIENTS=${CLIENTS:-"1 16"}
PORT=${PORT:-18189}

if [ -n "${BENCH_ERP:-}" ]; then ERP=$BENCH_ERP; else bench_build; fi
bench_home

bench_sales_shop "$PRODUCTS" FEED "Товар для ленты"

bench_serve "$PORT"
step "receiving $STOCK units of each product over HTTP"
python3 scripts/bench-orders-load.py stock "$PORT" "$OWNER_TOKEN" "$WH" "$SUPPLIER" "$PLO" "$PHI" "$STOCK"

cycle() { # clients seconds tag → R_CYCLES
    local clients=$1 seconds=$2 tag=$3 out cycles bad spent
    out=$(wrk -t"$clients" -c"$clients" -d"${seconds}s" --timeout 10s -s scripts/bench-orders-cycle.lua \
        "http://127.0.0.1:$PORT/" -- "$OWNER_TOKEN" "$CLIENT" "$WH" "$PLO" "$PHI" "$tag")
    read -r cycles bad spent <<<"$(awk '/^RESULT/ { print $2, $3, $4 }' <<<"$out")"
    [ -n "$spent" ] || { echo "$out" >&2; exit 1; }
    [ "$bad" = 0 ] || { echo "cycle run $tag: $bad unexpected answers" >&2; exit 1; }
    R_CYCLES=$(awk -v n="$cycles" -v s="$spent" 'BEGIN { printf "%.1f", n / s }')
}

declare -A ALONE WITH READER COMMITTED
for clients in $CLIENTS; do
    step "$clients client(s): a 2 s warm-up, the cycle alone ${DURATION} s, then with a feed reader ${DURATION} s"
    cycle "$clients" 2 "fwarm$clients"
    cycle "$clients" "$DURATION" "alone$clients"
    ALONE[$clients]=$R_CYCLES
    sleep 1  # what wrk left in flight commits before the reader starts at the end
    python3 scripts/bench-feed-reader.py "$PORT" "$OWNER_TOKEN" "$((DURATION + 1))" \
        "$(sql "SELECT COALESCE(max(id), 0) FROM change_events")" "${PAUSE:-0}" >"$TMP/reader-$clients" &
    READER_PID=$!
    sleep 0.5
    cycle "$clients" "$DURATION" "read$clients"
    WITH[$clients]=$R_CYCLES
    wait "$READER_PID"
    READER[$clients]=$(awk '/^RESULT/ { $1 = ""; print }' "$TMP/reader-$clients")
    read -r -a fields <<<"${READER[$clients]}"
    # Every event between the reader's first and last cursor, to compare with what it was given.
    COMMITTED[$clients]=$(sql "SELECT count(*) FROM change_events WHERE id > ${fields[9]} AND id <= ${fields[10]}")
done
bench_check
bench_finish
step "done"

bench_header "Change feed under load (create → confirm → ship over HTTP, one reader polling /api/v1/changes, pausing ${PAUSE:-0} s after an empty page)"
printf '\n%8s  %12s  %12s  %6s  %6s  %7s  %9s  %22s  %24s\n' clients "cycles/s" "with reader" polls empty events committed \
    "poll p50/p99/max ms" "wait p50/p99/max ms"
for clients in $CLIENTS; do
    read -r polls empty events pp50 pp99 pmax wp50 wp99 wmax _ <<<"${READER[$clients]}"
    printf '%8s  %12s  %12s  %6s  %6s  %7s  %9s  %22s  %24s\n' "$clients" "${ALONE[$clients]}" "${WITH[$clients]}" \
        "$polls" "$empty" "$events" "${COMMITTED[$clients]}" "$pp50/$pp99/$pmax" "$wp50/$wp99/$wmax"
done
echo "erp check: $CHECK_LINE"
[ "$CHECK_OK" = 1 ]
