#!/usr/bin/env bash
# The tests: `swift test` (each run boots its own throwaway PostgreSQL), then the browser suite
# (Tests/Browser, Debian chromium + chromium-driver + python3-selenium) against `erp serve` over
# the small demo in a throwaway ERP_HOME on a free loopback port. Screenshots of every page, at
# 1280x800 and 390x844, go to test-output/screenshots/. SKIP_SWIFT_TESTS=1 runs the browser part only.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_SWIFT_TESTS:-0}" != 1 ]; then
    swift test
fi

PYTHON=/usr/bin/python3  # Debian's, which has python3-selenium (a pyenv python3 on PATH may not)
source scripts/demo-server.sh
demo_server small
# The demo's owner has no password: the owner's pages are tested as a second owner who has one.
echo demo-password | "$ERP" user add --login olga --role owner --name "Ольга Лебедева" --password-stdin --as owner >/dev/null

rm -rf test-output/screenshots
STATUS=0
$PYTHON Tests/Browser/run.py "$BASE" test-output/screenshots || STATUS=$?
if [ "$STATUS" != 0 ]; then echo "--- erp serve log (last 40 lines)"; tail -n 40 "$TMP/serve.log"; fi
exit "$STATUS"
