#!/usr/bin/env python3
"""Generates the survey comparison fixtures: synthetic data sets (CSV) and the
estimates that samplics (and, for design effects, svy) computes on them (JSON).

Run from anywhere:  python make_comparison.py
Needs: samplics==0.6.1 and svy==0.35.0 (pip install samplics==0.6.1 svy==0.35.0).
Everything is seeded: running it again writes the same files.

samplics' TaylorEstimator accepts deff=True but 0.6.1 never fills its design
effects, so the design effects come from svy (by the same author, samplics'
successor); the script checks that svy's estimates and standard errors agree
with samplics' before it takes a design effect from it.
"""
from __future__ import annotations

import csv
import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl

warnings.filterwarnings("ignore")

import samplics  # noqa: E402
import svy  # noqa: E402
from samplics import PopParam, TaylorEstimator  # noqa: E402
from samplics.sampling import SampleSelection  # noqa: E402
from samplics.utils.types import SelectMethod, SinglePSUEst  # noqa: E402
from samplics.weighting import SampleWeight  # noqa: E402

HERE = Path(__file__).resolve().parent
AGE_GROUPS = ["15-24", "25-34", "35-44", "45-54", "55-69"]
SAMPLICS_VERSION = "0.6.1"
SVY_VERSION = "0.35.0"


# ---------------------------------------------------------------- data


def age_group(age: int) -> str:
    for label in AGE_GROUPS:
        low, high = (int(x) for x in label.split("-"))
        if low <= age <= high:
            return label
    raise ValueError(age)


def logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def survey_rows(rng, strata: int, psus: tuple[int, int], per_psu: tuple[int, int]) -> list[dict]:
    """A health-literacy-like sample: county strata, township PSUs, one respondent per household."""
    rows = []
    rid = 0
    for h in range(strata):
        county = f"县{h + 1:02d}"
        urban_share = rng.uniform(0.2, 0.8)
        county_effect = rng.normal(0, 0.4)
        for j in range(int(rng.integers(psus[0], psus[1] + 1))):
            township = f"{county}乡{j + 1:02d}"
            urban = "城市" if rng.uniform() < urban_share else "农村"
            u = rng.normal(0, 0.6)
            p_township = rng.uniform(0.05, 0.4)  # PPS probability of the township
            p_village = rng.uniform(0.2, 0.7)
            for _ in range(int(rng.integers(per_psu[0], per_psu[1] + 1))):
                rid += 1
                sex = "男" if rng.uniform() < 0.5 else "女"
                age = int(rng.integers(15, 70))
                members = int(rng.integers(1, 6))  # eligible members: KISH picks one
                p_household = rng.uniform(0.02, 0.1)
                weight = 1.0 / (p_township * p_village * p_household) * members
                city = 1.0 if urban == "城市" else 0.0
                literacy = int(rng.uniform() < logistic(-1.0 + 0.7 * city + u + county_effect - 0.03 * (age - 40)))
                smoker = int(rng.uniform() < logistic(-0.3 + (1.2 if sex == "男" else -2.0) + 0.3 * u))
                score = float(np.clip(40 + 8 * city + 6 * u + 5 * county_effect - 0.1 * (age - 40) + rng.normal(0, 9), 0, 66))
                rows.append({
                    "id": rid, "county": county, "township": township, "urban": urban, "sex": sex,
                    "age": age, "agegroup": age_group(age), "w": round(weight, 3),
                    "literacy": literacy, "smoker": smoker, "score": round(score, 1),
                })
    return rows


def write_csv(name: str, rows: list[dict]) -> pd.DataFrame:
    path = HERE / name
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    # Estimates are computed on the file as written, so both sides read the same numbers.
    return pd.read_csv(path, dtype=str, keep_default_na=False)


# ---------------------------------------------------------------- estimates


class Design:
    def __init__(self, weight: str | None = "w", stratum: str | None = None, psu: str | None = None,
                 singleton: str = "fail", combine: dict | None = None, population_psus: str | None = None):
        self.weight, self.stratum, self.psu = weight, stratum, psu
        self.singleton, self.combine, self.population_psus = singleton, combine, population_psus

    def json(self) -> dict:
        return {"weight": self.weight, "stratum": self.stratum, "psu": self.psu, "singleton": self.singleton,
                "combine": self.combine, "populationPSUs": self.population_psus}


