"""The change feed's reader for scripts/bench-feed.sh: polls GET /api/v1/changes in a tight loop
(limit 500, continuing from next_cursor, on one keep-alive connection) for SECONDS while writers
are busy, and prints one line:

RESULT <polls> <empty pages> <events> <poll p50 ms> <poll p99 ms> <poll max ms>
       <wait p50 ms> <wait p99 ms> <wait max ms> <first cursor> <last cursor>

A "wait" is how long the reader waited for a non-empty page: from the start of the first poll
after the previous non-empty page to the end of the next non-empty one (empty pages in between
count into it). (An event's `at` has whole seconds only: too coarse to time its delivery.) After an empty page the reader pauses PAUSE seconds (0: a tight loop, the worst case).
Usage: bench-feed-reader.py PORT TOKEN SECONDS CURSOR [PAUSE] (CURSOR: where to start, the newest
event id before the writers start).
"""

import http.client
import json
import sys
import time


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main():
    port, token, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    start, pause = sys.argv[4], float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": "Bearer " + token}

    def page(cursor):
        connection.request("GET", "/api/v1/changes?limit=500" + (f"&since={cursor}" if cursor else ""), headers=headers)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            sys.exit(f"GET /api/v1/changes: {response.status} {body[:200]!r}")
        return json.loads(body)

    # Start where the bench says the feed ends now (its newest event id).
    cursor = start
    first = cursor
    polls, empty, events = 0, 0, 0
    poll_ms, wait_ms = [], []
    waiting_since = None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        answer = page(cursor)
        ended = time.monotonic()
        polls += 1
        poll_ms.append((ended - started) * 1000)
        if waiting_since is None:
            waiting_since = started
        if not answer["items"]:
            empty += 1
            time.sleep(pause)
            continue
        events += len(answer["items"])
        wait_ms.append((ended - waiting_since) * 1000)
        waiting_since = None
        cursor = answer["next_cursor"]
    print("RESULT %d %d %d %.1f %.1f %.1f %.1f %.1f %.1f %s %s" % (
        polls, empty, events, percentile(poll_ms, 0.5), percentile(poll_ms, 0.99), max(poll_ms or [0]),
        percentile(wait_ms, 0.5), percentile(wait_ms, 0.99), max(wait_ms or [0]),
        first, cursor))


if __name__ == "__main__":
    main()
