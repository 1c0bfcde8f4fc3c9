#!/usr/bin/env bash
# Webhooks survive `kill -9` (issue 21): `erp serve` delivers stock events to the example receiver
# (examples/shop_sync.py); the server is killed with SIGKILL while changes keep being committed
# (through the CLI), then started again. Every event of the subscription must reach the receiver,
# each once after deduplication by event id, in feed order. Loopback only; bounded (under a
# minute). Needs a built erp (ERP=path, default .build/debug/erp). Exit 1 on a lost or repeated event.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18390}          # erp serve; the receiver takes PORT+1
RECEIPTS=${RECEIPTS:-12}
SECRET=kill-nine-secret-2026
source scripts/ops-lib.sh
PIDS=()
ops_stop() { for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }
ops_home

step "starting PostgreSQL and a shop"
ops_db_start
ops_shop hooks-owner HOOK-1 "postgresql://erp_owner@/erp?$QUERY"
python3 examples/shop_sync.py receive $((PORT + 1)) "$SECRET" "$TMP/hooks.jsonl" >/dev/null &
PIDS+=($!)
"$ERP" webhook add --as hooks-owner --url "http://127.0.0.1:$((PORT + 1))/erp" --events stock.available_changed \
    --secret "$SECRET" >/dev/null
receive() { "$ERP" stock receive --warehouse MAIN --line "HOOK-1:1:10.00" --as hooks-owner >/dev/null 2>&1; }

step "erp serve on $PORT; $RECEIPTS receipts, kill -9 of the server halfway, more receipts while it is down"
"$ERP" serve --listen "127.0.0.1:$PORT" >"$TMP/serve-1.log" 2>&1 &
SERVER=$!
for i in $(seq 1 $((RECEIPTS / 2))); do receive; done
sleep 1.5
kill -9 "$SERVER"; wait "$SERVER" 2>/dev/null || true
for i in $(seq 1 $((RECEIPTS / 2))); do receive; done

step "erp serve again; waiting for the deliveries"
"$ERP" serve --listen "127.0.0.1:$PORT" >"$TMP/serve-2.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 40); do
    [ "$(wc -l <"$TMP/hooks.jsonl" 2>/dev/null || echo 0)" -ge "$RECEIPTS" ] && break
    sleep 0.5
done
EXPECTED=$(psql_at "postgresql://erp_owner@/erp?$QUERY" \
    "SELECT string_agg(id::text, ',' ORDER BY id) FROM change_events WHERE type = 'stock.available_changed'")
GOT=$(python3 -c 'import json,sys; print(",".join(str(json.loads(l)["id"]) for l in open(sys.argv[1])))' "$TMP/hooks.jsonl")
ATTEMPTS=$(psql_at "postgresql://erp_owner@/erp?$QUERY" "SELECT count(*) FROM webhook_deliveries")
step "events committed: $RECEIPTS; delivered (deduplicated): $(echo "$GOT" | tr ',' '\n' | grep -c .); attempts logged: $ATTEMPTS"
[ "$GOT" = "$EXPECTED" ] || fail "receiver has [$GOT], the feed [$EXPECTED]"
step "every event delivered once, in order, across kill -9"
