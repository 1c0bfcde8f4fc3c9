#!/usr/bin/env bash
# Catalog benchmark (issue #5): imports 100,000 products from one CSV file with `erp product
# import`, then runs 1,000 searches (`GET /api/v1/products?q=…`: barcode, sku prefix, fuzzy
# Cyrillic name) over keep-alive and prints p50/p99. Targets: import < 20 s, search p99 < 20 ms.
# Loopback only; a throwaway ERP_HOME; bounded (a few minutes at most).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-100000}
SEARCHES=${SEARCHES:-1000}
PORT=${PORT:-18184}

swift build -c release --scratch-path .build-bench --product erp
ERP=$PWD/.build-bench/release/erp
TMP=$(mktemp -d)
chmod 755 "$TMP"
export ERP_HOME="$TMP/home"
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    "$ERP" db stop >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

"$ERP" db start >/dev/null
TOKEN=$("$ERP" user add --login bench --role owner 2>/dev/null | tail -1)

python3 - "$COUNT" "$TMP/products.csv" <<'PY'
import random, sys
count, path = int(sys.argv[1]), sys.argv[2]
random.seed(7)
nouns = ["Молоток", "Гвоздь", "Шуруп", "Дрель", "Отвёртка", "Ключ", "Краска", "Кисть", "Лопата", "Перчатки",
         "Саморез", "Болт", "Гайка", "Шайба", "Уровень", "Рулетка", "Пила", "Топор", "Клей", "Лента"]
adjectives = ["слесарный", "оцинкованный", "строительный", "малярный", "садовый", "монтажный", "стальной",
              "латунный", "акриловый", "универсальный"]
def ean13(n):
    digits = [int(c) for c in f"460{n:09d}"]
    check = (10 - (sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10)) % 10
    return "".join(map(str, digits)) + str(check)
with open(path, "w", encoding="utf-8") as f:
    f.write("sku,name,unit,kind,barcodes,price,vat_rate,min_stock\n")
    for i in range(1, count + 1):
        name = f"{random.choice(nouns)} {random.choice(adjectives)} {i % 997}"
        f.write(f"SKU-{i:06d},{name},pcs,goods,{ean13(i)},{random.randint(1, 99999)}.{random.randint(0, 99):02d},20,0\n")
PY

START=$(date +%s.%N)
"$ERP" product import "$TMP/products.csv" --as bench >/dev/null
END=$(date +%s.%N)
IMPORT_S=$(awk -v a="$START" -v b="$END" 'BEGIN { printf "%.1f", b - a }')
echo "import of $COUNT products: $IMPORT_S s"

ERP_RATE_LIMIT=off "$ERP" serve --listen "127.0.0.1:$PORT" --workers 2 >"$TMP/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done

python3 - "$PORT" "$TOKEN" "$SEARCHES" "$COUNT" <<'PY'
import http.client, random, sys, time, urllib.parse
port, token, searches, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
random.seed(11)
def ean13(n):
    digits = [int(c) for c in f"460{n:09d}"]
    check = (10 - (sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10)) % 10
    return "".join(map(str, digits)) + str(check)
queries = []
for i in range(searches):
    kind = i % 3
    if kind == 0: queries.append(ean13(random.randint(1, count)))
    elif kind == 1: queries.append(f"SKU-{random.randint(1, count // 10):05d}")
    else: queries.append(random.choice(["молоток", "малоток", "саморез оцинк", "краска акрил", "лопата"]))
conn = http.client.HTTPConnection("127.0.0.1", port)
headers = {"Authorization": f"Bearer {token}"}
for q in queries[:20]:  # warm-up
    conn.request("GET", "/api/v1/products?limit=20&q=" + urllib.parse.quote(q), headers=headers); conn.getresponse().read()
times, hits = [], 0
for q in queries:
    started = time.perf_counter()
    conn.request("GET", "/api/v1/products?limit=20&q=" + urllib.parse.quote(q), headers=headers)
    response = conn.getresponse()
    body = response.read()
    times.append((time.perf_counter() - started) * 1000)
    if response.status != 200: raise SystemExit(f"search {q!r}: {response.status} {body[:200]!r}")
    hits += body.count(b'"sku"') > 0
times.sort()
p50, p99 = times[len(times) // 2], times[int(len(times) * 0.99) - 1]
print(f"search over {count} products: {searches} queries, p50 {p50:.1f} ms, p99 {p99:.1f} ms, {hits} with results")
ok = p99 < 20
print("search target met" if ok else "MISSED: search p99 not under 20 ms")
PY
awk -v s="$IMPORT_S" 'BEGIN { exit !(s < 20) }' && echo "import target met" || { echo "MISSED: import not under 20 s"; exit 1; }
