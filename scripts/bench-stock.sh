#!/usr/bin/env bash
# Warehouse benchmark (issue #6), in one run against one throwaway embedded database:
#  1. Receipts of 3 lines posted over HTTP (`POST /api/v1/receipts`, each with an
#     Idempotency-Key; wrk + scripts/bench-stock-receipts.lua) at 1 and 16 concurrent clients,
#     printed beside pgbench running the same SQL statements directly against the same database
#     (scripts/bench-stock-receipt.sql, which says how it was derived), as unnamed statements
#     (-M extended) and prepared (-M prepared, like the server's connections: the real limit of the
#     database). Target: HTTP ≥ 50 % of pgbench -M extended's transactions/s at 16 clients; issue
#     #20's ≥ 90 % of -M prepared with p99 < 40 ms is printed beside it. HTTP at 16 beside the best
#     pgbench figure of any client count is printed too: every receipt holds the receipt counter
#     row from its last statement to its commit (gapless numbering), so receipts commit one at a time.
#  2. `GET /api/v1/stock/levels` of a warehouse of 10,000 products after 1,000,000 moves, the
#     ledger brought there through the service (receipts of 1,000 lines, transfers, write-offs;
#     scripts/bench-stock-load.py): 1,000 requests walking pages by next_cursor plus product_id=
#     lookups. Target: p99 under 100 ms.
# Then `erp check` verifies every invariant (the pgbench transactions included).
# Loopback only; a throwaway ERP_HOME; bounded (about 5 minutes with the defaults). Exit status 1
# when a target is missed. Sizes: PRODUCTS, MOVES, LINES (per loading document), LOAD_THREADS,
# LEVEL_REQUESTS, DURATION (seconds per receipts run), CLIENTS ("1 16"), WORKERS (ERP_WORKERS of
# the server; default: the server's own), PORT, CHECK=0 to skip `erp check`. Shared set-up:
# scripts/bench-lib.sh, scripts/bench_lib.py.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

PRODUCTS=${PRODUCTS:-10000}
MOVES=${MOVES:-1000000}
LINES=${LINES:-1000}
LOAD_THREADS=${LOAD_THREADS:-2}
LEVEL_REQUESTS=${LEVEL_REQUESTS:-1000}
DURATION=${DURATION:-12}
CLIENTS=${CLIENTS:-"1 16"}
PORT=${PORT:-18186}

bench_build
bench_home

# --- set-up: users, warehouses, a supplier, products -------------------------------------------
step "setting up: users, 2 warehouses, a supplier, $PRODUCTS products"
bench_db_start
OWNER_TOKEN=$("$ERP" user add --login bench-owner --role owner 2>/dev/null | tail -1)
KEEPER_TOKEN=$("$ERP" user add --login bench-keeper --role storekeeper --as bench-owner 2>/dev/null | tail -1)
quiet "$ERP" warehouse add --code MAIN --name "Main warehouse" --as bench-owner
quiet "$ERP" warehouse add --code SPARE --name "Spare warehouse" --as bench-owner
quiet "$ERP" party add --kind company --name "ООО Поставщик" --inn 7707083893 --kpp 773601001 --supplier --as bench-owner
bench_products "$PRODUCTS" STK "Товар складской"

W1=$(sql "SELECT id FROM warehouses WHERE code = 'MAIN'")
W2=$(sql "SELECT id FROM warehouses WHERE code = 'SPARE'")
SUPPLIER=$(sql "SELECT id FROM parties WHERE inn = '7707083893'")
KEEPER_ID=$(sql "SELECT id FROM users WHERE login = 'bench-keeper'")
read -r PLO PHI PCOUNT <<<"$(sql "SELECT min(id), max(id), count(*) FROM products" | tr '|' ' ')"
[ $((PHI - PLO + 1)) = "$PCOUNT" ] && [ "$PCOUNT" = "$PRODUCTS" ] || { echo "product ids are not one range" >&2; exit 2; }

bench_serve "$PORT"

# --- 1,000,000 moves over 10,000 products, through the service ---------------------------------
step "bringing the ledger to $MOVES moves ($LINES lines a document, $LOAD_THREADS connections)"
read -r LOADED_MOVES LOADED_DOCS LOAD_S <<<"$(python3 scripts/bench-stock-load.py load "$PORT" "$KEEPER_TOKEN" \
    "$W1" "$W2" "$SUPPLIER" "$PLO" "$PHI" "$MOVES" "$LINES" "$LOAD_THREADS")"
