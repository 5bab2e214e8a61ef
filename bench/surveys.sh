#!/usr/bin/env bash
# Survey estimation benchmark: health literacy with subgroups on 1,000,000 synthetic responses
# (100 county strata × 15 township PSUs, weights, urban/rural × sex × age group), with
# `healthcity survey estimate` (release build) and, as the peer in the same run, samplics' TaylorEstimator
# on the same CSV (pandas reading included, as the CLI's figure includes reading). The two results are
# compared (estimate and standard error, relative difference) so the timing compares equal work.
#
#   bench/surveys.sh [responses]
# samplics comes from PyPI into bench/out/venv the first time (needs network to PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
swift build -c release --product healthcity >/dev/null
BIN=$PWD/.build/release/healthcity
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
VENV=${SAMPLICS_VENV:-bench/out/venv}
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" -q install samplics==0.6.1 pandas
fi

python3 - "$WORK" "$N" <<'PY'
import csv, random, sys
work, n = sys.argv[1], int(sys.argv[2])
random.seed(5)
groups = ["15-24", "25-34", "35-44", "45-54", "55-69"]
with open(f"{work}/survey.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f); w.writerow(["county", "township", "urban", "sex", "agegroup", "w", "literacy"])
    for i in range(n):
        c = i % 100
        t = (i // 100) % 15
        urban = "城市" if (i * 7) % 10 < 4 else "农村"
        age = groups[(i * 13) % 5]
        p = 0.18 + 0.02 * (c % 10) + (0.08 if urban == "城市" else 0) - 0.02 * groups.index(age)
        w.writerow([f"县{c:03d}", f"县{c:03d}乡{t:02d}", urban, "男" if i % 2 else "女", age,
                    round(random.uniform(200, 2000), 3), 1 if random.random() < p else 0])
PY
echo "responses: $N ($(du -h "$WORK/survey.csv" | cut -f1) of CSV), 100 strata, 1,500 PSUs, 5 age groups"

/usr/bin/time -f "healthcity survey estimate (literacy, overall + 5 age groups, logit CI): %e s, peak %M KB" \
    "$BIN" survey estimate "$WORK/survey.csv" --weight w --stratum county --psu township --proportion literacy \
    --by agegroup --json > "$WORK/ours.json"

cat > "$WORK/peer.py" <<'PY'
import json, sys, warnings
warnings.filterwarnings("ignore")
import pandas as pd
from samplics import PopParam, TaylorEstimator
df = pd.read_csv(sys.argv[1])
est = TaylorEstimator(PopParam.prop)
est.estimate(y=df["literacy"].to_numpy(), samp_weight=df["w"].to_numpy(), stratum=df["county"].to_numpy(),
             psu=df["township"].to_numpy(), domain=df["agegroup"].to_numpy())
overall = TaylorEstimator(PopParam.prop)
overall.estimate(y=df["literacy"].to_numpy(), samp_weight=df["w"].to_numpy(), stratum=df["county"].to_numpy(),
                 psu=df["township"].to_numpy())
out = [{"domain": None, "estimate": float(overall.point_est[1]), "se": float(overall.stderror[1])}]
for d in sorted(df["agegroup"].unique()):
    out.append({"domain": d, "estimate": float(est.point_est[d][1]), "se": float(est.stderror[d][1])})
json.dump(out, open(sys.argv[2], "w"), ensure_ascii=False)
PY
/usr/bin/time -f "peer: samplics 0.6.1 TaylorEstimator (overall + 5 age groups, pandas read_csv included): %e s, peak %M KB" \
    "$VENV/bin/python" "$WORK/peer.py" "$WORK/survey.csv" "$WORK/peer.json"

python3 - "$WORK/ours.json" "$WORK/peer.json" <<'PY'
import json, sys
ours = {e["domain"]: e for e in json.load(open(sys.argv[1]))["estimates"]}
peer = {e["domain"]: e for e in json.load(open(sys.argv[2]))}
worst = 0.0
for d, p in peer.items():
    o = ours[d]
    for k in ("estimate", "se"):
        worst = max(worst, abs(o[k] - p[k]) / abs(p[k]))
print(f"  agreement with samplics: largest relative difference in estimate or se = {worst:.2e} over {len(peer)} estimates")
PY
