#!/usr/bin/env bash
# Sales orders benchmark (issue #7), in one run against one throwaway embedded database:
#  1. Confirmation of 3-line draft orders over HTTP (`POST /api/v1/orders/{id}/confirm`, each with
#     an Idempotency-Key; wrk + scripts/bench-orders-confirm.lua) at 1 and 16 concurrent clients,
#     printed beside pgbench running the same SQL statements directly against the same database
#     (scripts/bench-orders-confirm.sql, which says how it was derived) — the physical limit on
#     this machine. Every confirmation succeeds (each of the PRODUCTS products has STOCK units),
#     so this is the success path: 3 conditional reservations, the order's status, audit, answer.
#     Targets: HTTP ≥ 50 % of pgbench's transactions/s at 16 clients, and HTTP p99 < 50 ms there.
#  2. The full life of an order over HTTP — create a draft → confirm → ship everything (3 requests;
#     wrk + scripts/bench-orders-cycle.lua) — as cycles per second at 1 and 16 clients.
#  3. A sale over HTTP — create a 3-line draft → confirm (the workload of the Tryton comparison;
#     the same wrk script, stopping after confirm) — as sales per second at SALE_CLIENTS (8).
# All parts run twice in the same run (issue #20): first against `erp serve` with its tail writes
# sent each on a round trip of its own (ERP_TAIL_WRITES=0: the audit rows, change events and
# stored idempotent answer as they went before, the "before"), then as it runs by default, the
# tail writes riding with the next statement or COMMIT ("after"); pgbench runs the same SQL both
# as unnamed statements (-M extended) and prepared (-M prepared, the real limit of the database).
# Issue #20's targets (informational here; the exit status keeps #7's): HTTP confirm at 16
# clients ≥ 90 % of pgbench -M prepared with p99 < 40 ms; cycle ≥ 300/s; sale ≥ 400/s at 8.
# Then `erp check` verifies every invariant (the pgbench confirmations included: reservations must
# equal what the orders' lines hold).
# The drafts both kinds of confirmation runs use are made beforehand over HTTP, through the
# service (bench-orders-load.py drafts), as one id range; each run takes the next unused part.
# wrk runs for DURATION s, with drafts for its warm-up's rate and room to spare (a run that gets
# to the end of them is void: more are made and it runs again); pgbench runs a fixed number of
# transactions a client (-t), sized from its own warm-up (or HTTP's rate, if higher) to last
# about DURATION s.
# Loopback only; a throwaway ERP_HOME; bounded (about 3–4 minutes with the defaults on 2 busy
# cores, half of it making drafts: creating an order takes the order counter row). Exit status 1
# when a target is missed. Sizes: PRODUCTS, STOCK (units received per product), DURATION (seconds
# per run; 2 s warm-ups before each), CLIENTS ("1 16"), DRAFT_CONNECTIONS (connections making
# drafts), WORKERS (ERP_WORKERS of the server; default: the server's own), PORT, CHECK=0 to skip
# `erp check`. Shared set-up: scripts/bench-lib.sh, scripts/bench_lib.py.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

PRODUCTS=${PRODUCTS:-300}
STOCK=${STOCK:-1000000}
DURATION=${DURATION:-10}
CLIENTS=${CLIENTS:-"1 16"}
SALE_CLIENTS=${SALE_CLIENTS:-8}
DRAFT_CONNECTIONS=${DRAFT_CONNECTIONS:-2}
PORT=${PORT:-18188}

bench_build
bench_home

# --- set-up: an owner, a warehouse, a supplier, a client, products with plenty of stock --------
bench_sales_shop "$PRODUCTS" ORD "Товар для заказов"
OWNER_ID=$(sql "SELECT id FROM users WHERE login = 'bench-owner'")
read -r PLO PHI PCOUNT <<<"$(sql "SELECT min(id), max(id), count(*) FROM products" | tr '|' ' ')"
[ $((PHI - PLO + 1)) = "$PCOUNT" ] && [ "$PCOUNT" = "$PRODUCTS" ] || { echo "product ids are not one range" >&2; exit 2; }

bench_serve "$PORT"
step "receiving $STOCK units of each product over HTTP"
python3 scripts/bench-orders-load.py stock "$PORT" "$OWNER_TOKEN" "$WH" "$SUPPLIER" "$PLO" "$PHI" "$STOCK"