TOTAL_MOVES=$(sql "SELECT count(*) FROM stock_moves")
sql "VACUUM ANALYZE stock_levels, stock_moves, products" >/dev/null 2>&1 || true

step "timing $LEVEL_REQUESTS GET /api/v1/stock/levels"
read -r LEVEL_P50 LEVEL_P99 LEVEL_MAX LEVEL_PAGES LEVEL_LOOKUPS LEVEL_TOTAL <<<"$(python3 scripts/bench-stock-load.py levels \
    "$PORT" "$OWNER_TOKEN" "$W1" "$PLO" "$PHI" "$LEVEL_REQUESTS")"

# --- receipts: HTTP beside pgbench ------------------------------------------------------------
# The constants pgbench sends where the service sends this request's own texts (body, answer).
{ read -r REQ_HEX; read -r RESP_HEX; read -r CHANGE; } < <(python3 scripts/bench-stock-load.py sample \
    "$PORT" "$KEEPER_TOKEN" "$W2" "$SUPPLIER" "$PLO" "$PHI")
PGB_VARS=(-D "token=$KEEPER_TOKEN" -D "user_id=$KEEPER_ID" -D "login=bench-keeper" -D "wh=$W2" -D "supplier=$SUPPLIER"
          -D "plo=$PLO" -D "phi=$PHI"
          -D "req=$REQ_HEX" -D "resp=$RESP_HEX" -D "change=$CHANGE")

run_http() { # clients seconds tag → "tx/s p50 p99"
    local clients=$1 seconds=$2 tag=$3 threads=$(( $1 < CORES ? $1 : CORES )) out
    out=$(wrk -t"$threads" -c"$clients" -d"${seconds}s" --timeout 10s -s scripts/bench-stock-receipts.lua \
        "http://127.0.0.1:$PORT/" -- "$KEEPER_TOKEN" "$W2" "$SUPPLIER" "$PLO" "$PHI" "$tag")
    local result rps
    result=$(awk '/^RESULT/ { print $2, $3, $4, $5 }' <<<"$out")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    read -r requests bad p50 p99 <<<"$result"
    [ "$bad" = 0 ] || { echo "HTTP run $tag: $bad of $requests answers were not 201" >&2; exit 1; }
    echo "$rps $p50 $p99"
}
run_pgbench() { # mode clients seconds tag → "tx/s p50 p99"
    PGB_MODE=$1 bench_pgbench "$2" "-T $3" "$4" scripts/bench-stock-receipt.sql "${PGB_VARS[@]}"
}

declare -A HTTP_RPS HTTP_P50 HTTP_P99 PGB_TPS PGB_P50 PGB_P99 PGBP_TPS PGBP_P50 PGBP_P99
for clients in $CLIENTS; do
    step "receipts at $clients client(s): HTTP ${DURATION} s, then pgbench -M extended and -M prepared ${DURATION} s each (after 2 s warm-ups)"
    run_http "$clients" 2 "warm$clients" >/dev/null
    figures=$(run_http "$clients" "$DURATION" "c$clients")
    read -r HTTP_RPS[$clients] HTTP_P50[$clients] HTTP_P99[$clients] <<<"$figures"
    run_pgbench extended "$clients" 2 "warm$clients" >/dev/null
    figures=$(run_pgbench extended "$clients" "$DURATION" "c$clients")
    read -r PGB_TPS[$clients] PGB_P50[$clients] PGB_P99[$clients] <<<"$figures"
    run_pgbench prepared "$clients" 2 "pwarm$clients" >/dev/null
    figures=$(run_pgbench prepared "$clients" "$DURATION" "p$clients")
    read -r PGBP_TPS[$clients] PGBP_P50[$clients] PGBP_P99[$clients] <<<"$figures"
done

if [ "$CHECK" = 1 ]; then step "erp check over $(sql "SELECT count(*) FROM stock_moves") moves"; fi
bench_check
bench_finish
step "done"

