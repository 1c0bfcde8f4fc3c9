# Shared set-up of the operations scripts (two-servers.sh, replica.sh). Sourced, not run, after
# `set -euo pipefail; cd "$(dirname "$0")/.."`.
#
#   ops_home                a throwaway ERP_HOME under TMP and the EXIT trap that calls
#                           `ops_stop` (each script defines it: its own processes), stops the
#                           embedded cluster and deletes TMP; ERP (built when missing), PGBIN, START
#   step MESSAGE / fail MESSAGE
#                           a progress line on stderr, seconds since the start / one and exit 1
#   ops_db_start            the embedded cluster started → APP_URL, QUERY (its host=…&port=…)
#   ops_shop LOGIN SKU URL  through the erp CLI (its database: the environment's): an owner LOGIN,
#                           a warehouse MAIN, a supplier, a product SKU → TOKEN, and WAREHOUSE,
#                           SUPPLIER, PRODUCT (ids) read at URL; `psql_at URL SQL` prints values

ERP=${ERP:-$PWD/.build/debug/erp}
[ -x "$ERP" ] || swift build --product erp
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

step() { echo "[$(($(date +%s) - START)) s] $*" >&2; }
fail() { echo "FAILED: $*" >&2; exit 1; }
psql_at() { "$PGBIN/psql" "$1" -qAtX -v ON_ERROR_STOP=1 -c "$2"; }

ops_home() {
    TMP=$(mktemp -d)
    chmod 755 "$TMP"             # as root the embedded cluster runs as postgres, which must reach it
    export ERP_HOME="$TMP/home"
    unset ERP_DATABASE_URL ERP_MIGRATE_DATABASE_URL ERP_REPORTS_DATABASE_URL ERP_BACKUP_DIR
    trap ops_cleanup EXIT INT TERM
    START=$(date +%s)
}

ops_cleanup() {
    ops_stop || true
    env -u ERP_DATABASE_URL "$ERP" db stop >/dev/null 2>&1 || true
    rm -rf "$TMP"
}

ops_db_start() {
    "$ERP" db start >/dev/null
    APP_URL=$("$ERP" db url)                    # postgresql://erp_app@/erp?host=…&port=…
    QUERY=${APP_URL#*\?}
}

ops_shop() {
    local login=$1 sku=$2 url=$3
    TOKEN=$("$ERP" user add --login "$login" --role owner 2>/dev/null | tail -1)
    "$ERP" warehouse add --code MAIN --name "Main" --as "$login" >/dev/null
    "$ERP" party add --kind company --name "ООО Поставщик" --supplier --as "$login" >/dev/null
    "$ERP" product add --sku "$sku" --name "Товар" --unit pcs --price 100.00 --vat 20 --as "$login" >/dev/null
    WAREHOUSE=$(psql_at "$url" "SELECT id FROM warehouses WHERE code = 'MAIN'")
    SUPPLIER=$(psql_at "$url" "SELECT id FROM parties WHERE name = 'ООО Поставщик'")
    PRODUCT=$(psql_at "$url" "SELECT id FROM products WHERE sku = '$sku'")
}
