#!/usr/bin/python3
"""Reference values for the analytics statistics (src/modules/analytics/statistics/).

Computes every statistic with SciPy / NumPy on seeded datasets and writes
test/fixtures/analytics-reference.json, which test/analytics-statistics.test.ts compares with the
TypeScript to 1e-9 relative (1e-12 absolute for p-values near 0). This code is written
independently of the TypeScript: it leans on SciPy wherever SciPy has the statistic, and where it
has none (leniency's interval, the ICC intervals, Holm) it follows the textbook formula with
SciPy's distributions.

Run with Debian's Python, which has SciPy (the default python3 may not):

    /usr/bin/python3 scripts/analytics-reference.py

The output is deterministic for a given SciPy / NumPy; the versions are recorded in the JSON.
"""

import json
import math
import os
import subprocess
import sys
import warnings
from collections import defaultdict

import numpy as np
import scipy
from scipy import special, stats

OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "analytics-reference.json")
CONFIDENCE = 0.95


def finite_or_none(value):
    value = float(value)
    return value if math.isfinite(value) else None


def ratings_mean(rng, n, raters_low, raters_high, centre):
    """Mean of 1-4 integer ratings per application: x takes values in steps of 1/k (ties)."""
    xs = []
    for value in centre:
        raters = rng.integers(raters_low, raters_high + 1)
        ratings = np.clip(np.rint(value + rng.normal(0, 0.6, raters)), 1, 4)
        xs.append(float(ratings.mean()))
    return xs


def polished_quantile(distribution, p, *df):
    """distribution.ppf(p, *df) refined by Newton steps on distribution.cdf.

    SciPy 1.10's t.ppf (cephes stdtrit) is accurate only to about 1e-9 relative: t.ppf(0.975, 43)
    is 2.0166921941428 where the quantile is 2.0166921992278 (mpmath, 40 digits; SciPy's own
    t.cdf at its answer is 0.97499999972). Its cdf is accurate to machine precision, so two
    Newton steps on it give the quantile to the last digit or two. F quantiles are already
    accurate; polishing them changes nothing but keeps one rule.
    """
    q = distribution.ppf(p, *df)
    for _ in range(3):
        q = q - (distribution.cdf(q, *df) - p) / distribution.pdf(q, *df)
    return float(q)


# --- correlation -----------------------------------------------------------------------------


def correlation_case(name, xs, ys):
    xs = [float(x) for x in xs]
    ys = [float(y) for y in ys]
    if len(set(xs)) == 1 or len(set(ys)) == 1:
        # SciPy answers nan (with a ConstantInputWarning); the TypeScript answers null.
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert math.isnan(stats.pearsonr(xs, ys).statistic) and math.isnan(stats.spearmanr(xs, ys).correlation)
        nothing = dict.fromkeys(["r", "ciLow", "ciHigh", "p", "rho", "rhoP"])
        return {"name": name, "x": xs, "y": ys, **nothing, "sdX": float(np.std(xs, ddof=1))}
    pearson = stats.pearsonr(xs, ys)
    interval = pearson.confidence_interval(confidence_level=CONFIDENCE)
    spearman = stats.spearmanr(xs, ys)
    return {
        "name": name,
        "x": xs,
        "y": ys,
        "r": float(pearson.statistic),
        "ciLow": float(interval.low),
        "ciHigh": float(interval.high),
        "p": float(pearson.pvalue),
        "rho": float(spearman.correlation),
        "rhoP": float(spearman.pvalue),
        "sdX": float(np.std(xs, ddof=1)),
    }


