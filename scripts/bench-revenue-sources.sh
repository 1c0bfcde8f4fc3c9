#!/usr/bin/env bash
# Before/after of the revenue aggregates (issue #16's speed target), in one run: the dashboard's and
# the revenue report's year-long queries — 12 months by month, the year by manager, the year by
# client — timed (EXPLAIN ANALYZE, median and worst of RUNS) over the hourly aggregate with products
# (sales_revenue_hours, what they read before) and over the one without (sales_revenue_client_hours,
# what they read now), on the demo company (SIZE=large by default; DEMO_HOME=DIR keeps and reuses
# it, see scripts/demo-server.sh). Prints the rows of each and the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-large}
RUNS=${RUNS:-7}
PSQL=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/psql

source scripts/demo-server.sh
echo "loading the $SIZE demo (release build)" >&2
demo_server "$SIZE" -c release
URL=$("$ERP" db url --owner)

timed() {  # NAME SQL: the median and the worst execution time of RUNS runs
    local times
    times=$(for _ in $(seq 1 "$RUNS"); do
        "$PSQL" "$URL" -AtX -c "EXPLAIN (ANALYZE, FORMAT JSON) $2" \
            | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["Execution Time"])'
    done | sort -n)
    printf '%-58s %8.1f ms %8.1f ms\n' "$1" "$(sed -n "$(((RUNS + 1) / 2))p" <<< "$times")" "$(tail -1 <<< "$times")"
}

# The revenue report's query shape (RevenueReport.figures) over SOURCE for the year to today.
query() {  # SOURCE KEY DIMENSION
    echo "SELECT $2, sum(s.revenue_minor)::bigint, sum(s.cost_minor)::bigint FROM (SELECT $3, sum(revenue_minor) AS revenue_minor,
          sum(cost_minor) AS cost_minor FROM (SELECT hour AS shipped_at, client_id, manager_id, revenue_minor, cost_minor FROM $1) l
          WHERE l.shipped_at >= now() - interval '1 year' GROUP BY 1) s GROUP BY 1"
}

echo "revenue aggregates — demo $SIZE: $("$PSQL" "$URL" -AtX -c "SELECT count(*) FROM sales_revenue_hours") rows with products," \
     "$("$PSQL" "$URL" -AtX -c "SELECT count(*) FROM sales_revenue_client_hours") without; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-58s %11s %11s\n' "query (a year)" "median" "worst"
for source in sales_revenue_hours_view sales_revenue_client_hours_view; do
    timed "$source: 12 months by month" "$(query "$source" "to_char(s.shipped_at AT TIME ZONE company_time_zone(), 'YYYY-MM')" l.shipped_at)"
    timed "$source: by manager" "$(query "$source" "s.manager_id" l.manager_id)"
    timed "$source: by client" "$(query "$source" "s.client_id" l.client_id)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
