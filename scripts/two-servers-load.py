#!/usr/bin/env python3
"""Helper of scripts/two-servers.sh (standard library only).

  load PORT TOKEN WAREHOUSE SUPPLIER PRODUCT SECONDS THREADS OUT
      For SECONDS, THREADS clients post through nginx on PORT a mix of stock receipts (each with
      supplier_ref = its key) and new parties (named by their key), every request with a fresh
      Idempotency-Key. A request that gets no answer, or 502/503/504 (a server died under it), is
      sent again with the same key and body until it is answered (at most 30 tries). Writes one
      JSON line per logical write into OUT: kind, key, final status, created id, tries.

  verify OUT DOCS PARTIES
      Reads OUT and the database's counts per key (DOCS and PARTIES: "key|count" lines): every
      acknowledged (201) write exists exactly once with the id it was answered with, no key
      exists twice, and a write that was never acknowledged exists at most once. Prints the
      figures; exits 1 on any violation.
"""
import http.client
import json
import random
import sys
import threading
import time
import uuid

RETRYABLE = {502, 503, 504}


def load(port, token, warehouse, supplier, product, seconds, threads, out):
    deadline = time.monotonic() + seconds
    records, lock = [], threading.Lock()

    def send(conn, path, body, key):
        data = json.dumps(body, separators=(",", ":")).encode()
        conn.request("POST", path, body=data, headers={
            "Authorization": f"Bearer {token}", "Idempotency-Key": key, "Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, response.read()

    def worker(number):
        rng = random.Random(number)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < deadline:
            key = f"two-{number}-{uuid.uuid4().hex[:12]}"
            if rng.random() < 0.6:
                kind, path = "receipt", "/api/v1/receipts"
                body = {"warehouse_id": warehouse, "supplier_id": supplier, "supplier_ref": key,
                        "lines": [{"product_id": product, "qty": str(rng.randint(1, 9)), "unit_cost": "10.00"}]}
            else:
                kind, path = "party", "/api/v1/parties"
                body = {"kind": "company", "name": key, "is_client": True}
            status, answer, tries, ids = None, b"", 0, set()
            while tries < 30:
                tries += 1
                try:
                    status, answer = send(conn, path, body, key)
                except (OSError, http.client.HTTPException):
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    status = None
                if status == 201:
                    ids.add(json.loads(answer)["id"])
                if status is not None and status not in RETRYABLE:
                    break
                time.sleep(0.05)
            with lock:
                records.append({"kind": kind, "key": key, "status": status, "ids": sorted(ids), "tries": tries})
        conn.close()

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    with open(out, "w") as f:
        for record in records:
            f.write(json.dumps(record) + "\n")


def verify(out, docs_file, parties_file):
    records = [json.loads(line) for line in open(out)]
    counts = {}
    for name in (docs_file, parties_file):
        for line in open(name):
            if line.strip():
                key, count, ident = line.strip().split("|")
                counts[key] = (int(count), int(ident))
    problems = []
    acknowledged = [r for r in records if r["status"] == 201]
    for r in records:
        count, ident = counts.get(r["key"], (0, None))
        if count > 1:
            problems.append(f"{r['key']} exists {count} times")
        if r["status"] == 201 and (count != 1 or r["ids"] != [ident]):
            problems.append(f"{r['key']} acknowledged as {r['ids']} but stored {count}× as {ident}")
        if r["status"] not in (201, None) and r["status"] not in RETRYABLE:
            problems.append(f"{r['key']} answered {r['status']}")
    retried = [r for r in records if r["tries"] > 1]
    unanswered = [r for r in records if r["status"] != 201]
    stray = [k for k in counts if k not in {r["key"] for r in records}]
    problems += [f"{k} stored but never sent" for k in stray]
    print(f"writes {len(records)} ({sum(r['kind'] == 'receipt' for r in records)} receipts, "
          f"{sum(r['kind'] == 'party' for r in records)} parties), acknowledged {len(acknowledged)}, "
          f"retried with the same key {len(retried)} (max {max((r['tries'] for r in records), default=0)} tries), "
          f"never acknowledged {len(unanswered)}, rows per key: max {max((c for c, _ in counts.values()), default=0)}")
    for problem in problems[:20]:
        print("VIOLATION:", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    if sys.argv[1] == "load":
        a = sys.argv[2:]
        load(int(a[0]), a[1], int(a[2]), int(a[3]), int(a[4]), float(a[5]), int(a[6]), a[7])
    else:
        verify(*sys.argv[2:5])
