#!/usr/bin/env python3
"""Helper of scripts/bench-stock.sh (standard library only).

  load PORT TOKEN W1 W2 SUPPLIER PLO PHI MOVES LINES THREADS
      Posts stock documents over HTTP until MOVES more moves are in the ledger: cycles over
      blocks of LINES products of [PLO, PHI]; each cycle posts a receipt of its block into W1
      (qty 5..50), every 5th cycle also a transfer of the block W1 → W2 (qty 1, two moves a
      line), every 10th a write-off from W1 (qty 1). A cycle's documents post in order, so
      stock is always there; cycles run on THREADS keep-alive connections. Progress on stderr.

  sample PORT TOKEN W SUPPLIER PLO PHI
      Posts one receipt of 3 lines (as the wrk script shapes them) and prints, one a line, the
      request body and the response body as hex bytea, and the audit change of such a posting:
      the constants the pgbench script sends where the service sends this request's texts.

  levels PORT TOKEN W1 PLO PHI REQUESTS
      Times REQUESTS × GET /api/v1/stock/levels?warehouse_id=W1&limit=100, walking the pages by
      next_cursor (and starting over at the end), with every 10th request a product_id= lookup;
      prints p50/p99. Checks that a full walk sees every product of [PLO, PHI] once.
"""
import json
import random
import sys
import threading
import time

sys.dont_write_bytecode = True
from bench_lib import Progress, connect, post, run_on_connections  # noqa: E402 — scripts/bench_lib.py, beside this file


def load(port, token, w1, w2, supplier, plo, phi, target, lines, threads):
    products = list(range(plo, phi + 1))
    lines = min(lines, len(products))
    blocks = [products[i:i + lines] for i in range(0, len(products), lines)]
    # The plan: (cycle, [(path, body, moves)]) until `target` moves, the last document trimmed.
    plan, planned, cycle = [], 0, 0
    while planned < target:
        block = blocks[cycle % len(blocks)]
        docs = [("/api/v1/receipts", "receipt", 1)]
        if cycle % 5 == 4:
            docs.append(("/api/v1/transfers", "transfer", 2))
        if cycle % 10 == 9:
            docs.append(("/api/v1/write-offs", "write_off", 1))
        job = []
        for path, kind, per_line in docs:
            room = (target - planned) // per_line
            if room == 0:
                break
            ids = block[:room]
            planned += len(ids) * per_line
            job.append((path, kind, ids))
        plan.append(job)
        cycle += 1
    lock = threading.Lock()
    state = {"moves": 0, "docs": 0}
    started = time.monotonic()

    def body_of(kind, ids, rng):
        if kind == "receipt":
            return {"warehouse_id": w1, "supplier_id": supplier, "supplier_ref": "LOAD",
                    "lines": [{"product_id": p, "qty": str(rng.randint(5, 50)),
                               "unit_cost": f"{rng.randint(100, 100000) / 100:.2f}"} for p in ids]}
        if kind == "transfer":
            return {"from_warehouse_id": w1, "to_warehouse_id": w2,
                    "lines": [{"product_id": p, "qty": "1"} for p in ids]}
        return {"warehouse_id": w1, "reason": "shrinkage", "lines": [{"product_id": p, "qty": "1"} for p in ids]}

    def job(conn, index, rng):
        for n, (path, kind, ids) in enumerate(plan[index]):
            post(conn, path, token, body_of(kind, ids, rng), f"load-{index}-{n}")
            with lock:
                state["moves"] += len(ids) * (2 if kind == "transfer" else 1)
                state["docs"] += 1

    progress = Progress("loading the ledger", target)

    def report():
        with lock:
            moves, docs = state["moves"], state["docs"]
        elapsed = time.monotonic() - started
        progress.update(moves, f"{moves:,}/{target:,} moves, {docs} documents, {elapsed:.0f} s "
                               f"({moves / max(elapsed, 0.001):,.0f} moves/s)")

    run_on_connections(port, threads, len(plan), job, "loading", report)
    progress.finish()
    elapsed = time.monotonic() - started
    print(f"{state['moves']} {state['docs']} {elapsed:.1f}")


def sample(port, token, wh, supplier, plo, phi):
    third = (phi - plo + 1) // 3
    body = {"warehouse_id": wh, "supplier_id": supplier, "supplier_ref": "W-1",
            "lines": [{"product_id": p, "qty": "7", "unit_cost": "123.45"} for p in (plo, plo + third, plo + 2 * third)]}
    data = json.dumps(body, separators=(",", ":")).encode()
    conn = connect(port)
    conn.request("POST", "/api/v1/receipts", body=data, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": "sample"})
    response = conn.getresponse()
    answer = response.read()
    if response.status != 201:
        raise SystemExit(f"POST /api/v1/receipts: {response.status} {answer[:300]!r}")
    document = json.loads(answer)
    change = {"lines": 3, "number": document["number"], "status": "posted", "supplier_id": supplier, "warehouse_id": wh}
    print("\\x" + data.hex())
    print("\\x" + answer.hex())
    print(json.dumps(change, sort_keys=True))


def levels(port, token, w1, plo, phi, requests):
    rng = random.Random(5)
    conn = connect(port)
    headers = {"Authorization": f"Bearer {token}"}

    def get(query):
        started = time.perf_counter()
        conn.request("GET", "/api/v1/stock/levels?" + query, headers=headers)
        response = conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise SystemExit(f"GET levels?{query}: {response.status} {body[:300]!r}")
        return elapsed, json.loads(body)

    # A full walk first: every product of the warehouse exactly once (and warm-up).
    seen, cursor, walk_ms = [], None, []
    while True:
        elapsed, page = get(f"warehouse_id={w1}&limit=100" + (f"&cursor={cursor}" if cursor else ""))
        walk_ms.append(elapsed)
        seen += [item["product_id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    expected = list(range(plo, phi + 1))
    if seen != expected:
        raise SystemExit(f"a walk of the levels saw {len(seen)} products, expected {len(expected)}")
    total = page["totals"]["levels"]

    times, lookups, pages = [], 0, 0
    cursor = None
    for i in range(requests):
        if i % 10 == 9:
            elapsed, page = get(f"warehouse_id={w1}&product_id={rng.randint(plo, phi)}&limit=100")
            if len(page["items"]) != 1:
                raise SystemExit(f"a product lookup found {len(page['items'])} levels")
            lookups += 1
        else:
            elapsed, page = get(f"warehouse_id={w1}&limit=100" + (f"&cursor={cursor}" if cursor else ""))
            if len(page["items"]) == 0:
                raise SystemExit("an empty page of levels")
            cursor = page["next_cursor"]
            pages += 1
        times.append(elapsed)
    times.sort()
    p50 = times[len(times) // 2]
    p99 = times[max(0, int(len(times) * 0.99) - 1)]
    print(f"{p50:.1f} {p99:.1f} {times[-1]:.1f} {pages} {lookups} {total}")


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "load":
        port, token, w1, w2, supplier, plo, phi, target, lines, threads = args
        load(int(port), token, int(w1), int(w2), int(supplier), int(plo), int(phi), int(target), int(lines), int(threads))
    elif command == "sample":
        port, token, wh, supplier, plo, phi = args
        sample(int(port), token, int(wh), int(supplier), int(plo), int(phi))
    elif command == "levels":
        port, token, w1, plo, phi, requests = args
        levels(int(port), token, int(w1), int(plo), int(phi), int(requests))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
