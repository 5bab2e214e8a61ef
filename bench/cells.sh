#!/usr/bin/env bash
# Healthy-cell register benchmark: a synthetic province of 10 cities × 10 counties (100 county
# programmes), 1,500 townships and 15,000 villages; `healthcity cells import` of 1,000,000 households
# (plus schools, communities and enterprises), then the province's coverage board
# (`healthcity cells board PROVINCE --depth 3`: every city, county and township × every kind) and one
# county programme's coverage (`healthcity coverage`), on SQLite and (with BENCH_POSTGRES_URL) PostgreSQL;
# release build.
# Peers measured in the same run: the engine's own bulk loader reading the same CSV into a bare table
# (sqlite3 .import; psql \copy) — the floor for getting these rows into that engine — and a full scan
# that counts the register per region and kind (what the board would cost without maintained counts).
# Peak memory from /usr/bin/time.
#
#   bench/cells.sh [households]
#   BENCH_POSTGRES_URL=postgres://postgres:healthcity@127.0.0.1:5432/postgres bench/cells.sh
set -euo pipefail
cd "$(dirname "$0")/.."
HOUSEHOLDS=${1:-1000000}
swift build -c release --product healthcity >/dev/null
BIN=$PWD/.build/release/healthcity
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" "$HOUSEHOLDS" <<'PY'
import csv, os, random, sys
work, households = sys.argv[1], int(sys.argv[2])
random.seed(11)
os.makedirs(f"{work}/plans")
counties = [(c, k) for c in range(10) for k in range(10)]
for c, k in counties:
    code = f"83{c:02d}{k:02d}"
    with open(f"{work}/plans/bench-{code}.yaml", "w", encoding="utf-8") as f:
        f.write(f"""id: bench-{code}
title: 测试县{code}健康县区建设实施方案
programme: healthy-county
place:
  name: 测试县{code}
  level: county
  code: "{code}"
  parents:
    - {{ name: 测试省, level: province, code: "810000" }}
    - {{ name: 测试市{c:02d}, level: city, code: "82{c:02d}00" }}
cellTargets:
  - {{ cell: community, atLeastPercent: 20 }}
  - {{ cell: family, atLeastCount: 10, per: township }}
  - {{ cell: school, atLeastPercent: 50 }}
  - {{ cell: enterprise, atLeastPercent: 20 }}
""")
villages = []
with open(f"{work}/regions.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f); w.writerow(["code", "name", "level", "parent"])
    for c, k in counties:
        county = f"83{c:02d}{k:02d}"
        for t in range(15):
            town = f"{county}{t:03d}"
            w.writerow([town, f"乡镇{town}", "township", county])
            for v in range(10):
                village = f"{town}{v:03d}"
                w.writerow([village, f"村{village}", "village", town])
                villages.append(village)
statuses = ["none"] * 6 + ["applied", "preliminary", "onsite"] + ["certified"] * 3
with open(f"{work}/cells.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f); w.writerow(["type", "name", "region", "subkind", "eligible", "status", "certified_on", "code"])
    for i in range(households):
        village = villages[i % len(villages)]
        s = random.choice(statuses)
        w.writerow(["family", f"户主{i}", village, "", "", s, "2024-06-01" if s == "certified" else "", f"H{i:07d}"])
    for village in villages:
        s = random.choice(statuses)
        w.writerow(["community", f"村{village}", village, "village", "", s, "2024-05-01" if s == "certified" else "", ""])
    for n, village in enumerate(villages[::5]):
        for kind, sub in (("school", "primary"), ("enterprise", random.choice(["large", "medium", "small"]))):
            s = random.choice(statuses)
            w.writerow([kind, f"{kind}{n}", village, sub, "", s, "2024-04-01" if s == "certified" else "", ""])
PY
ROWS=$(($(wc -l < "$WORK/cells.csv") - 1))
echo "register rows: $ROWS ($HOUSEHOLDS households; $(du -h "$WORK/cells.csv" | cut -f1) of CSV); 100 counties, 1,500 townships, 15,000 villages"

run_engine() {
    local label=$1 url=$2 scan=$3
    export DATABASE_URL=$url
    "$BIN" plan load "$WORK"/plans/*.yaml >/dev/null
    "$BIN" regions import "$WORK/regions.csv" >/dev/null
    echo "== $label =="
    /usr/bin/time -f "cells import ($ROWS rows, checked, whole or nothing, counts kept): %e s, peak %M KB" \
        "$BIN" cells import "$WORK/cells.csv" --quiet
    /usr/bin/time -f "province board (cells board --depth 3 --json: 10 cities, 100 counties, 1,500 townships): %e s, peak %M KB" \
        "$BIN" cells board 810000 --depth 3 --json > "$WORK/board.json"
    python3 -c "import json; b=json.load(open('$WORK/board.json')); print('  board rows:', len(b), '· households in the province:', int(b[0]['cells']['family']['eligible']))"
    /usr/bin/time -f "one county's coverage (coverage --json): %e s, peak %M KB" "$BIN" coverage bench-830000 --json > "$WORK/coverage.json"
    /usr/bin/time -f "start-up floor (--help): %e s, peak %M KB" "$BIN" --help >/dev/null
    /usr/bin/time -f "peer: full scan counting the register per region and kind (no maintained counts): %e s, peak %M KB" \
        bash -c "$scan" >/dev/null
}

SCAN_SQL="SELECT region_id, cell, COUNT(*), SUM(CASE WHEN eligible THEN 1 ELSE 0 END), SUM(CASE WHEN eligible AND status = 'certified' THEN 1 ELSE 0 END) FROM cell_places GROUP BY region_id, cell"
if command -v sqlite3 >/dev/null; then
    run_engine "SQLite" "$WORK/bench.sqlite" "sqlite3 '$WORK/bench.sqlite' \"$SCAN_SQL\""
    /usr/bin/time -f "peer: sqlite3 .import of the same CSV: %e s, peak %M KB" \
        sqlite3 "$WORK/peer.sqlite" ".mode csv" ".import $WORK/cells.csv cells"
else
    echo "sqlite3 is not installed (apt-get install sqlite3): SQLite lane skipped"
fi

if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
    DB="hc_bench_$$"
    psql "$BENCH_POSTGRES_URL" -q -c "CREATE DATABASE $DB" >/dev/null
    PGURL="${BENCH_POSTGRES_URL%/*}/$DB?sslmode=disable"
    run_engine "PostgreSQL" "$PGURL" "psql '${PGURL%%\?*}' -q -c \"$SCAN_SQL\""
    psql "${PGURL%%\?*}" -q -c "CREATE TABLE cells (type text, name text, region text, subkind text, eligible text, status text, certified_on text, code text)"
    /usr/bin/time -f "peer: psql COPY (client side) of the same CSV: %e s, peak %M KB" \
        psql "${PGURL%%\?*}" -q -c "\\copy cells FROM '$WORK/cells.csv' WITH (FORMAT csv, HEADER true)"
    psql "$BENCH_POSTGRES_URL" -q -c "DROP DATABASE $DB" >/dev/null
fi