# --- the drafts: one id range [POOL_NEXT, POOL_LAST] of drafts not yet used ---------------------
POOL_NEXT=0
POOL_LAST=-1
DRAFTS_MADE=0
DRAFTS_S=0
pool_fill() { # need: make drafts until at least `need` are unused
    local need=$1 left=$((POOL_LAST - POOL_NEXT + 1)) made first last seconds
    [ "$left" -ge "$need" ] && return 0
    # Orders made since (the cycle runs) break the range: start a new one after them.
    if [ "$POOL_LAST" -ge 0 ] && [ "$(sql "SELECT max(id) FROM sales_orders")" != "$POOL_LAST" ]; then
        POOL_NEXT=0 POOL_LAST=-1 left=0
    fi
    local make=$(( need - left < 100 ? 100 : need - left ))
    step "making $make draft orders over HTTP ($DRAFT_CONNECTIONS connections)"
    made=$(python3 scripts/bench-orders-load.py drafts "$PORT" "$OWNER_TOKEN" "$WH" "$CLIENT" \
        "$PLO" "$PHI" "$make" "$DRAFT_CONNECTIONS") || exit 1
    read -r first last seconds <<<"$made"
    if [ "$POOL_LAST" -lt "$POOL_NEXT" ]; then POOL_NEXT=$first
    elif [ "$first" != $((POOL_LAST + 1)) ]; then echo "new drafts $first..$last do not follow $POOL_LAST" >&2; exit 2; fi
    POOL_LAST=$last
    DRAFTS_MADE=$((DRAFTS_MADE + make))
    DRAFTS_S=$(awk -v a="$DRAFTS_S" -v b="$seconds" 'BEGIN { print a + b }')
}
pool_advance() { # [highest id the run asked for] [margin]: after a run, skip past every draft it may have touched
    local asked=${1:-0} margin=${2:-0} top
    # A request wrk had in flight when it stopped may still be committing: let the server finish.
    sleep 1
    top=$(sql "SELECT COALESCE(max(id), 0) FROM sales_orders WHERE id BETWEEN $POOL_NEXT AND $POOL_LAST AND status <> 'draft'") || exit 1
    [ "$asked" -gt "$top" ] && top=$asked
    [ "$top" -ge "$POOL_NEXT" ] && POOL_NEXT=$((top + 1 + margin))
    return 0
}

# The constants pgbench sends where the service sends this request's own texts (answer, audit change).
pool_fill 1
SAMPLE=$(python3 scripts/bench-orders-load.py sample "$PORT" "$OWNER_TOKEN" "$POOL_NEXT")
{ read -r RESP_HEX; read -r CHANGE; } <<<"$SAMPLE"
pool_advance
CREATE_RATE=$(awk -v n="$DRAFTS_MADE" -v s="$DRAFTS_S" 'BEGIN { printf "%.0f", n / (s > 0 ? s : 1) }')
PGB_VARS=(-D "token=$OWNER_TOKEN" -D "user_id=$OWNER_ID" -D "login=bench-owner" -D "wh=$WH"
          -D "resp=$RESP_HEX" -D "change=$CHANGE" -D "n=0")
sql "VACUUM ANALYZE sales_orders, sales_order_lines, stock_levels, products" >/dev/null 2>&1 || true