def correlation_cases():
    rng = np.random.default_rng(20261206)
    cases = []

    # A predictive stage: x = mean of 2-3 interviewers' 1-4 ratings, y = 1-4 outcome (many ties).
    latent = rng.normal(2.5, 0.8, 60)
    xs = ratings_mean(rng, 60, 2, 3, latent)
    ys = np.clip(np.rint(latent + rng.normal(0, 0.7, 60)), 1, 4)
    cases.append(correlation_case("predictive stage, n=60, ratings and outcomes with ties", xs, ys))

    # A stage that predicts nothing.
    xs = ratings_mean(rng, 45, 1, 4, rng.normal(2.5, 0.8, 45))
    ys = rng.integers(1, 5, 45)
    cases.append(correlation_case("unpredictive stage, n=45", xs, ys))

    # Small n: the minimum the Fisher-z interval allows.
    cases.append(correlation_case("n=4", [1.0, 2.5, 3.0, 4.0], [2.0, 1.0, 4.0, 3.0]))
    cases.append(correlation_case("n=10, heavy ties", [1, 1, 2, 2, 2, 3, 3, 4, 4, 4], [1, 2, 2, 2, 3, 3, 4, 3, 4, 4]))

    # Zero variance: every hire got the same mean rating, or the same outcome.
    cases.append(correlation_case("zero variance in x", [3.0] * 12, rng.integers(1, 5, 12)))
    cases.append(correlation_case("zero variance in y", ratings_mean(rng, 12, 2, 3, rng.normal(2.5, 0.8, 12)), [2] * 12))

    # Negative correlation on continuous data.
    xs = rng.normal(0, 1, 30)
    ys = -0.5 * xs + rng.normal(0, 1, 30)
    cases.append(correlation_case("negative, n=30, continuous", xs, ys))

    # p near 0: many hires, strong relation; and so strong that SciPy's p underflows to 0.
    latent = rng.normal(0, 1, 400)
    xs = latent + rng.normal(0, 1, 400)
    ys = latent + rng.normal(0, 1, 400)
    cases.append(correlation_case("p near 0, n=400", xs, ys))
    latent = rng.normal(0, 1, 3000)
    xs = latent + rng.normal(0, 0.5, 3000)
    ys = latent + rng.normal(0, 0.5, 3000)
    cases.append(correlation_case("p underflows, n=3000", xs, ys))

    # Moderately small p, where relative precision matters.
    latent = rng.normal(0, 1, 120)
    xs = latent + rng.normal(0, 1.2, 120)
    ys = latent + rng.normal(0, 1.2, 120)
    cases.append(correlation_case("p small but not tiny, n=120", xs, ys))

    # Large values with a small spread (two-pass means matter).
    xs = 1e6 + rng.normal(0, 1, 25)
    ys = 2e6 + 0.3 * (xs - 1e6) + rng.normal(0, 1, 25)
    cases.append(correlation_case("large offsets, n=25", xs, ys))
    return cases


# --- Fisher exact --------------------------------------------------------------------------------


def log_choose(n, k):
    return special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)


def assert_unambiguous(a, b, c, d):
    """Refuse a table whose two-sided p depends on the tolerance.

    The TypeScript (like R, and as the issue asks) counts a table as "no more probable than the
    observed one" with a relative tolerance of 1e-7; SciPy 1.10 uses 1e-14. They give different
    p only when some other table's probability is above the observed one by a factor within
    (1 + 1e-14, 1 + 1e-7]. Candidates are found on the log scale (gammaln, good to ~1e-9 here,
    far inside the 1e-6 window) and checked with SciPy's pmf.
    """
    row1, col1, total = a + b, a + c, a + b + c + d
    if 0 in (a + b, c + d, a + c, b + d):
        return
    support = np.arange(max(0, col1 - (c + d)), min(row1, col1) + 1)
    log_pmf = log_choose(row1, support) + log_choose(total - row1, col1 - support) - log_choose(total, col1)
    observed_log = log_pmf[a - support[0]]
    observed = stats.hypergeom.pmf(a, total, row1, col1)
    for x in support[np.abs(log_pmf - observed_log) < 1e-6]:
        ratio = stats.hypergeom.pmf(x, total, row1, col1) / observed
        if 1 + 1e-14 < ratio <= 1 + 1e-7:
            raise SystemExit(f"table {(a, b, c, d)} is ambiguous between the 1e-7 and 1e-14 tolerances")


def fisher_p(a, b, c, d):
    """SciPy's two-sided p, for a table where SciPy's tolerance and the issue's agree."""
    assert_unambiguous(a, b, c, d)
    return float(stats.fisher_exact([[a, b], [c, d]], alternative="two-sided").pvalue)