def column(df: pd.DataFrame, name: str | None):
    # Fixed-width unicode: samplics writes integer PSU ids into singleton strata (certainty).
    return None if name is None else np.asarray(df[name].to_numpy(), dtype="U")


def weights(df: pd.DataFrame, design: Design, override=None) -> np.ndarray:
    if override is not None:
        return np.asarray(override, dtype=float)
    if design.weight is None:
        return np.ones(len(df))
    return df[design.weight].astype(float).to_numpy()


def samplics_run(df, design: Design, w, parameter: str, variable: str, ci: str, by: str | None):
    """samplics' estimate, se and CI for the whole sample or each domain of `by`."""
    y = df[variable].astype(float).to_numpy()
    if parameter == "proportion" and ci == "logit":
        estimator = TaylorEstimator(PopParam.prop)
        y = y.astype(int)
    else:  # a mean, or a proportion with a Wald interval: samplics' mean of the 0/1 column
        estimator = TaylorEstimator(PopParam.mean)
    kwargs = dict(y=y, samp_weight=w, stratum=column(df, design.stratum), psu=column(df, design.psu),
                  domain=column(df, by))
    if design.singleton == "skip":
        kwargs["single_psu"] = SinglePSUEst.skip
    elif design.singleton == "certainty":
        kwargs["single_psu"] = SinglePSUEst.certainty
    elif design.singleton == "combine":
        kwargs["single_psu"] = SinglePSUEst.combine
        kwargs["strata_comb"] = design.combine
    if design.population_psus is not None:
        # samplics' fpc multiplies each stratum's variance: 1 - n_h / N_h, n_h the PSUs sampled.
        fpc = {}
        for h, group in df.groupby(design.stratum):
            fpc[h] = 1.0 - group[design.psu].nunique() / float(group[design.population_psus].iloc[0])
        kwargs["fpc"] = fpc
    estimator.estimate(**{k: v for k, v in kwargs.items() if v is not None})

    def pick(value, domain=None):
        if domain is not None:
            value = value[domain]
        if parameter == "proportion" and ci == "logit":
            value = value[1]
        return float(value)

    out = []
    domains = [None] if by is None else sorted(df[by].unique())
    for d in domains:
        out.append({
            "domain": d, "estimate": pick(estimator.point_est, d), "se": pick(estimator.stderror, d),
            "ciLow": pick(estimator.lower_ci, d), "ciHigh": pick(estimator.upper_ci, d),
            "degreesOfFreedom": int(estimator.degree_of_freedom),
        })
    return out


def svy_sample(df, design: Design, w):
    """The same design in svy, with samplics' single-PSU treatments spelled as svy's."""
    frame = df.copy()
    frame["_w"] = w
    stratum, psu = design.stratum, design.psu
    singleton = None
    if design.singleton == "combine":
        frame["_stratum"] = frame[stratum].map(lambda s: design.combine.get(s, s))
        stratum = "_stratum"
    elif design.singleton == "certainty":
        singleton = "self_representing"
    elif design.singleton == "skip":
        singleton = "skip"
    elif design.singleton == "centered":
        singleton = "center"
    keep = ["_w"] + [c for c in frame.columns if c != "_w"]
    data = pl.from_pandas(frame[keep])
    for name in ("literacy", "smoker", "score"):
        if name in data.columns:
            data = data.with_columns(pl.col(name).cast(pl.Float64))
    pop_size = None
    if design.population_psus is not None:
        data = data.with_columns(pl.col(design.population_psus).cast(pl.Float64))
        pop_size = design.population_psus
    spec = svy.Design(stratum=stratum, psu=psu, wgt="_w", pop_size=pop_size, singleton=singleton)
    return svy.Sample(data, spec)