# HTTP: wrk runs for a time, so the drafts it needs are guessed from the rate before (of the
# warm-up; for the warm-up, of making drafts), with room to spare; a run that got to the end of
# them (status 3) is void and runs again with twice the room.
# (Called as `run_http … || rc=$?`, where set -e does not apply: failures are checked one by one.)
run_http() { # clients seconds tag → R_TPS R_P50 R_P99
    local clients=$1 seconds=$2 tag=$3 threads=$(( $1 < CORES ? $1 : CORES )) out requests bad mean spent top
    out=$(wrk -t"$threads" -c"$clients" -d"${seconds}s" --timeout 10s -s scripts/bench-orders-confirm.lua \
        "http://127.0.0.1:$PORT/" -- "$OWNER_TOKEN" "$POOL_NEXT" "$POOL_LAST" "$threads" "$tag") || { echo "$out" >&2; exit 1; }
    read -r requests bad R_P50 R_P99 mean spent top <<<"$(awk '/^RESULT/ { print $2, $3, $4, $5, $6, $7, $8 }' <<<"$out")"
    R_TPS=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    [ -n "$top" ] && [ -n "$R_TPS" ] || { echo "$out" >&2; exit 1; }
    pool_advance "$top"
    [ "$spent" = 0 ] || return 3
    [ "$bad" = 0 ] || { echo "HTTP run $tag: $bad of $requests answers were not 200" >&2; exit 1; }
}
measure_http() { # clients seconds tag rate → R_TPS R_P50 R_P99
    local clients=$1 seconds=$2 tag=$3 rate=$4 rc
    for attempt in 1 2 3; do
        pool_fill "$(awk -v r="$rate" -v s="$seconds" -v c="$clients" 'BEGIN { printf "%d", r * (s + 1) * 1.5 + 4 * c + 20 }')"
        rc=0
        run_http "$clients" "$seconds" "$tag" || rc=$?
        [ "$rc" = 0 ] && return 0
        [ "$rc" = 3 ] || exit 1
        step "HTTP $tag got to the end of the drafts (more than ${rate%.*} a second): making more, running it again"
        rate=$(awk -v r="$rate" 'BEGIN { print 2 * r }')
    done
    echo "HTTP $tag kept running out of drafts" >&2
    exit 1
}
# pgbench: a fixed number of transactions a client (-t), sized from the warm-up's rate to last
# about `seconds`; exactly that many drafts are made first.
measure_pgbench() { # clients seconds tag rate → R_TPS R_P50 R_P99 R_SECONDS
    local clients=$1 seconds=$2 tag=$3 rate=$4 each result
    each=$(awk -v r="$rate" -v s="$seconds" -v c="$clients" 'BEGIN { n = int(r * s / c + 0.999); print (n < 10 ? 10 : n) }')
    pool_fill $((each * clients + clients))
    result=$(bench_pgbench "$clients" "-t $each" "$tag" scripts/bench-orders-confirm.sql \
        "${PGB_VARS[@]}" -D "first=$POOL_NEXT" -D "last=$POOL_LAST" -D "clients=$clients")
    pool_advance 0 "$clients"
    read -r R_TPS R_P50 R_P99 <<<"$result"
    R_SECONDS=$(awk -v n=$((each * clients)) -v t="$R_TPS" 'BEGIN { printf "%.1f", n / t }')
}

# The full cycle: create → confirm → ship (or → confirm only: a sale), as cycles/s and requests/s
# at `clients`.
measure_cycle() { # clients tag [last step: ship|confirm] → R_CYCLES R_RPS
    local clients=$1 tag=$2 last=${3:-ship} out cycles bad seconds
    for run in "warm$tag$clients:2" "cycle$tag$clients:$DURATION"; do
        out=$(wrk -t"$clients" -c"$clients" -d"${run#*:}s" --timeout 10s -s scripts/bench-orders-cycle.lua \
            "http://127.0.0.1:$PORT/" -- "$OWNER_TOKEN" "$CLIENT" "$WH" "$PLO" "$PHI" "${run%:*}" "$last")
        read -r cycles bad seconds <<<"$(awk '/^RESULT/ { print $2, $3, $4 }' <<<"$out")"
        [ -n "$seconds" ] || { echo "$out" >&2; exit 1; }
        [ "$bad" = 0 ] || { echo "cycle run ${run%:*}: $bad unexpected answers" >&2; exit 1; }
    done
    R_CYCLES=$(awk -v n="$cycles" -v s="$seconds" 'BEGIN { printf "%.1f", n / s }')
    R_RPS=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
}

declare -A HTTP0_RPS HTTP0_P50 HTTP0_P99 CYCLE0_RATE CYCLE0_RPS
declare -A HTTP_RPS HTTP_P50 HTTP_P99 PGB_TPS PGB_P50 PGB_P99 PGB_SECONDS PGBP_TPS PGBP_P50 PGBP_P99 PGBP_SECONDS
declare -A CYCLE_RATE CYCLE_RPS
# Before: the server with every tail write on a round trip of its own.
bench_stop_server
TAIL_WRITES=0 bench_serve "$PORT"
step "before (tail writes on their own): a sale (create → confirm) at $SALE_CLIENTS clients: ${DURATION} s"
measure_cycle "$SALE_CLIENTS" s0- confirm
SALE0_RATE=$R_CYCLES
for clients in $CLIENTS; do
    step "before (tail writes on their own): confirm at $clients client(s) over HTTP ${DURATION} s, then the cycle"
    measure_http "$clients" 2 "warm0-$clients" $((3 * CREATE_RATE))
    measure_http "$clients" "$DURATION" "c0-$clients" "$R_TPS"
    HTTP0_RPS[$clients]=$R_TPS HTTP0_P50[$clients]=$R_P50 HTTP0_P99[$clients]=$R_P99
    measure_cycle "$clients" 0-
    CYCLE0_RATE[$clients]=$R_CYCLES CYCLE0_RPS[$clients]=$R_RPS
