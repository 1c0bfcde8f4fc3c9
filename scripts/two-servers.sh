#!/usr/bin/env bash
# Two `erp serve` behind nginx on one database, one killed mid-load (issue 19): proves that
# starting several servers is safe (two `erp migrate` at once migrate once, under an advisory
# lock), that every acknowledged write is stored exactly once, that retrying with the same
# Idempotency-Key after a dead server created nothing twice, and that `erp check` stays clean.
# Loopback only; bounded (about a minute). Needs nginx (Debian package) and a built erp
# (ERP=path, default .build/debug/erp, built when missing). Prints its figures; exit 1 on a violation.
set -euo pipefail
cd "$(dirname "$0")/.."
LOAD_SECONDS=${LOAD_SECONDS:-20}
KILL_AFTER=${KILL_AFTER:-6}
THREADS=${THREADS:-4}
PORT=${PORT:-18290}          # nginx; the servers take PORT+1 and PORT+2
command -v nginx >/dev/null || { echo "nginx is not installed (apt-get install nginx)" >&2; exit 2; }
source scripts/ops-lib.sh
PIDS=()
ops_stop() {
    [ -f "$TMP/nginx.pid" ] && nginx -p "$TMP" -c "$TMP/nginx.conf" -s stop 2>/dev/null
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}
ops_home

# --- an external-style database: a new, empty one in the embedded cluster ---------------------
step "starting PostgreSQL; a new empty database erp_two owned by erp_owner"
ops_db_start
psql_at "postgresql://erp@/postgres?$QUERY" "CREATE DATABASE erp_two OWNER erp_owner"
APP_URL="postgresql://erp_app@/erp_two?$QUERY"
OWNER_URL="postgresql://erp_owner@/erp_two?$QUERY"
sql() { psql_at "$OWNER_URL" "$1"; }

step "two erp migrate at once on the empty database"
ERP_DATABASE_URL=$OWNER_URL "$ERP" migrate --json >"$TMP/migrate1" 2>&1 &
M1=$!
ERP_DATABASE_URL=$OWNER_URL "$ERP" migrate --json >"$TMP/migrate2" 2>&1 &
M2=$!
wait $M1 && wait $M2 || { cat "$TMP/migrate1" "$TMP/migrate2" >&2; exit 1; }
APPLIED=$(python3 -c 'import json,sys; print(" + ".join(str(len(json.loads(open(f).read().splitlines()[-1])["applied"])) for f in sys.argv[1:]))' \
    "$TMP/migrate1" "$TMP/migrate2")
MIGRATIONS=$(sql "SELECT count(*) FROM erp_migrations")
[ "$(python3 -c "print($APPLIED)")" = "$MIGRATIONS" ] || { echo "migrations applied $APPLIED, recorded $MIGRATIONS" >&2; exit 1; }

export ERP_DATABASE_URL=$APP_URL
ops_shop two-owner TWO-1 "$OWNER_URL"

# --- two servers and nginx in front -------------------------------------------------------------
step "erp serve on $((PORT + 1)) and $((PORT + 2)), nginx on $PORT"
for port in $((PORT + 1)) $((PORT + 2)); do
    ERP_RATE_LIMIT=off "$ERP" serve --listen "127.0.0.1:$port" >"$TMP/serve-$port.log" 2>&1 &
    PIDS+=($!)
done
cat >"$TMP/nginx.conf" <<CONF
error_log $TMP/nginx-error.log;
pid $TMP/nginx.pid;
events {}
http {
    access_log off;
    client_body_temp_path $TMP/nginx-body;
    proxy_temp_path $TMP/nginx-proxy;
    upstream erp {
        server 127.0.0.1:$((PORT + 1)) max_fails=1 fail_timeout=5s;
        server 127.0.0.1:$((PORT + 2)) max_fails=1 fail_timeout=5s;
        keepalive 16;
    }
    server {
        listen 127.0.0.1:$PORT;
        location / {
            proxy_pass http://erp;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_next_upstream error timeout;
        }
    }
}
CONF
for port in $((PORT + 1)) $((PORT + 2)); do
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null && break; sleep 0.1; done
done
nginx -p "$TMP" -c "$TMP/nginx.conf"

# --- the load, one server killed under it -------------------------------------------------------
step "$THREADS clients for $LOAD_SECONDS s through nginx; kill -9 of the first server after $KILL_AFTER s"
python3 scripts/two-servers-load.py load "$PORT" "$TOKEN" "$WAREHOUSE" "$SUPPLIER" "$PRODUCT" \
    "$LOAD_SECONDS" "$THREADS" "$TMP/answers.jsonl" &
LOAD=$!
sleep "$KILL_AFTER"
kill -9 "${PIDS[0]}"
wait "${PIDS[0]}" 2>/dev/null || true
step "killed erp serve on $((PORT + 1))"
wait $LOAD

# --- proof ----------------------------------------------------------------------------------------
sql "SELECT supplier_ref, count(*), min(id) FROM stock_documents WHERE supplier_ref LIKE 'two-%' GROUP BY 1" >"$TMP/docs"
sql "SELECT name, count(*), min(id) FROM parties WHERE name LIKE 'two-%' GROUP BY 1" >"$TMP/parties"
VERIFY_OK=1
FIGURES=$(python3 scripts/two-servers-load.py verify "$TMP/answers.jsonl" "$TMP/docs" "$TMP/parties") || VERIFY_OK=0
CHECK_OK=1
CHECK_LINE=$("$ERP" check 2>&1) || CHECK_OK=0

echo
echo "two erp serve behind nginx, one killed with SIGKILL after ${KILL_AFTER} s of ${LOAD_SECONDS} s ($THREADS clients, $(nproc) cores)"
echo "migrate twice at once: $APPLIED applied = $MIGRATIONS recorded"
echo "$FIGURES"
echo "erp check: $CHECK_LINE"
echo "took $(($(date +%s) - START)) s"
[ "$VERIFY_OK" = 1 ] && [ "$CHECK_OK" = 1 ]
