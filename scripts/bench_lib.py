"""Shared by the Python helpers of scripts/bench-*.sh (standard library only): a keep-alive
connection to the server under test on loopback, a POST that insists on its status, a pool of
such connections working through numbered jobs, and a progress line fit for a terminal or a log."""
import http.client
import json
import random
import sys
import threading
import time


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


def run_on_connections(port, threads, count, job, what, progress=None):
    """Runs job(conn, index, rng) for every index of range(count) on `threads` keep-alive
    connections at once (each thread with random.Random(its number), taking the next index when
    done with one); the first failure stops them all and exits with "WHAT failed: …".
    progress(), when given, is called once a second while they run, and once at the end."""
    lock = threading.Lock()
    state = {"next": 0, "error": None}

    def worker(number):
        rng = random.Random(number)
        conn = connect(port)
        try:
            while True:
                with lock:
                    if state["error"] or state["next"] >= count:
                        return
                    index = state["next"]
                    state["next"] += 1
                job(conn, index, rng)
        except BaseException as error:  # noqa: BLE001 — reported by the main thread
            with lock:
                state["error"] = state["error"] or error
        finally:
            conn.close()

    pool = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(threads)]
    for thread in pool:
        thread.start()
    while any(thread.is_alive() for thread in pool):
        time.sleep(1)
        if progress:
            progress()
    if state["error"]:
        raise SystemExit(f"{what} failed: {state['error']}")


class Progress:
    """A progress line on stderr, as `erp`'s own progress bar writes it: on a terminal redrawn in
    place with a carriage return; into a file or a pipe (a log) a line each tenth of the way,
    never thousands of carriage returns."""

    def __init__(self, label, total, stream=None):
        self.label, self.total, self.stream = label, max(total, 1), stream or sys.stderr
        self.interactive = self.stream.isatty()
        self.tenths = -1

    def update(self, done, detail):
        if self.interactive:
            self.stream.write(f"\r{self.label}: {detail}   ")
        else:
            tenths = min(10, max(0, done) * 10 // self.total)
            if tenths == self.tenths:
                return
            self.tenths = tenths
            self.stream.write(f"{self.label} {tenths * 10}%: {detail}\n")
        self.stream.flush()

    def finish(self):
        """Ends the redrawn line on a terminal (a log's lines are whole already)."""
        if self.interactive:
            self.stream.write("\n")
            self.stream.flush()
