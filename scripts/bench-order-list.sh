#!/usr/bin/env bash
# Order list benchmark (issue #20): `GET /api/v1/orders?limit=100` on a database of ORDERS draft
# orders of 40–80 lines each (made over HTTP through the service, on 2 keep-alive connections),
# asked REQUESTS times in a row on one connection. Prints the server's own time (the access log's
# duration_ms of those requests) p50/p99, the client's p50/p99, and the answer's size, beside the
# load average. The list answers summaries (no lines), so its cost does not grow with the lines.
# Target: server p99 < 50 ms. Exit status 1 when it is missed. Sizes: ORDERS (default 2000),
# PRODUCTS (300), REQUESTS (200), PORT; ERP_BIN=path measures another build (e.g. one from before the
# list answered summaries). Loopback only; a throwaway ERP_HOME (scripts/bench-lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

ORDERS=${ORDERS:-2000}
PRODUCTS=${PRODUCTS:-300}
REQUESTS=${REQUESTS:-200}
PORT=${PORT:-18189}

bench_build
ERP=${ERP_BIN:-$ERP}
bench_home
bench_sales_shop "$PRODUCTS" LST "Товар для списков"
bench_serve "$PORT"
step "creating $ORDERS draft orders of 40–80 lines over HTTP"
OUT=$(python3 - "$PORT" "$OWNER_TOKEN" "$WH" "$CLIENT" "$PLO" "$PHI" "$ORDERS" "$REQUESTS" <<'PY'
import json, sys, time
sys.dont_write_bytecode = True
sys.path.insert(0, "scripts")
from bench_lib import connect, post, run_on_connections

port, token, wh, client, plo, phi, count, requests = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])

def job(conn, n, rng):
    products = sorted(rng.sample(range(plo, phi + 1), rng.randint(40, 80)))
    body = {"client_id": client, "warehouse_id": wh,
            "lines": [{"product_id": p, "qty": str(rng.randint(1, 9))} for p in products]}
    post(conn, "/api/v1/orders", token, body, f"list-{n}")

started = time.monotonic()
run_on_connections(port, 2, count, job, "creating orders")
made = time.monotonic() - started

conn = connect(port)
timings, size = [], 0
for _ in range(requests):
    begin = time.monotonic()
    conn.request("GET", "/api/v1/orders?limit=100", headers={"Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    answer = response.read()
    timings.append((time.monotonic() - begin) * 1000)
    if response.status != 200 or len(json.loads(answer)["items"]) != 100:
        raise SystemExit(f"GET /api/v1/orders: {response.status} {answer[:300]!r}")
    size = len(answer)
timings.sort()
print(f"{made:.1f} {timings[len(timings) // 2]:.1f} {timings[int(len(timings) * 0.99) - 1]:.1f} {size}")
PY
)
read -r MADE_S CLIENT_P50 CLIENT_P99 BYTES <<<"$OUT"
bench_stop_server
read -r SERVER_P50 SERVER_P99 <<<"$(python3 - "$TMP/serve.log" "$REQUESTS" <<'PY'
import json, sys
times = []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("{"):
        entry = json.loads(line)
        if entry.get("msg") == "request" and entry.get("route") == "/api/v1/orders" and entry.get("method") == "GET":
            times.append(float(entry["duration_ms"]))
times = sorted(times[-int(sys.argv[2]):])
print(f"{times[len(times) // 2]:.1f} {times[int(len(times) * 0.99) - 1]:.1f}")
PY
)"
bench_check
bench_finish
LINES=$(sql "SELECT count(*) FROM sales_order_lines")
echo "orders: $ORDERS with $LINES lines in all (made in $MADE_S s); $REQUESTS × GET /api/v1/orders?limit=100 ($BYTES bytes)"
echo "server p50 $SERVER_P50 ms, p99 $SERVER_P99 ms; client p50 $CLIENT_P50 ms, p99 $CLIENT_P99 ms"
echo "load average: before $LOAD_BEFORE, after $LOAD_AFTER; $CHECK_LINE"
STATUS=0
awk -v p="$SERVER_P99" 'BEGIN { exit !(p < 50) }' || { echo "MISSED: server p99 not below 50 ms"; STATUS=1; }
[ "$CHECK_OK" = 1 ] || { echo "MISSED: erp check"; STATUS=1; }
exit "$STATUS"
