#!/usr/bin/env python3
"""Helper of scripts/bench-reports.sh (standard library only).

  orders PORT TOKEN COUNT
      Gives one client COUNT more orders through the API (create → confirm → ship, one line of a
      product that has stock), so the client card is measured on a client with a long history;
      prints the client's id. Progress on stderr.

  time PORT TOKEN CLIENT REQUESTS
      Times REQUESTS × the client card and REQUESTS × every owner report (a year of data), each
      over one keep-alive connection; prints one line per target: name, p50 ms, p99 ms.
"""
import json
import sys
import time
from datetime import date, timedelta

sys.dont_write_bytecode = True
from bench_lib import connect, post  # noqa: E402 — scripts/bench_lib.py, beside this file


def get(conn, path, token):
    conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"GET {path}: {response.status} {body[:300]!r}")
    return body


def orders(port, token, count):
    conn = connect(port)
    levels = json.loads(get(conn, "/api/v1/stock/levels?limit=500", token))["items"]
    stocked = max(levels, key=lambda level: float(level["available"]))
    clients = json.loads(get(conn, "/api/v1/parties?is_client=true&limit=1", token))["items"]
    client = clients[0]["id"]
    # Enough stock for every order, whatever the demo left on the shelf.
    post(conn, "/api/v1/receipts", token, {"warehouse_id": stocked["warehouse_id"], "supplier_ref": "BENCH",
         "lines": [{"product_id": stocked["product_id"], "qty": str(count), "unit_cost": "100.00"}]}, "bench-receipt")
    started = time.monotonic()
    for index in range(count):
        body = {"client_id": client, "warehouse_id": stocked["warehouse_id"],
                "lines": [{"product_id": stocked["product_id"], "qty": "1"}]}
        order = json.loads(post(conn, "/api/v1/orders", token, body, f"bench-order-{index}"))
        post(conn, f"/api/v1/orders/{order['id']}/confirm", token, None, f"bench-confirm-{index}", expect=200)
        post(conn, f"/api/v1/orders/{order['id']}/ship", token, None, f"bench-ship-{index}")
        if index % 100 == 99:
            print(f"  {index + 1} orders for client {client} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    print(client)


def percentiles(samples):
    samples = sorted(samples)
    return samples[len(samples) // 2], samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def timed(port, token, path, requests):
    conn = connect(port)
    get(conn, path, token)  # warm
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        get(conn, path, token)
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def time_all(port, token, client, requests):
    today = date.today()
    year = f"from={(today - timedelta(days=364)).isoformat()}&to={today.isoformat()}"
    targets = [("client card", f"/api/v1/clients/{client}/card")]
    targets += [(f"revenue by {g}", f"/api/v1/reports/revenue?{year}&group_by={g}")
                for g in ("day", "week", "month", "client", "product", "category", "manager")]
    targets += [(f"stock by {g}", f"/api/v1/reports/stock?group_by={g}") for g in ("warehouse", "category", "product")]
    targets += [(f"write-offs by {g}", f"/api/v1/reports/write-offs?{year}&group_by={g}")
                for g in ("reason", "warehouse", "storekeeper", "product")]
    targets += [("movements", f"/api/v1/reports/movements?{year}"), ("pipeline", "/api/v1/reports/pipeline"),
                ("overdue tasks", "/api/v1/reports/overdue-tasks"), ("receivables", "/api/v1/reports/receivables"),
                ("low stock", "/api/v1/stock/low")]
    for name, path in targets:
        p50, p99 = timed(port, token, path, requests)
        print(f"{name}|{p50:.1f}|{p99:.1f}")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "orders":
        orders(int(args[0]), args[1], int(args[2]))
    elif command == "time":
        time_all(int(args[0]), args[1], args[2], int(args[3]))
    else:
        raise SystemExit(f"unknown command {command}")
