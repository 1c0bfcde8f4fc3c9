#!/usr/bin/env python3
"""Helper of scripts/bench-orders.sh (standard library only).

  stock PORT TOKEN W SUPPLIER PLO PHI QTY
      Receives QTY whole units of every product of [PLO, PHI] into warehouse W over HTTP
      (`POST /api/v1/receipts`, at most 1,000 lines a receipt), so confirmations never run short.

  drafts PORT TOKEN W CLIENT PLO PHI COUNT THREADS
      Creates COUNT draft orders of 3 lines over HTTP (`POST /api/v1/orders`, on THREADS keep-alive
      connections): one product from each third of [PLO, PHI] (distinct, ascending — as the wrk
      cycle script draws them), 1..5 whole units each, catalog prices. Prints "FIRST LAST SECONDS":
      the ids are one range (nothing else creates orders meanwhile; checked).

  sample PORT TOKEN ID
      Confirms draft ID over HTTP (with an Idempotency-Key) and prints, one a line, the answer as
      hex bytea and the audit change of such a confirmation: the constants the pgbench script
      (bench-orders-confirm.sql) sends where the service sends this request's own texts.
"""
import json
import random
import sys
import threading
import time

sys.dont_write_bytecode = True
from bench_lib import connect, post  # noqa: E402 — scripts/bench_lib.py, beside this file


def stock(port, token, wh, supplier, plo, phi, qty):
    conn = connect(port)
    products = list(range(plo, phi + 1))
    for n, start in enumerate(range(0, len(products), 1000)):
        lines = [{"product_id": p, "qty": str(qty), "unit_cost": f"{50 + p % 500}.00"} for p in products[start:start + 1000]]
        post(conn, "/api/v1/receipts", token, {"warehouse_id": wh, "supplier_id": supplier, "supplier_ref": "BENCH",
                                               "lines": lines}, f"stock-{n}")
    conn.close()


def drafts(port, token, wh, client, plo, phi, count, threads):
    third = (phi - plo + 1) // 3
    lock = threading.Lock()
    state = {"left": count, "ids": [], "error": None}
    started = time.monotonic()
    stamp = f"{time.time_ns()}"

    def worker(number):
        rng = random.Random(f"{stamp}-{number}")
        conn = connect(port)
        made = []
        try:
            while True:
                with lock:
                    if state["error"] or state["left"] == 0:
                        break
                    state["left"] -= 1
                products = (rng.randint(plo, plo + third - 1), rng.randint(plo + third, plo + 2 * third - 1),
                            rng.randint(plo + 2 * third, phi))
                body = {"client_id": client, "warehouse_id": wh,
                        "lines": [{"product_id": p, "qty": str(rng.randint(1, 5))} for p in products]}
                answer = post(conn, "/api/v1/orders", token, body, f"draft-{stamp}-{number}-{len(made)}")
                made.append(json.loads(answer)["id"])
        except BaseException as error:  # noqa: BLE001 — reported by the main thread
            with lock:
                state["error"] = state["error"] or error
        finally:
            conn.close()
            with lock:
                state["ids"] += made

    pool = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if state["error"]:
        raise SystemExit(f"creating drafts failed: {state['error']}")
    ids = sorted(state["ids"])
    if ids != list(range(ids[0], ids[0] + count)):
        raise SystemExit(f"the {count} drafts are not one id range ({ids[0]}..{ids[-1]})")
    print(f"{ids[0]} {ids[-1]} {time.monotonic() - started:.1f}")


def sample(port, token, order):
    conn = connect(port)
    answer = post(conn, f"/api/v1/orders/{order}/confirm", token, None, "sample", expect=200)
    confirmed = json.loads(answer)
    change = {"number": confirmed["number"], "status": "confirmed", "client_id": confirmed["client_id"],
              "total": confirmed["totals"]["gross"]}
    print("\\x" + answer.hex())
    print(json.dumps(change, sort_keys=True))


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "stock":
        port, token, wh, supplier, plo, phi, qty = args
        stock(int(port), token, int(wh), int(supplier), int(plo), int(phi), int(qty))
    elif command == "drafts":
        port, token, wh, client, plo, phi, count, threads = args
        drafts(int(port), token, int(wh), int(client), int(plo), int(phi), int(count), int(threads))
    elif command == "sample":
        port, token, order = args
        sample(int(port), token, int(order))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