done
# After: the server as it runs by default, then pgbench unnamed and prepared.
bench_stop_server
bench_serve "$PORT"
step "after: a sale (create → confirm) at $SALE_CLIENTS clients: ${DURATION} s"
measure_cycle "$SALE_CLIENTS" s confirm
SALE_RATE=$R_CYCLES
for clients in $CLIENTS; do
    step "after: confirm at $clients client(s): HTTP ${DURATION} s, then pgbench -M extended and -M prepared about ${DURATION} s each (after 2 s warm-ups)"
    measure_http "$clients" 2 "warm$clients" "${HTTP0_RPS[$clients]}"
    measure_http "$clients" "$DURATION" "c$clients" "$R_TPS"
    HTTP_RPS[$clients]=$R_TPS HTTP_P50[$clients]=$R_P50 HTTP_P99[$clients]=$R_P99
    measure_pgbench "$clients" 2 "warm$clients" "$(awk -v r="${HTTP_RPS[$clients]}" 'BEGIN { print 1.5 * r }')"
    # (A 2 s warm-up tends to understate the rate; pgbench is seldom slower than HTTP.)
    measure_pgbench "$clients" "$DURATION" "c$clients" "$(awk -v a="$R_TPS" -v b="${HTTP_RPS[$clients]}" 'BEGIN { print (a > b ? a : b) }')"
    PGB_TPS[$clients]=$R_TPS PGB_P50[$clients]=$R_P50 PGB_P99[$clients]=$R_P99 PGB_SECONDS[$clients]=$R_SECONDS
    PGB_MODE=prepared measure_pgbench "$clients" 2 "pwarm$clients" "$(awk -v r="${PGB_TPS[$clients]}" 'BEGIN { print 1.5 * r }')"
    PGB_MODE=prepared measure_pgbench "$clients" "$DURATION" "p$clients" "$(awk -v a="$R_TPS" -v b="${PGB_TPS[$clients]}" 'BEGIN { print (a > b ? a : b) }')"
    PGBP_TPS[$clients]=$R_TPS PGBP_P50[$clients]=$R_P50 PGBP_P99[$clients]=$R_P99 PGBP_SECONDS[$clients]=$R_SECONDS
    step "after: create → confirm → ship at $clients client(s): ${DURATION} s (after a 2 s warm-up)"
    measure_cycle "$clients" ""
    CYCLE_RATE[$clients]=$R_CYCLES CYCLE_RPS[$clients]=$R_RPS
done
CONFIRMED_HTTP=$(sql "SELECT count(*) FROM idempotency_keys WHERE path LIKE '/api/v1/orders/%/confirm' AND key LIKE 'wrk-%'")
CONFIRMED_PGB=$(sql "SELECT count(*) FROM idempotency_keys WHERE key LIKE 'pgbench-%'")

step "erp check over $(sql "SELECT count(*) FROM sales_orders") orders, $(sql "SELECT count(*) FROM stock_moves") moves"
bench_check
bench_finish
step "done"

# --- summary ----------------------------------------------------------------------------------
bench_header "Sales orders benchmark"
echo
echo "Confirm of 3-line orders (${DURATION} s a run): HTTP POST /api/v1/orders/{id}/confirm vs pgbench of the same statements"
printf '%8s  %-32s  %9s  %9s  %9s  %12s  %12s\n' clients run "tx/s" p50 p99 "% pgb extd" "% pgb prep"
for clients in $CLIENTS; do
    row() { # label tps p50 p99
        printf '%8s  %-32s  %9.1f  %6.1f ms  %6.1f ms  %10.0f %%  %10.0f %%\n' "$clients" "$1" "$2" "$3" "$4" \
            "$(awk -v a="$2" -v b="${PGB_TPS[$clients]}" 'BEGIN { print 100 * a / b }')" \
            "$(awk -v a="$2" -v b="${PGBP_TPS[$clients]}" 'BEGIN { print 100 * a / b }')"
    }
    row "HTTP, tail writes on their own" "${HTTP0_RPS[$clients]}" "${HTTP0_P50[$clients]}" "${HTTP0_P99[$clients]}"
    row "HTTP, tail writes with COMMIT" "${HTTP_RPS[$clients]}" "${HTTP_P50[$clients]}" "${HTTP_P99[$clients]}"
    row "pgbench -M extended (unnamed)" "${PGB_TPS[$clients]}" "${PGB_P50[$clients]}" "${PGB_P99[$clients]}"
    row "pgbench -M prepared" "${PGBP_TPS[$clients]}" "${PGBP_P50[$clients]}" "${PGBP_P99[$clients]}"
