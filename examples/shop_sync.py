#!/usr/bin/env python3
"""A shop website's side of the erp integration (docs/integrations.md), standard library only.

  shop_sync.py receive PORT SECRET LOG     receive order webhooks on 127.0.0.1:PORT: check the
                                           signature, drop repeats by event id, append each new
                                           event to LOG as one JSON line
  shop_sync.py stock BASE_URL TOKEN STATE  follow the change feed's stock events from the cursor in
                                           STATE (a JSON file) and keep the shop's available stock
                                           there; prints it

Both are safe to stop and start at any time: the receiver's LOG remembers which events it has, and
the feed continues from the saved cursor, so nothing is lost and nothing is counted twice.
"""
import hashlib
import hmac
import json
import os
import sys
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer


def seen_ids(log):
    """The event ids already in LOG (the receiver's deduplication survives restarts)."""
    if not os.path.exists(log):
        return set()
    with open(log, encoding="utf-8") as lines:
        return {json.loads(line)["id"] for line in lines if line.strip()}


def receive(port, secret, log):
    seen = seen_ids(log)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            if not hmac.compare_digest(expected, self.headers.get("X-ERP-Signature", "")):
                self.send_response(401)
                self.end_headers()
                return
            event = json.loads(body)
            # At least once: a repeat (same X-ERP-Event-Id) is acknowledged and ignored.
            if int(self.headers["X-ERP-Event-Id"]) not in seen:
                seen.add(event["id"])
                with open(log, "a", encoding="utf-8") as out:
                    out.write(json.dumps({"id": event["id"], "type": event["type"], "entity_id": event["entity_id"],
                                          "data": event["data"]}, ensure_ascii=False) + "\n")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", port), Handler)
    print("listening", flush=True)
    server.serve_forever()


def stock(base_url, token, state_file):
    state = {"cursor": None, "available": {}}
    if os.path.exists(state_file):
        with open(state_file, encoding="utf-8") as saved:
            state = json.load(saved)
    while True:
        query = {"types": "stock.available_changed", "limit": "500"}
        if state["cursor"] is not None:
            query["since"] = state["cursor"]
        request = urllib.request.Request(base_url + "/api/v1/changes?" + urllib.parse.urlencode(query),
                                         headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(request) as answer:
            page = json.load(answer)
        for event in page["items"]:
            key = "%s@%s" % (event["data"]["product_id"], event["data"]["warehouse_id"])
            state["available"][key] = event["data"]["available"]
        state["cursor"] = page["next_cursor"]
        # Saved after applying: a crash in between re-applies the same absolute figures, harmlessly.
        with open(state_file + ".tmp", "w", encoding="utf-8") as out:
            json.dump(state, out)
        os.replace(state_file + ".tmp", state_file)
        if not page["items"]:
            break
    print(json.dumps(state["available"], sort_keys=True))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "receive":
        receive(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 5 and sys.argv[1] == "stock":
        stock(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