def svy_run(sample, variable: str, by: str | None):
    rows = {}
    for reference in ("wr", "wor"):
        try:
            table = sample.estimation.mean(variable, by=by, deff=reference).to_polars()
        except svy.errors.MethodError:
            # 'wor' needs weights that sum to more than n (N estimated by their sum): not so when all are 1.
            table = sample.estimation.mean(variable, by=by).to_polars().with_columns(pl.lit(None).alias("deff"))
        for record in table.iter_rows(named=True):
            key = None if by is None else record[by]
            rows.setdefault(key, {}).update({
                "est": record["est"], "se": record["se"], "lci": record["lci"], "uci": record["uci"],
                "df": record["df"], "n": record["n"], reference: record["deff"]})
    return rows


def relclose(a: float, b: float, tol: float = 1e-9) -> bool:
    return abs(a - b) <= tol * max(abs(a), abs(b), 1e-12)


def estimate_case(df, design: Design, specs, w=None) -> list[dict]:
    """Every (parameter, variable, ci, by) of `specs`: samplics' numbers, svy's design effects."""
    w = weights(df, design, w)
    sample = svy_sample(df, design, w)
    results = []
    for parameter, variable, ci, by in specs:
        from_svy = svy_run(sample, variable, by)
        if design.singleton == "centered":
            # samplics has no centred single-PSU variance: svy (R's lonely.psu="adjust") is the reference.
            rows = []
            for d, r in sorted(from_svy.items(), key=lambda kv: (kv[0] is not None, kv[0])):
                if ci == "logit":
                    raise ValueError("centred case takes Wald intervals only")
                rows.append({"domain": d, "estimate": r["est"], "se": r["se"], "ciLow": r["lci"],
                             "ciHigh": r["uci"], "degreesOfFreedom": int(r["df"])})
            source = f"svy {SVY_VERSION}"
        else:
            rows = samplics_run(df, design, w, parameter, variable, ci, by)
            source = f"samplics {SAMPLICS_VERSION}"
        for row in rows:
            other = from_svy[row["domain"]]
            if not (relclose(other["est"], row["estimate"]) and relclose(other["se"], row["se"])):
                sys.exit(f"svy and samplics disagree on {variable} {by}={row['domain']}: {other} vs {row}")
            mask = np.ones(len(df), dtype=bool) if by is None else (df[by] == row["domain"]).to_numpy()
            results.append({
                "variable": variable, "parameter": parameter, "ci": ci, "by": by, "domain": row["domain"],
                "estimate": row["estimate"], "se": row["se"], "ciLow": row["ciLow"], "ciHigh": row["ciHigh"],
                "degreesOfFreedom": row["degreesOfFreedom"], "n": int(mask.sum()),
                "deff": other["wr"], "deffWithoutReplacement": other["wor"], "source": source,
            })
    return results


def save(name: str, payload: dict) -> None:
    payload = {"generatedBy": "make_comparison.py", "samplics": SAMPLICS_VERSION, "svy": SVY_VERSION, **payload}
    (HERE / name).write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


STANDARD = [
    ("proportion", "literacy", "logit", None),
    ("proportion", "literacy", "wald", None),
    ("mean", "score", "wald", None),
    ("proportion", "smoker", "logit", None),
]


def with_by(by: str, variables=(("proportion", "literacy", "logit"), ("mean", "score", "wald"))):
    return [(p, v, c, by) for p, v, c in variables]


def estimation_case(name: str, description: str, rows: list[dict], design: Design, specs) -> None:
    df = write_csv(f"{name}.csv", rows)
    save(f"{name}.json", {"case": name, "description": description, "data": f"{name}.csv",
                          "design": design.json(), "estimates": estimate_case(df, design, specs)})


# ---------------------------------------------------------------- cases


