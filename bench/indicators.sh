#!/usr/bin/env bash
# Indicator benchmark: import 5 years × 42 indicators × 200 townships (42,000 figures, plus the county's
# own) with `healthcity data import`, then judge every target with `healthcity evaluate --json`, on
# SQLite and (when BENCH_POSTGRES_URL is set) PostgreSQL; release build.
# Peers measured in the same run: the engine's own bulk loader reading the same CSV into a bare table
# (sqlite3 .import; psql \copy) — the floor for getting these rows into that engine — and the process
# start-up (--help). Peak memory from /usr/bin/time.
#
#   bench/indicators.sh [townships] [years]
#   BENCH_POSTGRES_URL=postgres://postgres:healthcity@127.0.0.1:5432/postgres bench/indicators.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TOWNSHIPS=${1:-200}
YEARS=${2:-5}
swift build -c release --product healthcity >/dev/null
BIN=$PWD/.build/release/healthcity
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" "$TOWNSHIPS" "$YEARS" <<'PY'
import csv, random, sys
work, townships, years = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(7)
with open(f"{work}/regions.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f); w.writerow(["code", "name", "level", "parent"])
    for t in range(townships):
        w.writerow([f"140932{t:03d}000", f"乡镇{t:03d}", "township", "偏关县"])
# Rates within 0–100, counts as integers, each region drifting slowly so no year-on-year warning fires.
counts = {2, 41}
with open(f"{work}/data.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f); w.writerow(["region", "indicator", "period", "value"])
    regions = ["偏关县"] + [f"140932{t:03d}000" for t in range(townships)]
    for r in regions:
        for code in range(1, 43):  # the 42 HC indicators
            base = random.uniform(20, 80)
            for y in range(2023 - years + 1, 2024):  # 2019–2023: within the data years 2019–2025
                v = round(base * (1 + 0.02 * (y - 2019)), 1)
                w.writerow([r, f"HC{code}", y, int(v) if code in counts else v])
PY
ROWS=$(($(wc -l < "$WORK/data.csv") - 1))
echo "figures: $ROWS (5 years × 42 indicators × $((TOWNSHIPS + 1)) regions)"

run_engine() {
    local label=$1 url=$2
    export DATABASE_URL=$url
    "$BIN" plan load plans/pianguan-2023.yaml >/dev/null
    "$BIN" regions import "$WORK/regions.csv" --plan pianguan-2023 >/dev/null
    # Judged over five years, so the per-township targets are judged 5 × $TOWNSHIPS times.
    "$BIN" data settings pianguan-2023 --baseline-year 2021 --end-year 2025 >/dev/null
    echo "== $label =="
    /usr/bin/time -f "data import: %e s, peak %M KB" "$BIN" data import "$WORK/data.csv" --plan pianguan-2023 --state approved >/dev/null
    /usr/bin/time -f "evaluate (all targets, all years): %e s, peak %M KB" "$BIN" evaluate pianguan-2023 --json > "$WORK/eval.json"
    python3 -c "import json,sys; e=json.load(open('$WORK/eval.json')); print('  verdicts:', len(e))"
    /usr/bin/time -f "data export (board xlsx): %e s, peak %M KB" "$BIN" data export pianguan-2023 --out "$WORK/board.xlsx" >/dev/null
    /usr/bin/time -f "start-up floor (--help): %e s, peak %M KB" "$BIN" --help >/dev/null
}

run_engine "SQLite" "$WORK/bench.sqlite"
/usr/bin/time -f "peer: sqlite3 .import of the same CSV: %e s, peak %M KB" \
    sqlite3 "$WORK/peer.sqlite" ".mode csv" ".import $WORK/data.csv figures"

if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
    DB="hc_bench_$$"
    psql "$BENCH_POSTGRES_URL" -q -c "CREATE DATABASE $DB" >/dev/null
    PGURL="${BENCH_POSTGRES_URL%/*}/$DB?sslmode=disable"
    run_engine "PostgreSQL" "$PGURL"
    psql "${PGURL%%\?*}" -q -c "CREATE TABLE figures (region text, indicator text, period text, value double precision)"
    /usr/bin/time -f "peer: psql COPY (client side) of the same CSV: %e s, peak %M KB" \
        psql "${PGURL%%\?*}" -q -c "\\copy figures FROM '$WORK/data.csv' WITH (FORMAT csv, HEADER true)"
    psql "$BENCH_POSTGRES_URL" -q -c "DROP DATABASE $DB" >/dev/null
fi
