#!/usr/bin/env bash
# Pages benchmark (issue #15's speed target): erp serve over the demo company (SIZE=medium by
# default) in a throwaway ERP_HOME on loopback; each role signs in through the form and opens every
# page of its menu and one record page of each list REQUESTS times. Prints, per page, p50/p99 of the
# server's own time (erp serve's access log) and its weight (HTML + linked CSS and JS), with the
# load average. Targets: p99 < 50 ms (the owner's dashboard 200 ms, report pages 300 ms), weight
# < 150 KB; exit status 1 when one is missed.
# DEMO_HOME=DIR loads the demo into DIR once and reuses it (see scripts/demo-server.sh).
# BENCH_DEBUG=1 measures the debug build (faster to get, slower to run) instead of a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-medium}
REQUESTS=${REQUESTS:-30}
BUILD_ARGS=(-c release)
[ "${BENCH_DEBUG:-0}" = 1 ] && BUILD_ARGS=()

source scripts/demo-server.sh
echo "loading the $SIZE demo and starting erp serve (${BUILD_ARGS[*]:-debug})" >&2
demo_server "$SIZE" "${BUILD_ARGS[@]}"
# The demo's owner has no password: the owner's pages are timed as a second owner who has one
# (added once to a kept DEMO_HOME).
[ "$DEMO_FRESH" = 0 ] || echo demo-password | "$ERP" user add --login olga --role owner --name "Ольга Лебедева" --password-stdin --as owner >/dev/null

echo "pages benchmark — demo $SIZE, $REQUESTS requests per page, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
STATUS=0
python3 scripts/bench-pages.py "$PORT" demo-password "$REQUESTS" "$TMP/serve.log" || STATUS=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$STATUS"