# --- summary ----------------------------------------------------------------------------------
bench_header "Warehouse benchmark"
echo
echo "Receipts of 3 lines (${DURATION} s a run): HTTP POST /api/v1/receipts vs pgbench of the same statements"
printf '%8s  %-20s  %9s  %9s  %9s  %8s\n' clients run "tx/s" p50 p99 "HTTP is"
for clients in $CLIENTS; do
    row() { # name tx/s p50 p99
        printf '%8s  %-20s  %9.1f  %6.1f ms  %6.1f ms  %8s\n' "$clients" "$1" "$2" "$3" "$4" \
            "$(awk -v a="${HTTP_RPS[$clients]}" -v b="$2" 'BEGIN { printf "%.0f %%", 100 * a / b }')"
    }
    row "HTTP" "${HTTP_RPS[$clients]}" "${HTTP_P50[$clients]}" "${HTTP_P99[$clients]}"
    row "pgbench -M extended" "${PGB_TPS[$clients]}" "${PGB_P50[$clients]}" "${PGB_P99[$clients]}"
    row "pgbench -M prepared" "${PGBP_TPS[$clients]}" "${PGBP_P50[$clients]}" "${PGBP_P99[$clients]}"
done
BEST_PGB=$(for c in $CLIENTS; do echo "${PGBP_TPS[$c]} $c"; done | sort -gr | head -1)
LAST=$(awk '{ print $NF }' <<<"$CLIENTS")
awk -v a="${HTTP_RPS[$LAST]}" -v b="${BEST_PGB% *}" -v c="${BEST_PGB#* }" -v n="$LAST" 'BEGIN {
    printf "HTTP at %s clients vs the best pgbench -M prepared figure (%.1f tx/s at %s clients): %.0f %%\n", n, b, c, 100 * a / b }'
echo "(every receipt takes the receipt counter row (gapless numbering) in its last statement and holds it to its commit)"
echo
echo "Ledger: $LOADED_MOVES moves loaded in $LOADED_DOCS documents over HTTP in $LOAD_S s ($TOTAL_MOVES moves before the receipts runs)"
echo "GET /api/v1/stock/levels, warehouse of $LEVEL_TOTAL levels: $LEVEL_REQUESTS requests ($LEVEL_PAGES pages of 100 by cursor," \
     "$LEVEL_LOOKUPS product_id lookups): p50 $LEVEL_P50 ms, p99 $LEVEL_P99 ms, max $LEVEL_MAX ms"
echo "erp check: $CHECK_LINE"
echo

STATUS=0
RATIO=$(awk -v a="${HTTP_RPS[$LAST]}" -v b="${PGB_TPS[$LAST]}" 'BEGIN { printf "%.1f", 100 * a / b }')
PREP_RATIO=$(awk -v a="${HTTP_RPS[$LAST]}" -v b="${PGBP_TPS[$LAST]}" 'BEGIN { printf "%.1f", 100 * a / b }')
if awk -v r="$RATIO" 'BEGIN { exit !(r >= 50) }'; then
    echo "target met: HTTP receipts at $LAST clients are $RATIO % of pgbench -M extended (≥ 50 %)"
else
    echo "MISSED: HTTP receipts at $LAST clients are $RATIO % of pgbench -M extended (target ≥ 50 %)"; STATUS=1
fi
P99=${HTTP_P99[$LAST]}
if awk -v r="$PREP_RATIO" -v p="$P99" 'BEGIN { exit !(r >= 90 && p < 40) }'; then
    echo "issue #20 target met: $PREP_RATIO % of pgbench -M prepared, p99 $P99 ms (≥ 90 %, < 40 ms)"
else
    echo "issue #20 target not met (reported, not failed): $PREP_RATIO % of pgbench -M prepared, p99 $P99 ms (≥ 90 %, < 40 ms)"
fi
if awk -v p="$LEVEL_P99" 'BEGIN { exit !(p < 100) }'; then
    echo "target met: stock levels p99 $LEVEL_P99 ms (< 100 ms)"
else
    echo "MISSED: stock levels p99 $LEVEL_P99 ms (target < 100 ms)"; STATUS=1
fi
[ "$CHECK_OK" = 1 ] || { echo "MISSED: erp check found violations"; STATUS=1; }
exit "$STATUS"