def fisher_cases():
    rng = np.random.default_rng(15)
    tables = [
        (3, 1, 1, 3),  # the tea-tasting table
        (1, 9, 11, 3),  # the SciPy docs' example
        (8, 2, 1, 5),
        (0, 5, 10, 5),  # a group with rate 0
        (0, 0, 12, 9),  # nobody selected at all: p = 1
        (5, 5, 5, 5),  # identical groups: p = 1
        (2, 7, 8, 2),
        (10, 10, 0, 0),  # everybody selected
        (45, 80, 155, 120),
        (400, 900, 1600, 1100),  # p near 0
        (2000, 3000, 48000, 47000),  # 100,000 applications, p near 0
        (24900, 25100, 25100, 24900),  # 100,000 applications, long tails on both sides
        (1, 0, 0, 1),
        (20, 20, 30, 29),
    ]
    for _ in range(25):
        reached_group = int(rng.integers(5, 200))
        reached_reference = int(rng.integers(5, 200))
        selected_group = int(rng.binomial(reached_group, rng.uniform(0.05, 0.6)))
        selected_reference = int(rng.binomial(reached_reference, rng.uniform(0.2, 0.7)))
        tables.append(
            (selected_group, selected_reference, reached_group - selected_group, reached_reference - selected_reference)
        )
    return [{"table": {"a": a, "b": b, "c": c, "d": d}, "p": fisher_p(a, b, c, d)} for a, b, c, d in tables]


# --- adverse impact ------------------------------------------------------------------------------


def adverse_impact_case(name, groups, min_group_size):
    eligible = [g for g in groups if g["reached"] >= min_group_size and g["reached"] > 0]
    # Highest rate; ties to the larger group, then the name (Fraction: no rounding in the comparison).
    from fractions import Fraction

    eligible.sort(key=lambda g: (-Fraction(g["selected"], g["reached"]), -g["reached"], g["group"]))
    reference = eligible[0] if eligible else None
    expected = []
    for g in sorted(groups, key=lambda g: g["group"]):
        rate = g["selected"] / g["reached"] if g["reached"] > 0 else None
        row = {"group": g["group"], "rate": rate, "impactRatio": None, "fisherP": None}
        if reference is not None and g["reached"] >= min_group_size and g["reached"] > 0:
            if reference["selected"] > 0:
                row["impactRatio"] = rate / (reference["selected"] / reference["reached"])
            row["fisherP"] = fisher_p(
                g["selected"],
                reference["selected"],
                g["reached"] - g["selected"],
                reference["reached"] - reference["selected"],
            )
        expected.append(row)
    return {
        "name": name,
        "minGroupSize": min_group_size,
        "groups": groups,
        "reference": reference["group"] if reference else None,
        "expected": expected,
    }


def adverse_impact_cases():
    rng = np.random.default_rng(1607)
    groups = []
    for name, size, rate in [("men", 320, 0.42), ("women", 180, 0.30), ("non-binary", 14, 0.35), ("not_disclosed", 6, 0.5)]:
        groups.append({"group": name, "reached": size, "selected": int(rng.binomial(size, rate))})
    cases = [adverse_impact_case("gender, one small group under the minimum", groups, 10)]
    cases.append(
        adverse_impact_case(
            "race_ethnicity with a group whose rate is 0",
            [
                {"group": "Asian", "reached": 60, "selected": 21},
                {"group": "Black", "reached": 40, "selected": 0},
                {"group": "Hispanic or Latino", "reached": 55, "selected": 15},
                {"group": "White", "reached": 150, "selected": 48},
            ],
            10,
        )
    )
    cases.append(
        adverse_impact_case(
            "tie on rate: the larger group is the reference",
            [
                {"group": "a", "reached": 20, "selected": 10},
                {"group": "b", "reached": 40, "selected": 20},
                {"group": "c", "reached": 30, "selected": 6},
            ],
            10,
        )
    )
    cases.append(
        adverse_impact_case(
            "large groups, p near 0",
            [
                {"group": "x", "reached": 5000, "selected": 2500},
                {"group": "y", "reached": 5000, "selected": 1500},
            ],
            10,
        )
    )
    return cases


# --- interviewer calibration ---------------------------------------------------------------------