def main() -> None:
    if samplics.__version__ not in ("0.6.0", SAMPLICS_VERSION):  # 0.6.1 reports itself as 0.6.0
        sys.exit(f"samplics {SAMPLICS_VERSION} expected, found {samplics.__version__}")

    # 1. Simple random sample, every weight 1.
    rng = np.random.default_rng(20240801)
    rows = survey_rows(rng, 1, (1, 1), (400, 400))
    for r in rows:
        r["w"] = 1
    estimation_case("srs", "Unweighted simple random sample (weights all 1, no strata, no PSUs).", rows,
                    Design(), STANDARD + with_by("sex"))

    # 2. Weighted, no strata or PSUs.
    rng = np.random.default_rng(20240802)
    rows = survey_rows(rng, 1, (1, 1), (600, 600))
    estimation_case("weighted", "Unequal weights, no strata, no PSUs (rows are the units).", rows,
                    Design(), STANDARD + with_by("urban"))

    # 3. Stratified, rows as units.
    rng = np.random.default_rng(20240803)
    rows = survey_rows(rng, 5, (1, 1), (120, 200))
    estimation_case("stratified", "Five county strata, no PSUs: rows are the units within strata.", rows,
                    Design(stratum="county"), STANDARD + with_by("agegroup"))

    # 4. Clustered, no strata.
    rng = np.random.default_rng(20240804)
    rows = survey_rows(rng, 1, (40, 40), (15, 30))
    estimation_case("clustered", "Forty township PSUs, no strata.", rows,
                    Design(psu="township"), STANDARD + with_by("sex"))

    # 5. Stratified two-stage: the health-literacy design, with subgroups.
    rng = np.random.default_rng(20240805)
    rows = survey_rows(rng, 8, (3, 5), (25, 60))
    domains = with_by("urban") + with_by("sex") + with_by("agegroup")
    domains += [("proportion", "smoker", "wald", "sex")]
    estimation_case("stratified_clustered",
                    "Eight county strata, 3-5 township PSUs each; subgroups by urban/rural, sex, age group.",
                    rows, Design(stratum="county", psu="township"), STANDARD + domains)

    # 6. Finite population correction.
    rng = np.random.default_rng(20240806)
    rows = survey_rows(rng, 6, (3, 5), (20, 40))
    per_county = {}
    for r in rows:
        per_county.setdefault(r["county"], set()).add(r["township"])
    population = {c: len(t) + int(rng.integers(1, 8)) for c, t in per_county.items()}
    for r in rows:
        r["townships"] = population[r["county"]]
    estimation_case("fpc", "Stratified two-stage with a finite population correction (column townships = N_h PSUs).",
                    rows, Design(stratum="county", psu="township", population_psus="townships"),
                    STANDARD + with_by("urban"))

    # 7. Single-PSU strata: samplics' skip, certainty and combine; svy's centred variance.
    rng = np.random.default_rng(20240807)
    rows = survey_rows(rng, 6, (2, 4), (20, 40))
    # Counties 03 and 05 keep one township each.
    rows = [r for r in rows if r["county"] not in ("县03", "县05") or r["township"].endswith("乡01")]
    df = write_csv("singleton.csv", rows)
    cases = []
    for singleton, combine in (("skip", None), ("certainty", None), ("combine", {"县03": "县02", "县05": "县06"})):
        design = Design(stratum="county", psu="township", singleton=singleton, combine=combine)
        cases.append({"design": design.json(), "estimates": estimate_case(df, design, STANDARD + with_by("sex"))})
    centred = Design(stratum="county", psu="township", singleton="centered")
    cases.append({"design": centred.json(), "estimates": estimate_case(
        df, centred, [("proportion", "literacy", "wald", None), ("mean", "score", "wald", None),
                      ("mean", "score", "wald", "sex")])})
    save("singleton.json", {"case": "singleton", "data": "singleton.csv",
                            "description": "Counties 县03 and 县05 have one township PSU each.", "designs": cases})

    # 8. Post-stratification to urban/rural x sex x age group totals.
    rng = np.random.default_rng(20240808)
    rows = survey_rows(rng, 6, (3, 4), (30, 60))
    for r in rows:
        r["cell"] = f"{r['urban']}|{r['sex']}|{r['agegroup']}"
    cells = sorted({r["cell"] for r in rows})
    totals = {c: float(int(rng.integers(20_000, 90_000))) for c in cells}
    df = write_csv("poststratified.csv", rows)
    base = df["w"].astype(float).to_numpy()
    ps = SampleWeight().poststratify(samp_weight=base, control=totals, domain=df["cell"].to_numpy())
    design = Design(stratum="county", psu="township")
    save("poststratified.json", {
        "case": "poststratified", "data": "poststratified.csv",
        "description": "Base weights w post-stratified to 20 urban/rural x sex x age group totals (cell column).",
        "design": design.json(),
        "weighting": {"method": "poststratify", "baseWeight": "w", "cell": "cell", "totals": totals,
                      "weights": [float(x) for x in ps]},
        "estimates": estimate_case(df, design, STANDARD + with_by("urban") + with_by("agegroup"), w=ps)})

    # 9. Raking to the urban/rural, sex and age group margins.
    rng = np.random.default_rng(20240809)
    rows = survey_rows(rng, 6, (3, 4), (30, 60))
    df = write_csv("raked.csv", rows)
    base = df["w"].astype(float).to_numpy()
    population = 2_000_000.0
    shares = {
        "urban": {"城市": 0.55, "农村": 0.45},
        "sex": {"男": 0.51, "女": 0.49},
        "agegroup": dict(zip(AGE_GROUPS, (0.18, 0.21, 0.22, 0.2, 0.19))),
    }
    control = {m: {k: population * v for k, v in s.items()} for m, s in shares.items()}
    margins = {m: df[m].to_numpy() for m in control}
    tolerance = 1e-10
    raked = SampleWeight().rake(samp_weight=base, margins=margins, control=control, tol=tolerance,
                                ctrl_tol=tolerance, max_iter=500)
    for m, totals_m in control.items():
        for k, total in totals_m.items():
            assert relclose(raked[df[m].to_numpy() == k].sum(), total, 1e-8), (m, k)
    save("raked.json", {
        "case": "raked", "data": "raked.csv",
        "description": "Base weights w raked to urban/rural, sex and age group population margins.",
        "design": design.json(),
        "weighting": {"method": "rake", "baseWeight": "w", "margins": list(control.keys()), "totals": control,
                      "tolerance": tolerance, "weights": [float(x) for x in raked]},
        "estimates": estimate_case(df, design, STANDARD + with_by("sex"), w=raked)})

    # 10. Non-response adjustment within cells (rr respondent, nr non-respondent, in ineligible, uk unknown).
    rng = np.random.default_rng(20240810)
    rows = survey_rows(rng, 3, (3, 3), (30, 50))
    for r in rows:
        r["status"] = rng.choice(["rr", "rr", "rr", "rr", "nr", "in", "uk"])
        r["adjcell"] = f"{r['urban']}|{r['sex']}"
    df = write_csv("nonresponse.csv", rows)
    base = df["w"].astype(float).to_numpy()
    adjusted = SampleWeight().adjust(samp_weight=base, adj_class=df["adjcell"].to_numpy(),
                                     resp_status=df["status"].to_numpy(), unknown_to_inelig=True)
    save("nonresponse.json", {
        "case": "nonresponse", "data": "nonresponse.csv",
        "description": "Non-response adjustment of w within urban/rural x sex cells; unknown eligibility shared out.",
        "weighting": {"method": "nonresponse", "baseWeight": "w", "cell": "adjcell", "status": "status",
                      "unknownToIneligible": True, "weights": [float(x) for x in adjusted]}})

    # 11. Systematic PPS selection of villages (measure of size: households), one frame per stratum.
    rng = np.random.default_rng(20240811)
    frames = []
    for h, count in (("县01", 60), ("县02", 45)):
        sizes = [int(x) for x in rng.integers(80, 900, count)]
        sample_size = 6 if h == "县01" else 4
        seed = int(rng.integers(1, 10_000))
        np.random.seed(seed)
        start = float(np.random.random_sample())  # the draw samplics makes first
        np.random.seed(seed)
        selection = SampleSelection(method=SelectMethod.pps_sys, strat=False, wr=False)
        sample, hits, probs = selection.select(samp_unit=np.arange(count), samp_size=sample_size,
                                               mos=np.asarray(sizes, dtype=float))
        frames.append({"stratum": h, "sizes": sizes, "sampleSize": sample_size, "randomStart": start,
                       "hits": [int(x) for x in hits], "probabilities": [float(x) for x in probs]})
    save("pps.json", {"case": "pps", "description": "samplics' systematic PPS; randomStart is its uniform draw "
                      "(a fraction of the interval).", "frames": frames})


if __name__ == "__main__":
    main()
