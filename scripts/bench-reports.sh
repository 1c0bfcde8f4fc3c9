#!/usr/bin/env bash
# Reports and client-card benchmark (issue #9): loads the demo company (SIZE=large by default:
# about a million stock moves), gives one client ORDERS more orders through the API (create →
# confirm → ship), then times REQUESTS calls of the client card and of every owner report over a
# year of data, printing p50/p99 each. Targets: client card p99 < 50 ms, every report p99 < 300 ms.
# Exit status 1 when a target is missed. Loopback only; a throwaway ERP_HOME.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

SIZE=${SIZE:-large}
ORDERS=${ORDERS:-1000}
REQUESTS=${REQUESTS:-100}
PORT=${PORT:-18187}

bench_build
bench_home
bench_db_start
step "loading the $SIZE demo"
# The demo prints the owner's token once, as its last word.
TOKEN=$("$ERP" demo --size "$SIZE" 2>/dev/null | grep -o 'erp_[A-Za-z0-9_-]*' | tail -1)
[ -n "$TOKEN" ] || { echo "the demo printed no owner token" >&2; exit 1; }
bench_serve "$PORT"
step "giving one client $ORDERS more orders"
CLIENT=$(python3 scripts/bench-reports.py orders "$PORT" "$TOKEN" "$ORDERS")
step "timing the card and the reports ($REQUESTS calls each)"
RESULTS=$(python3 scripts/bench-reports.py time "$PORT" "$TOKEN" "$CLIENT" "$REQUESTS")
MOVES=$(sql "SELECT count(*) FROM stock_moves")
CLIENT_ORDERS=$(sql "SELECT count(*) FROM sales_orders WHERE client_id = $CLIENT")
bench_check
bench_finish

bench_header "Reports benchmark — demo size $SIZE: $MOVES stock moves; client $CLIENT has $CLIENT_ORDERS orders"
printf '%-26s %10s %10s %8s\n' "target" "p50" "p99" "limit"
STATUS=0
while IFS='|' read -r NAME P50 P99; do
    LIMIT=300
    [ "$NAME" = "client card" ] && LIMIT=50
    VERDICT=ok
    if awk -v p="$P99" -v l="$LIMIT" 'BEGIN { exit !(p >= l) }'; then VERDICT=MISSED; STATUS=1; fi
    printf '%-26s %7s ms %7s ms %5s ms  %s\n' "$NAME" "$P50" "$P99" "$LIMIT" "$VERDICT"
done <<< "$RESULTS"
echo "$CHECK_LINE"
[ "$STATUS" = 0 ] && echo "targets met: client card p99 < 50 ms, every report p99 < 300 ms" || echo "a target was missed"
exit $STATUS