def simulate_ratings(rng, applications, interviewers, raters_low, raters_high, lenient, rating_noise=0.7):
    rows = []
    for application in range(applications):
        quality = rng.normal(2.5, 0.7)
        count = int(rng.integers(raters_low, raters_high + 1))
        for interviewer in rng.choice(interviewers, size=count, replace=False):
            shift = 0.8 if interviewer == lenient else 0.0
            rating = int(np.clip(np.rint(quality + shift + rng.normal(0, rating_noise)), 1, 4))
            rows.append({"application": f"app-{application:03d}", "interviewer": str(interviewer), "rating": rating})
    return rows


def leniency_expected(rows, min_n):
    by_application = defaultdict(list)
    for row in rows:
        by_application[row["application"]].append(row)
    differences = defaultdict(list)
    for row in rows:
        differences[row["interviewer"]]
    for group in by_application.values():
        if len(group) < 2:
            continue
        for row in group:
            others = [other["rating"] for other in group if other is not row]
            differences[row["interviewer"]].append(row["rating"] - float(np.mean(others)))
    expected = []
    for interviewer in sorted(differences):
        values = np.array(differences[interviewer])
        row = {"interviewer": interviewer, "n": len(values), "leniency": None, "ciLow": None, "ciHigh": None}
        if len(values) >= min_n:
            centre = float(values.mean())
            half_width = polished_quantile(stats.t, 0.975, len(values) - 1) * stats.sem(values)
            low, high = centre - half_width, centre + half_width
            row.update(leniency=centre, ciLow=finite_or_none(low), ciHigh=finite_or_none(high))
        expected.append(row)
    return expected


def reliability_expected(rows):
    """One-way random-effects ICCs (Shrout & Fleiss 1979 Case 1; McGraw & Wong 1996 ICC(1), ICC(k)).

    MSB and MSW from NumPy, F checked against scipy.stats.f_oneway, the intervals from
    scipy.stats.f quantiles (polished_quantile): F_L = F / F(0.975; a-1, N-a), F_U = F * F(0.975; N-a, a-1),
    ICC(1,1) in [(F_L-1)/(F_L+k0-1), (F_U-1)/(F_U+k0-1)], ICC(1,k) in [1-1/F_L, 1-1/F_U],
    with k0 = (N - sum(n_i^2)/N) / (a-1) in place of k for unequal group sizes.
    """
    by_application = defaultdict(list)
    for row in rows:
        by_application[row["application"]].append(float(row["rating"]))
    groups = [np.array(values) for values in by_application.values() if len(values) >= 2]
    a = len(groups)
    sizes = np.array([len(group) for group in groups], dtype=float)
    n_total = float(sizes.sum())
    everything = np.concatenate(groups)
    grand = everything.mean()
    ss_between = float(sum(len(g) * (g.mean() - grand) ** 2 for g in groups))
    ss_within = float(sum(((g - g.mean()) ** 2).sum() for g in groups))
    ms_between = ss_between / (a - 1)
    ms_within = ss_within / (n_total - a)
    f_statistic = ms_between / ms_within
    anova = stats.f_oneway(*groups)
    assert abs(anova.statistic - f_statistic) <= 1e-10 * f_statistic, (anova.statistic, f_statistic)
    k0 = (n_total - float((sizes**2).sum()) / n_total) / (a - 1)
    df_between, df_within = a - 1, n_total - a
    f_low = f_statistic / polished_quantile(stats.f, 0.975, df_between, df_within)
    f_high = f_statistic * polished_quantile(stats.f, 0.975, df_within, df_between)
    return {
        "applications": a,
        "ratings": int(n_total),
        "k0": k0,
        "icc1": {
            "value": (ms_between - ms_within) / (ms_between + (k0 - 1) * ms_within),
            "ciLow": (f_low - 1) / (f_low + k0 - 1),
            "ciHigh": (f_high - 1) / (f_high + k0 - 1),
        },
        "iccMean": {
            "value": (ms_between - ms_within) / ms_between,
            "ciLow": 1 - 1 / f_low,
            "ciHigh": 1 - 1 / f_high,
        },
    }


