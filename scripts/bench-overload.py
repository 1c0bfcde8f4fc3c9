"""Load generator of scripts/bench-overload.sh (standard library only, loopback only): asyncio
keep-alive clients that count every status and every client timeout, which wrk cannot.

  load PORT TOKEN PATH CLIENTS SECONDS     closed-loop clients for SECONDS; prints one JSON line:
                                           statuses, timeouts (no answer within TIMEOUT s),
                                           errors, successful requests per second
  uploads PORT PID CLIENTS MIB             CLIENTS anonymous uploads of MIB MiB each to the
                                           product import; prints statuses and the server's RSS
  adversarial PORT KEEPER OWNER SECONDS    8 searches for 7,900 '_' (storekeeper) beside a plain
                                           GET /api/v1/products/1 (owner) in a loop; prints the
                                           plain GET's worst latency and both sides' statuses

A 503 is honoured like a well-behaved client would: it waits Retry-After, then goes on.
"""
import asyncio
import json
import sys
import time
from collections import Counter

TIMEOUT = 5.0


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    if length:
        await reader.readexactly(length)
    return status, headers


def request_bytes(path, token=None, extra=""):
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    return f"GET {path} HTTP/1.1\r\nHost: bench\r\n{auth}{extra}\r\n".encode()


class Tally:
    def __init__(self):
        self.statuses, self.timeouts, self.errors, self.worst = Counter(), 0, 0, 0.0


async def client_loop(port, payload, deadline, tally, honour_retry=True):
    """Sends `payload` again and again on a keep-alive connection until `deadline`."""
    reader = writer = None
    while time.monotonic() < deadline:
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), TIMEOUT)
            started = time.monotonic()
            writer.write(payload)
            status, headers = await asyncio.wait_for(read_response(reader), TIMEOUT)
            tally.worst = max(tally.worst, time.monotonic() - started)
            tally.statuses[status] += 1
            if headers.get("connection", "").lower() == "close":
                writer.close()
                writer = None
            if status == 503 and honour_retry:
                await asyncio.sleep(min(float(headers.get("retry-after", "1")), max(0.0, deadline - time.monotonic())))
        except asyncio.TimeoutError:
            tally.timeouts += 1
            tally.worst = max(tally.worst, TIMEOUT)
            writer and writer.close()
            writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            tally.errors += 1
            writer and writer.close()
            writer = None
            await asyncio.sleep(0.05)
    if writer:
        writer.close()


async def load(port, token, path, clients, seconds):
    tally = Tally()
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(client_loop(port, request_bytes(path, token), deadline, tally) for _ in range(clients)))
    ok = sum(n for status, n in tally.statuses.items() if 200 <= status < 300)
    return {"clients": clients, "statuses": dict(sorted(tally.statuses.items())), "timeouts": tally.timeouts,
            "errors": tally.errors, "ok_per_s": round(ok / seconds, 1)}


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


async def upload(port, mib, tally):
    """One anonymous upload: head, then the whole body as fast as the server takes it."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        size = mib << 20
        writer.write(f"POST /api/v1/products/import HTTP/1.1\r\nHost: bench\r\nContent-Type: text/csv\r\n"
                     f"Content-Length: {size}\r\n\r\n".encode())
        answer = asyncio.ensure_future(asyncio.wait_for(read_response(reader), 60))
        chunk = b"sku,name\r\n" * 6554  # 64 KiB of CSV-looking bytes
        sent = 0
        while sent < size and not answer.done():
            writer.write(chunk[: min(len(chunk), size - sent)])
            sent += min(len(chunk), size - sent)
            try:
                await writer.drain()
            except OSError:
                break
        status, _ = await answer
        tally.statuses[status] += 1
        writer.close()
    except asyncio.TimeoutError:
        tally.timeouts += 1
    except (OSError, asyncio.IncompleteReadError):
        tally.errors += 1


async def uploads(port, pid, clients, mib):
    tally = Tally()
    before = rss_kib(pid)
    peak = before
    work = asyncio.ensure_future(asyncio.gather(*(upload(port, mib, tally) for _ in range(clients))))
    started = time.monotonic()
    while not work.done():
        peak = max(peak, rss_kib(pid))
        await asyncio.sleep(0.02)
    return {"clients": clients, "mib_each": mib, "statuses": dict(tally.statuses), "timeouts": tally.timeouts,
            "errors": tally.errors, "seconds": round(time.monotonic() - started, 2), "rss_before_mib": before >> 10,
            "rss_peak_mib": peak >> 10, "vm_hwm_mib": rss_kib(pid, "VmHWM") >> 10}


async def adversarial(port, keeper, owner, seconds):
    searches, plain = Tally(), Tally()
    deadline = time.monotonic() + seconds
    search = request_bytes("/api/v1/products?q=" + "_" * 7900, keeper)
    tasks = [client_loop(port, search, deadline, searches, honour_retry=False) for _ in range(8)]
    tasks.append(client_loop(port, request_bytes("/api/v1/products/1", owner), deadline, plain, honour_retry=False))
    await asyncio.gather(*tasks)
    return {"seconds": seconds, "plain_worst_ms": round(plain.worst * 1000, 1),
            "plain_statuses": dict(plain.statuses), "plain_timeouts": plain.timeouts,
            "search_statuses": dict(searches.statuses), "search_timeouts": searches.timeouts,
            "search_worst_ms": round(searches.worst * 1000, 1)}


def main(argv):
    command, port = argv[1], int(argv[2])
    if command == "load":
        result = load(port, argv[3], argv[4], int(argv[5]), float(argv[6]))
    elif command == "uploads":
        result = uploads(port, int(argv[3]), int(argv[4]), int(argv[5]))
    elif command == "adversarial":
        result = adversarial(port, argv[3], argv[4], float(argv[5]))
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(asyncio.run(result)))


if __name__ == "__main__":
    main(sys.argv)
