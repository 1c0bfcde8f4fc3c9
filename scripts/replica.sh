#!/usr/bin/env bash
# A streaming replica for reports (issue 19): `pg_basebackup -R` of the embedded primary into a
# second cluster on its own socket and port, `erp serve` with ERP_REPORTS_DATABASE_URL pointing at
# it. Shows a receipt posted on the primary reaching the replica's stock report (and the replay
# lag), that reports really read the replica, and what happens when the replica is down: reports
# answer 503 `unavailable`, the rest of the API and /ready stay up (docs/decisions.md).
# Loopback only; bounded (about 30 s). Prints its figures; exit 1 when a step does not hold.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18295}
REPLICA_PORT=${REPLICA_PORT:-55495}
source scripts/ops-lib.sh
AS=()                                  # as root the clusters run as postgres
[ "$(id -u)" = 0 ] && AS=(runuser -u postgres --)
SERVER=""
ops_stop() {
    [ -n "$SERVER" ] && { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
    "${AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/replica" -m immediate stop >/dev/null 2>&1 || true
}
ops_home

step "primary: the embedded cluster, an owner, a warehouse, a supplier, a product"
ops_db_start
SOCKET=$(python3 -c 'import sys, urllib.parse as u; print(u.parse_qs(sys.argv[1])["host"][0])' "$QUERY")
ops_shop rep-owner REP-1 "$APP_URL"

step "replica: pg_basebackup -R, its own socket and port $REPLICA_PORT"
mkdir -m 0700 "$TMP/replica" "$TMP/replica-run"
[ "$(id -u)" = 0 ] && chown postgres "$TMP/replica" "$TMP/replica-run"
"${AS[@]}" "$PGBIN/pg_basebackup" -h "$SOCKET" -p "${QUERY##*port=}" -U erp -D "$TMP/replica" -R -X stream -c fast
cat >>"$TMP/replica/postgresql.auto.conf" <<CONF
port = $REPLICA_PORT
unix_socket_directories = '$TMP/replica-run'
CONF
"${AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/replica" -l "$TMP/replica/log" -w start >/dev/null
REPLICA_URL="postgresql://erp_app@/erp?host=$TMP/replica-run&port=$REPLICA_PORT"
replica() { psql_at "$REPLICA_URL" "$1"; }
[ "$(replica "SELECT pg_is_in_recovery()")" = t ] || fail "the replica is not in recovery"

step "erp serve on $PORT with ERP_REPORTS_DATABASE_URL at the replica"
ERP_REPORTS_DATABASE_URL=$REPLICA_URL "$ERP" serve --listen "127.0.0.1:$PORT" >"$TMP/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.1; done
api() { curl -s -o "$TMP/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$@"; }

POSTED=$(date +%s.%N)
STATUS=$(api -X POST -H 'Content-Type: application/json' -H 'Idempotency-Key: rep-1' \
    -d "{\"warehouse_id\":$WAREHOUSE,\"supplier_id\":$SUPPLIER,\"lines\":[{\"product_id\":$PRODUCT,\"qty\":\"7\",\"unit_cost\":\"10.00\"}]}" \
    "http://127.0.0.1:$PORT/api/v1/receipts")
[ "$STATUS" = 201 ] || fail "receipt: $STATUS $(cat "$TMP/body")"
SEEN=""
for _ in $(seq 1 100); do
    [ "$(replica "SELECT count(*) FROM stock_moves")" -ge 1 ] && { SEEN=$(date +%s.%N); break; }
    sleep 0.02
done
[ -n "$SEEN" ] || fail "the receipt did not reach the replica in 2 s"
STATUS=$(api "http://127.0.0.1:$PORT/api/v1/reports/stock")
[ "$STATUS" = 200 ] && grep -q '"7' "$TMP/body" || fail "stock report from the replica: $STATUS $(cat "$TMP/body")"
READERS=$(replica "SELECT count(*) FROM pg_stat_activity WHERE usename = 'erp_app' AND pid <> pg_backend_pid()")
[ "$READERS" -ge 1 ] || fail "no server connection on the replica"
LAG=$(replica "SELECT coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)::numeric(10,3)")

step "replica stopped: reports answer 503, the rest stays up"
"${AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/replica" -m immediate stop >/dev/null
DOWN_REPORT=$(api "http://127.0.0.1:$PORT/api/v1/reports/stock")
DOWN_CODE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["error"]["code"])' "$TMP/body" 2>/dev/null || echo "?")
DOWN_OTHER=$(api "http://127.0.0.1:$PORT/api/v1/warehouses")
DOWN_READY=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/ready")
[ "$DOWN_REPORT" = 503 ] && [ "$DOWN_CODE" = unavailable ] && [ "$DOWN_OTHER" = 200 ] && [ "$DOWN_READY" = 200 ] \
    || fail "replica down: report $DOWN_REPORT $DOWN_CODE, warehouses $DOWN_OTHER, ready $DOWN_READY"

echo
echo "read replica (pg_basebackup -R, streaming) for erp serve's reports"
echo "receipt posted on the primary visible on the replica after $(python3 -c "print(f'{($SEEN - $POSTED) * 1000:.0f}')") ms (incl. the HTTP round trip); its last replayed commit ${LAG} s old"
echo "stock report served from the replica: 200, with $READERS erp_app connection(s) on the replica"
echo "replica down: reports $DOWN_REPORT $DOWN_CODE, GET /api/v1/warehouses $DOWN_OTHER, /ready $DOWN_READY"
echo "took $(($(date +%s) - START)) s"
