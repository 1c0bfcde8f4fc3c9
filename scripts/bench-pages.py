"""The pages benchmark's driver (scripts/bench-pages.sh; standard library only): signs each demo role
in through the sign-in form, requests every page of its menu and one record page of each list
REQUESTS times, then reads the server's own time per request from erp serve's JSON access log and
prints, per page, p50/p99 of that server time and the page's weight (HTML plus the CSS and JS it
links). The owner's heavier report choices (OWNER_VARIANTS: a year, the big groupings) are timed
too, each in a block of its own. Exit status 1 when a page misses its p99 limit (50 ms; the
owner's dashboard 200 ms and report pages 300 ms, on the large demo) or weighs 150 KB or more."""
import http.client
import json
import re
import sys
import time
import urllib.parse

ROLES = {
    "kirill": ["/stock", "/stock/documents", "/ship", "/stock/counts/new"],
    "anna": ["/clients", "/orders", "/orders/new", "/tasks"],
    "elena": ["/documents", "/payments", "/payments/new", "/receivables", "/bank"],
    "olga": ["/", "/reports/revenue", "/reports/stock", "/reports/write-offs", "/reports/movements", "/reports/pipeline",
             "/reports/overdue-tasks", "/audit", "/admin/users", "/admin/tokens", "/admin/company", "/admin/warehouses"],
    "pavel": ["/purchasing/orders", "/purchasing/orders/new", "/purchasing/suggestions", "/purchasing/payables", "/purchasing/bills"],
}
# The accountant's side of purchasing.
ROLES["elena"] += ["/purchasing/payments", "/purchasing/payments/new"]
# One record page per list: the first link of the list's page that matches.
DETAILS = {
    "/stock": r'href="(/stock/products/\d+)"',
    "/stock/documents": r'href="(/stock/documents/\d+)"',
    "/ship": r'href="(/ship/\d+)"',
    "/clients": r'href="(/clients/\d+)"',
    "/orders": r'href="(/orders/\d+)"',
    "/documents": r'href="(/documents/\d+)"',
    "/payments": r'href="(/payments/\d+)"',
    "/purchasing/orders": r'href="(/purchasing/orders/\d+)"',
    "/purchasing/payables": r'href="(/purchasing/suppliers/\d+)"',
    "/admin/users": r'href="(/admin/users/\d+)"',
    "/admin/warehouses": r'href="(/admin/warehouses/\d+)"',
}
# The owner's heavier choices on the report pages (a year, the big groupings): the access log names
# a path without its query, so these are timed one block at a time from the log lines each adds.
OWNER_VARIANTS = ["/reports/revenue?preset=year&group_by=month", "/reports/revenue?preset=year&group_by=client",
                  "/reports/revenue?preset=year&group_by=product", "/reports/revenue?preset=year&group_by=manager",
                  "/reports/movements?preset=year", "/reports/movements?preset=year&group_by=product",
                  "/reports/write-offs?preset=year&group_by=product", "/reports/stock?group_by=product"]
P99_LIMIT_MS = 50.0
OWNER_LIMITS_MS = {"/": 200.0, "/reports/": 300.0}
WEIGHT_LIMIT = 150 * 1024


class Session:
    """A keep-alive connection with the cookies the server set."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies = {}

    def request(self, method, path, body=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, data

    def sign_in(self, login, password):
        status, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf" value="([^"]+)"', page)
        if status != 200 or not token:
            raise SystemExit(f"/login: {status}, no CSRF field")
        form = urllib.parse.urlencode({"login": login, "password": password, "csrf": token.group(1).decode()})
        status, _ = self.request("POST", "/login", form)
        if status != 303:
            raise SystemExit(f"sign-in of {login}: {status}")


def weight(session, html, cache):
    """The page's HTML plus every stylesheet and script it links (each fetched once)."""
    total = len(html)
    for asset in re.findall(rb'(?:href|src)="(/assets/[^"]+)"', html):
        path = asset.decode()
        if path not in cache:
            cache[path] = len(session.request("GET", path)[1])
        total += cache[path]
    return total


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def log_entries(log_path, offset=0):
    """The access log's GET 200 entries from byte `offset` on, and the offset after them."""
    with open(log_path, "rb") as log:
        log.seek(offset)
        data = log.read()
    data = data[:data.rfind(b"\n") + 1]  # a line still being written is read next time
    entries = []
    for line in data.decode("utf-8").splitlines():
        if not line.startswith("{"):
            continue
        entry = json.loads(line)
        if entry.get("msg") == "request" and entry.get("method") == "GET" and entry.get("status") == 200:
            entries.append(entry)
    return entries, offset + len(data)


def time_variants(port, password, requests, log_path, times, weights, assets):
    """Each owner variant REQUESTS times in a block of its own, its server times from the lines it added."""
    session = Session(port)
    session.sign_in("olga", password)
    for target in OWNER_VARIANTS:
        status, html = session.request("GET", target)
        if status != 200:
            raise SystemExit(f"olga GET {target}: {status}")
        weights[target] = weight(session, html, assets)
        time.sleep(0.2)
        _, offset = log_entries(log_path)
        for _ in range(requests):
            if session.request("GET", target)[0] != 200:
                raise SystemExit(f"olga GET {target}: not 200")
        time.sleep(0.2)
        path = target.split("?")[0]
        times[target] = [float(e["duration_ms"]) for e in log_entries(log_path, offset)[0] if e["path"] == path]


def main():
    port, password, requests, log_path = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    weights, assets = {}, {}
    for login, paths in ROLES.items():
        session = Session(port)
        session.sign_in(login, password)
        pages = list(paths)
        for path in paths:
            status, html = session.request("GET", path)
            if status != 200:
                raise SystemExit(f"{login} GET {path}: {status}")
            weights[path] = weight(session, html, assets)
            pattern = DETAILS.get(path)
            found = re.search(pattern.encode(), html) if pattern else None
            if found:
                detail = found.group(1).decode()
                pages.append(detail)
                weights[detail] = weight(session, session.request("GET", detail)[1], assets)
        for _ in range(requests):
            for path in pages:
                status, _ = session.request("GET", path)
                if status != 200:
                    raise SystemExit(f"{login} GET {path}: {status}")
    times = {}
    for entry in log_entries(log_path)[0]:
        times.setdefault(entry["path"], []).append(float(entry["duration_ms"]))
    time_variants(port, password, requests, log_path, times, weights, assets)
    failed = False
    print(f"{'page':48} {'p50':>9} {'p99':>9} {'weight':>9}  p99 limit")
    for path in weights:
        samples = times.get(path, [])
        if not samples:
            continue
        p50, p99 = percentile(samples, 0.5), percentile(samples, 0.99)
        limit = OWNER_LIMITS_MS["/"] if path == "/" else OWNER_LIMITS_MS["/reports/"] if path.startswith("/reports/") else P99_LIMIT_MS
        verdict = "ok" if p99 < limit and weights[path] < WEIGHT_LIMIT else "MISSED"
        failed |= verdict != "ok"
        print(f"{path:48} {p50:6.1f} ms {p99:6.1f} ms {weights[path] / 1024:6.1f} KB  < {limit:.0f} ms  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
