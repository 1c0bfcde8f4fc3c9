"""Shared by the Python helpers of scripts/bench-*.sh (standard library only): a keep-alive
connection to the server under test on loopback, and a POST that insists on its status."""
import http.client
import json


def connect(port):
    return http.client.HTTPConnection("127.0.0.1", port, timeout=120)


def post(conn, path, token, body, key, expect=201):
    """POSTs `body` (JSON; None: an empty body) with an Idempotency-Key; returns the answer's
    bytes, or exits naming the path when the status is not `expect`."""
    data = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn.request("POST", path, body=data, headers=headers)
    response = conn.getresponse()
    answer = response.read()
    if response.status != expect:
        raise SystemExit(f"POST {path}: {response.status} {answer[:300]!r}")
    return answer
