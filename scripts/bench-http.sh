#!/usr/bin/env bash
# Benchmarks GET /health on the HTTP1 server alone (http1-bench) and on the real `erp serve`
# (router, access log, embedded database) against nginx returning the same body, in one run;
# then checks erp serve's memory and responsiveness with 1,000 idle keep-alive connections.
# Loopback only; bounded duration (about a minute). Targets: http1-bench ≥ 50 % of nginx's
# requests/s, erp serve ≥ 70 % (issue #20), RSS < 200 MB with 1,000 idle connections; the load
# average is printed beside the figures (rerun when the machine was busy). Exit status 1 when a
# target is missed. BENCH_REUSE_BUILD=1 measures the last release build as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

OURS_PORT=${OURS_PORT:-18181}
NGINX_PORT=${NGINX_PORT:-18182}
DURATION=${DURATION:-10s}
WORKERS=${WORKERS:-2}
IDLE=${IDLE:-1000}
CORES=$(nproc)

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
if ! have wrk || ! have nginx; then
    apt-get install -y wrk nginx >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk nginx >/dev/null; }
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

if [ "${BENCH_REUSE_BUILD:-0}" != 1 ]; then
    swift build -c release --scratch-path .build-bench --product http1-bench
    swift build -c release --scratch-path .build-bench --product erp
fi
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
BIN=.build-bench/release/http1-bench
ERP_BIN=${ERP_BIN:-.build-bench/release/erp}  # another build to compare: ERP_BIN=path BENCH_REUSE_BUILD=1
ERP_PORT=${ERP_PORT:-18083}

TMP=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    # erp serve started an embedded PostgreSQL under $TMP/home: stop it before deleting it.
    ERP_HOME="$TMP/home" "$ERP_BIN" db stop >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

ulimit -n 65536 2>/dev/null || ulimit -n 4096 || true

"$BIN" --listen "127.0.0.1:$OURS_PORT" --workers "$WORKERS" >"$TMP/ours.log" 2>&1 &
OURS_PID=$!
PIDS+=("$OURS_PID")

# The real product too: `erp serve` with its router, access log and embedded database.
mkdir -p "$TMP/home" && chmod 755 "$TMP"
ERP_HOME="$TMP/home" ERP_WORKERS="$WORKERS" "$ERP_BIN" serve --listen "127.0.0.1:$ERP_PORT" >"$TMP/erp.log" 2>&1 &
ERP_PID=$!
PIDS+=("$ERP_PID")

mkdir -p "$TMP/nginx/logs"
cat >"$TMP/nginx/nginx.conf" <<CONF
worker_processes $CORES;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 10000000;
    keepalive_timeout 60s;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            default_type application/json;
            return 200 '{"status":"ok"}';
        }
    }
}
CONF
"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" &
PIDS+=("$!")

wait_port() {
    for _ in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "port $1 did not open" >&2
    exit 1
}
wait_port "$OURS_PORT"
wait_port "$NGINX_PORT"
wait_port "$ERP_PORT"

rps() { # url → requests/s
    wrk -t2 -c64 -d"$DURATION" "$1" | awk '/^Requests\/sec:/ { print $2 }'
}
wrk -t2 -c64 -d2s "http://127.0.0.1:$OURS_PORT/health" >/dev/null
wrk -t2 -c64 -d2s "http://127.0.0.1:$NGINX_PORT/health" >/dev/null
wrk -t2 -c64 -d2s "http://127.0.0.1:$ERP_PORT/health" >/dev/null
OURS_RPS=$(rps "http://127.0.0.1:$OURS_PORT/health")
NGINX_RPS=$(rps "http://127.0.0.1:$NGINX_PORT/health")
ERP_RPS=$(rps "http://127.0.0.1:$ERP_PORT/health")
RATIO=$(awk -v a="$OURS_RPS" -v b="$NGINX_RPS" 'BEGIN { printf "%.1f", 100 * a / b }')
ERP_RATIO=$(awk -v a="$ERP_RPS" -v b="$NGINX_RPS" 'BEGIN { printf "%.1f", 100 * a / b }')
echo "http1-bench: $OURS_RPS requests/s ($WORKERS workers)"
echo "erp serve:   $ERP_RPS requests/s ($WORKERS workers, access log on)"
echo "nginx:       $NGINX_RPS requests/s ($CORES worker processes)"
echo "ratio http1-bench/nginx: $RATIO %"
echo "ratio erp serve/nginx:   $ERP_RATIO %"
echo "load average: before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)"

IDLE_OUT=$(python3 - "$ERP_PORT" "$ERP_PID" "$IDLE" <<'PY'
import socket, sys, time
port, pid, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
request = b"GET /health HTTP/1.1\r\nHost: bench\r\n\r\n"
def rss_kb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1
conns = []
# One request each, answered before the next connection opens (a burst of 1,000 at once would
# rightly meet the bounded handler queue's 503), then every connection stays open and idle.
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(request)
    data = b""
    while not data.endswith(b'{"status":"ok"}'):
        chunk = s.recv(4096)
        if not chunk:
            raise SystemExit("connection closed early")
        data += chunk
    conns.append(s)
time.sleep(1)
rss = rss_kb()
start = time.monotonic()
probe = socket.create_connection(("127.0.0.1", port), timeout=5)
probe.sendall(request)
reply = probe.recv(4096)
elapsed_ms = (time.monotonic() - start) * 1000
ok = reply.startswith(b"HTTP/1.1 200")
alive = sum(1 for s in conns if s.fileno() >= 0)
print(f"{rss} {elapsed_ms:.1f} {1 if ok else 0} {alive}")
for s in conns:
    s.close()
probe.close()
PY
)
read -r RSS_KB PROBE_MS PROBE_OK ALIVE <<<"$IDLE_OUT"
RSS_MB=$(awk -v k="$RSS_KB" 'BEGIN { printf "%.1f", k / 1024 }')
echo "erp serve with $ALIVE idle keep-alive connections: RSS $RSS_MB MB; new request answered in $PROBE_MS ms (ok=$PROBE_OK)"

STATUS=0
awk -v r="$RATIO" 'BEGIN { exit !(r >= 50) }' || { echo "MISSED: http1-bench below 50 % of nginx"; STATUS=1; }
awk -v r="$ERP_RATIO" 'BEGIN { exit !(r >= 70) }' || { echo "MISSED: erp serve below 70 % of nginx"; STATUS=1; }
awk -v m="$RSS_MB" 'BEGIN { exit !(m < 200) }' || { echo "MISSED: RSS not below 200 MB"; STATUS=1; }
[ "$PROBE_OK" = 1 ] || { echo "MISSED: probe request not answered"; STATUS=1; }
awk -v p="$PROBE_MS" 'BEGIN { exit !(p < 1000) }' || { echo "MISSED: probe took 1 s or more"; STATUS=1; }
[ "$STATUS" = 0 ] && echo "all targets met"
exit "$STATUS"