def calibration_cases():
    rng = np.random.default_rng(1979)
    interviewers = ["ana", "bo", "chen", "dara", "eli", "femi"]
    cases = []
    for name, applications, low, high, min_n in [
        ("unequal numbers of raters (1-4), one lenient interviewer", 80, 1, 4, 10),
        ("exactly 3 raters each", 40, 3, 3, 10),
        ("5 applications, 2-3 raters (the minimum)", 5, 2, 3, 2),
        ("many applications, 2-5 raters", 400, 2, 5, 10),
    ]:
        rows = simulate_ratings(rng, applications, interviewers, low, high, lenient="chen")
        cases.append(
            {
                "name": name,
                "minN": min_n,
                "ratings": rows,
                "leniency": leniency_expected(rows, min_n),
                "reliability": reliability_expected(rows),
            }
        )
    return cases


# --- work models ---------------------------------------------------------------------------------


def welch_case(name, a, b):
    a = np.array(a, dtype=float)
    b = np.array(b, dtype=float)
    if a.var() == 0 and b.var() == 0:
        # Two constant groups: the standard error is 0, so SciPy's t is ±inf or nan (0/0); the
        # TypeScript answers null.
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert not math.isfinite(stats.ttest_ind(a, b, equal_var=False).statistic)
        nothing = dict.fromkeys(["difference", "ciLow", "ciHigh", "t", "df", "p"])
        return {"name": name, "a": a.tolist(), "b": b.tolist(), **nothing}
    result = stats.ttest_ind(a, b, equal_var=False)
    share_a, share_b = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    df = (share_a + share_b) ** 2 / (share_a**2 / (len(a) - 1) + share_b**2 / (len(b) - 1))
    difference = a.mean() - b.mean()
    half_width = polished_quantile(stats.t, 0.975, df) * math.sqrt(share_a + share_b)
    return {
        "name": name,
        "a": a.tolist(),
        "b": b.tolist(),
        "difference": float(difference),
        "ciLow": float(difference - half_width),
        "ciHigh": float(difference + half_width),
        "t": float(result.statistic),
        "df": float(df),
        "p": float(result.pvalue),
    }


def holm(pvalues):
    """Holm (1979) step-down, written out: sort ascending, multiply the i-th smallest by m-i+1
    (i from 1), carry the running maximum, cap at 1."""
    m = len(pvalues)
    order = sorted(range(m), key=lambda index: pvalues[index])
    adjusted = [0.0] * m
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pvalues[index]))
        adjusted[index] = running
    return adjusted


def work_model_cases():
    rng = np.random.default_rng(2022)
    outcome = lambda n, centre: np.clip(np.rint(rng.normal(centre, 0.8, n)), 1, 4)  # noqa: E731
    welch = [
        welch_case("remote - onsite, unequal sizes", outcome(40, 2.9), outcome(25, 2.6)),
        welch_case("hybrid - onsite, small", outcome(6, 2.5), outcome(9, 3.0)),
        welch_case("remote - hybrid, unequal variances", rng.normal(3.0, 0.2, 30), rng.normal(2.6, 0.9, 12)),
        welch_case("p near 0", rng.normal(3.2, 0.4, 800), rng.normal(2.6, 0.4, 900)),
        welch_case("one constant group", [3.0] * 8, outcome(10, 2.5)),
        welch_case("two constant groups", [3.0] * 6, [2.0] * 7),
    ]
    holm_cases = [{"p": p, "expected": holm(p)} for p in ([0.01, 0.04, 0.03], [0.2, 0.01, 0.5], [0.04, 0.045, 0.03], [0.6])]
    return {"welch": welch, "holm": holm_cases}


def main():
    reference = {
        "generatedBy": "scripts/analytics-reference.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "correlation": correlation_cases(),
        "fisher": fisher_cases(),
        "adverseImpact": adverse_impact_cases(),
        "calibration": calibration_cases(),
        **work_model_cases(),
    }
    with open(OUTPUT, "w") as output:
        json.dump(reference, output, indent=1, allow_nan=False)
        output.write("\n")
    # The repository's formatter owns JSON layout; leave the file as `npm run lint` expects it.
    subprocess.run(["npx", "biome", "format", "--write", OUTPUT], cwd=os.path.dirname(OUTPUT), check=True)
    print(f"wrote {os.path.relpath(OUTPUT)}")


if __name__ == "__main__":
    main()
