#!/usr/bin/env bash
# Benchmarks the HTTP1 server (http1-bench, GET /health) against nginx returning the same body,
# then checks memory and responsiveness with 1,000 idle keep-alive connections.
# Loopback only; bounded duration (about a minute). Targets: ≥ 50 % of nginx's requests/s,
# RSS < 200 MB with 1,000 idle connections. Exit status 1 when a target is missed.
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

swift build -c release --scratch-path .build-bench --product http1-bench
BIN=.build-bench/release/http1-bench

TMP=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

ulimit -n 65536 2>/dev/null || ulimit -n 4096 || true

"$BIN" --listen "127.0.0.1:$OURS_PORT" --workers "$WORKERS" >"$TMP/ours.log" 2>&1 &
OURS_PID=$!
PIDS+=("$OURS_PID")

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

rps() { # url → requests/s
    wrk -t2 -c64 -d"$DURATION" "$1" | awk '/^Requests\/sec:/ { print $2 }'
}
wrk -t2 -c64 -d2s "http://127.0.0.1:$OURS_PORT/health" >/dev/null
wrk -t2 -c64 -d2s "http://127.0.0.1:$NGINX_PORT/health" >/dev/null
OURS_RPS=$(rps "http://127.0.0.1:$OURS_PORT/health")
NGINX_RPS=$(rps "http://127.0.0.1:$NGINX_PORT/health")
RATIO=$(awk -v a="$OURS_RPS" -v b="$NGINX_RPS" 'BEGIN { printf "%.1f", 100 * a / b }')
echo "http1-bench: $OURS_RPS requests/s ($WORKERS workers)"
echo "nginx:       $NGINX_RPS requests/s ($CORES worker processes)"
echo "ratio ours/nginx: $RATIO %"

IDLE_OUT=$(python3 - "$OURS_PORT" "$OURS_PID" "$IDLE" <<'PY'
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
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(request)   # one request each, then the connection stays open and idle
    conns.append(s)
for s in conns:
    data = b""
    while not data.endswith(b'{"status":"ok"}'):
        chunk = s.recv(4096)
        if not chunk:
            raise SystemExit("connection closed early")
        data += chunk
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
echo "with $ALIVE idle keep-alive connections: RSS $RSS_MB MB; new request answered in $PROBE_MS ms (ok=$PROBE_OK)"

STATUS=0
awk -v r="$RATIO" 'BEGIN { exit !(r >= 50) }' || { echo "MISSED: throughput below 50 % of nginx"; STATUS=1; }
awk -v m="$RSS_MB" 'BEGIN { exit !(m < 200) }' || { echo "MISSED: RSS not below 200 MB"; STATUS=1; }
[ "$PROBE_OK" = 1 ] || { echo "MISSED: probe request not answered"; STATUS=1; }
awk -v p="$PROBE_MS" 'BEGIN { exit !(p < 1000) }' || { echo "MISSED: probe took 1 s or more"; STATUS=1; }
[ "$STATUS" = 0 ] && echo "all targets met"
exit "$STATUS"