done
echo "(pgbench runs a fixed number of transactions a client, sized from its warm-up: these lasted" \
     "$(for c in $CLIENTS; do printf '%s s and %s s, ' "${PGB_SECONDS[$c]}" "${PGBP_SECONDS[$c]}"; done | sed 's/, $//'))"
echo "(drafts made beforehand over HTTP: $DRAFTS_MADE at $CREATE_RATE a second on $DRAFT_CONNECTIONS connections;" \
     "confirmed in the runs, warm-ups included: $CONFIRMED_HTTP over HTTP, $CONFIRMED_PGB by pgbench)"
echo
echo "Full cycle over HTTP (${DURATION} s a run): POST /api/v1/orders → …/confirm → …/ship, 3 requests a cycle"
printf '%8s  %16s  %16s  %15s  %15s\n' clients "cycles/s before" "cycles/s after" "req/s before" "req/s after"
for clients in $CLIENTS; do
    printf '%8s  %16.1f  %16.1f  %15.1f  %15.1f\n' "$clients" "${CYCLE0_RATE[$clients]}" "${CYCLE_RATE[$clients]}" \
        "${CYCLE0_RPS[$clients]}" "${CYCLE_RPS[$clients]}"
done
echo
echo "A sale over HTTP (${DURATION} s a run): POST /api/v1/orders → …/confirm at $SALE_CLIENTS clients:" \
     "$SALE0_RATE/s before, $SALE_RATE/s after"
echo
echo "erp check: $CHECK_LINE"
echo

STATUS=0
LAST=$(awk '{ print $NF }' <<<"$CLIENTS")
RATIO=$(awk -v a="${HTTP_RPS[$LAST]}" -v b="${PGB_TPS[$LAST]}" 'BEGIN { printf "%.1f", 100 * a / b }')
if awk -v r="$RATIO" 'BEGIN { exit !(r >= 50) }'; then
    echo "target met: HTTP confirm at $LAST clients is $RATIO % of pgbench (≥ 50 %)"
else
    echo "MISSED: HTTP confirm at $LAST clients is $RATIO % of pgbench (target ≥ 50 %)"; STATUS=1
fi
if awk -v p="${HTTP_P99[$LAST]}" 'BEGIN { exit !(p < 50) }'; then
    echo "target met: HTTP confirm p99 at $LAST clients ${HTTP_P99[$LAST]} ms (< 50 ms)"
else
    echo "MISSED: HTTP confirm p99 at $LAST clients ${HTTP_P99[$LAST]} ms (target < 50 ms;" \
         "pgbench's own p99 there: ${PGB_P99[$LAST]} ms)"; STATUS=1
fi
[ "$CHECK_OK" = 1 ] || { echo "MISSED: erp check found violations"; STATUS=1; }
# Issue #20's targets, informational.
PREP_RATIO=$(awk -v a="${HTTP_RPS[$LAST]}" -v b="${PGBP_TPS[$LAST]}" 'BEGIN { printf "%.1f", 100 * a / b }')
verdict() { awk "BEGIN { exit !($1) }" && echo "met" || echo "not yet"; }
echo "issue #20 ($(verdict "$PREP_RATIO >= 90")): HTTP confirm at $LAST clients is $PREP_RATIO % of pgbench -M prepared (≥ 90 %)"
echo "issue #20 ($(verdict "${HTTP_P99[$LAST]} < 40")): HTTP confirm p99 at $LAST clients ${HTTP_P99[$LAST]} ms (< 40 ms)"
echo "issue #20 ($(verdict "${CYCLE_RATE[$LAST]} >= 300")): the cycle at $LAST clients runs ${CYCLE_RATE[$LAST]}/s (≥ 300/s)"
echo "issue #20 ($(verdict "$SALE_RATE >= 400")): a sale (create + confirm) at $SALE_CLIENTS clients runs $SALE_RATE/s (≥ 400/s)"
exit "$STATUS"
