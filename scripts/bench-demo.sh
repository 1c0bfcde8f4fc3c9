#!/usr/bin/env bash
# Demo load benchmark (issue #20's bulk paths): loads `erp demo --size SIZE` (default large: a
# year, about a million stock moves) into a throwaway embedded database with the release build,
# prints the time of each step and in all (target for large: under 3 minutes) beside the load
# average, then runs `erp check`, which must be clean. SIZE=medium for a quick look;
# BENCH_REUSE_BUILD=1 measures the last release build as it is; ERP=path measures that binary.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

SIZE=${SIZE:-large}
if [ -n "${ERP:-}" ]; then ERP=$(realpath "$ERP"); else bench_build; fi
bench_home
bench_db_start
step "loading the $SIZE demo"
if ! "$ERP" demo --size "$SIZE" >"$TMP/demo.out" 2>"$TMP/demo.err"; then
    # The throwaway home goes with the script: say why the load stopped before it does.
    echo "erp demo --size $SIZE failed:" >&2
    tail -n 5 "$TMP/demo.err" >&2
    exit 1
fi
step "loaded; checking"
MOVES=$(sql "SELECT count(*) FROM stock_moves")
bench_check
bench_finish
bench_header "erp demo --size $SIZE"
grep -m1 '^Demo business' "$TMP/demo.out"
echo "stock moves: $MOVES"
# The per-step table the command prints (STEP/SECONDS) and the progress lines on stderr (one a step).
awk '/^STEP/ { on = 1 } on && NF == 0 { exit } on' "$TMP/demo.out"
echo "progress lines on stderr (not a terminal): $(wc -l <"$TMP/demo.err")"
echo "erp check: $CHECK_LINE"
[ "$CHECK_OK" = 1 ]
