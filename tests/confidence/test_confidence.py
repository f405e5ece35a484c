"""``explainers.confidence`` (split conformal) and ``explainers.calibration``: checked against numbers found here.

Every check is one that fails when the engine is wrong: empirical coverage on rows never used for
calibration (averaged over seeds, and per seed), conformal quantiles and sets recomputed by hand from
the exposed calibration rows, adaptive widths that follow the real difficulty, empty and full sets,
group coverage with Wilson intervals written out here, Mondrian quantiles per group, reliability
tables and scores against scikit-learn, and the input errors.

Speed: the engine fits small gradient-boosting models; with OpenMP's default threads these spend
most of their time synchronising, so the module runs with one thread (same results, ~10x faster).
The many-seed loops on the German and adult samples use ``_Memo``, a stand-in model that returns the
real model's own stored outputs for the case's rows (checked identical to the real model first).
"""

from __future__ import annotations

import dataclasses
import math
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import load_quietly as _load
from scipy.special import expit, logit
from sklearn.dummy import DummyRegressor
from sklearn.metrics import brier_score_loss, log_loss
from threadpoolctl import threadpool_limits

import explainers
from explainers.confidence.conformal import OTHER_GROUP
from explainers.confidence.words import describe
from explainers.core.columns import group_labels
from explainers.core.stats import conformal_quantile, wilson_interval

LEVELS = (0.8, 0.9, 0.95)
BINARY = ("german_credit", "german_credit_linear", "adult_income")
Z95 = 1.959963984540054  # standard normal 97.5% point, written out so the Wilson check is independent


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    with threadpool_limits(1):
        yield




class _Memo:
    """The case model's own stored outputs (``case.proba`` / ``case.predicted``), looked up by row label."""

    def __init__(self, case):
        self.classes_ = np.asarray(case.classes, dtype=object) if case.classes is not None else None
        self._proba, self._predicted = case.proba, case.predicted

    def predict_proba(self, X):
        return self._proba.loc[X.index].to_numpy()

    def predict(self, X):
        return self._predicted.loc[X.index].to_numpy()


def _memo(case):
    return dataclasses.replace(case, model=_Memo(case))


class FixedProba:
    """A 'model' whose probability of "yes" is the input column ``p``, optionally pushed towards 0/1."""

    classes_ = np.array(["no", "yes"], dtype=object)

    def __init__(self, sharpen: float = 1.0):
        self.sharpen = sharpen

    def predict_proba(self, X):
        p = np.clip(X["p"].to_numpy(dtype=float), 1e-12, 1 - 1e-12)
        if self.sharpen != 1.0:
            p = expit(self.sharpen * logit(p))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        return self.classes_[(self.predict_proba(X)[:, 1] >= 0.5).astype(int)]


def _proba_case(p, seed=0, sharpen=1.0, extra=None):
    """A binary case: probability of "yes" is ``p``; labels drawn as Bernoulli(p) with a fixed seed."""
    p = np.asarray(p, dtype=float)
    labels = np.where(np.random.default_rng(seed).uniform(size=len(p)) < p, "yes", "no")
    frame = pd.DataFrame({"p": p, **(extra or {}), "label": labels})
    return _load(FixedProba(sharpen), frame, target="label")


def _rank_quantile(scores, level):
    """Split-conformal quantile: the ceil((n + 1) * level)-th smallest score, inf when that exceeds n."""
    scores = np.sort(np.asarray(scores, dtype=float))
    rank = math.ceil(round((len(scores) + 1) * level, 9))
    return math.inf if rank > len(scores) else float(scores[rank - 1])


def _wilson(k, n, z=Z95):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def _lac_sets(proba: pd.DataFrame, q):
    q = np.broadcast_to(np.asarray(q, dtype=float), (len(proba),))
    return [{c for c in proba.columns if row[c] >= 1 - qi} for (_, row), qi in zip(proba.iterrows(), q, strict=True)]


def _lac_scores(case, rows):
    proba = case.proba.loc[rows]
    return 1 - np.array([proba.loc[r, label] for r, label in zip(rows, case.y.loc[rows], strict=True)])


# ---------------------------------------------------------------- 1. regression coverage


@pytest.mark.parametrize("method", ["absolute", "adaptive"])
def test_regression_coverage_on_held_out_rows(cases, method):
    bike = cases["bike_rentals"]
    n = len(bike.X)
    for level in LEVELS:
        coverages = []
        for seed in range(10):
            conf = explainers.confidence(bike, level, method, random_state=seed)
            cal, ev = conf.calibration_rows, conf.evaluation_rows
            assert len(cal.intersection(ev)) == 0
            assert not cal.has_duplicates and not ev.has_duplicates
            assert len(ev) == n - round(n * 0.5)
            if method == "absolute":
                assert len(cal) + len(ev) == n
            else:  # a quarter of the rows fitted the difficulty model: neither calibration nor evaluation
                fit_rows = bike.X.index.difference(cal.union(ev))
                assert len(fit_rows) == len(cal) == round(n * 0.5) // 2
                baseline = getattr(conf.difficulty["model"], "_baseline_prediction", None)
                if baseline is not None and seed == 0:  # squared-error boosting starts at the mean target
                    residual = (bike.y.loc[fit_rows] - bike.predicted.loc[fit_rows]).abs().mean()
                    assert float(np.ravel(baseline)[0]) == pytest.approx(residual, rel=1e-9)
            band = conf.interval(bike.X.loc[ev])
            y = bike.y.loc[ev]
            by_hand = float(((band["lower"] <= y) & (y <= band["upper"])).mean())
            assert conf.coverage == pytest.approx(by_hand, abs=1e-12)
            assert abs(conf.coverage - level) <= 0.05, (method, level, seed, conf.coverage)
            coverages.append(conf.coverage)
            if method == "absolute" and seed == 0:  # q recomputed from the calibration residuals
                q = _rank_quantile((bike.y.loc[cal] - bike.predicted.loc[cal]).abs(), level)
                assert conf.quantiles[None] == pytest.approx(q)
                assert np.allclose(band["upper"] - band["prediction"], q)
                assert np.allclose(band["prediction"], bike.predicted.loc[ev])
        assert abs(np.mean(coverages) - level) <= 0.03, (method, level, coverages)


# ---------------------------------------------------------------- 2. adaptive widths


def test_adaptive_widths_follow_difficulty(cases):
    bike = cases["bike_rentals"]
    ratios = []
    for seed in range(3):
        absolute = explainers.confidence(bike, 0.9, "absolute", random_state=seed)
        adaptive = explainers.confidence(bike, 0.9, "adaptive", random_state=seed)
        ev = adaptive.evaluation_rows
        assert ev.equals(absolute.evaluation_rows)
        X, y = bike.X.loc[ev], bike.y.loc[ev]
        band = adaptive.interval(X)
        width = band["upper"] - band["lower"]
        assert np.allclose(width, adaptive.sizes())
        # hardest quarter by the true |residual| (unknown to the difficulty model) gets wider bands
        residual = (y - band["prediction"]).abs()
        quarter = pd.qcut(residual, 4, labels=False)
        easy, hard = width[quarter == 0].mean(), width[quarter == 3].mean()
        assert hard > 1.5 * easy, (seed, easy, hard)
        # absolute: one width for every row, 2 q
        widths = absolute.sizes()
        assert np.allclose(widths, widths.iloc[0]) and widths.iloc[0] == pytest.approx(2 * absolute.quantiles[None])
        # the point of adapting: coverage is far more even across quarters of the prediction
        by_prediction = pd.qcut(band["prediction"], 4, labels=False)
        spread_abs = np.ptp(absolute.covered().groupby(by_prediction).mean())
        spread_ada = np.ptp(adaptive.covered().groupby(by_prediction).mean())
        assert spread_ada < spread_abs / 2, (spread_abs, spread_ada)
        ratios.append(adaptive.mean_size / absolute.mean_size)
    # adaptive is not bought with wider bands overall (measured: ratios ~0.81-0.95)
    assert max(ratios) <= 1.1, ratios


# ---------------------------------------------------------------- 3. classification coverage


@pytest.mark.parametrize("name", BINARY)
def test_classification_coverage_and_lac_by_hand(cases, name):
    real = cases[name]
    fast = _memo(real)
    seeds = range(100) if name.startswith("german") else range(3)
    # the stand-in returns exactly what the real model does
    for method in ("lac", "aps"):
        a = explainers.confidence(real, 0.9, method, random_state=0)
        b = explainers.confidence(fast, 0.9, method, random_state=0)
        assert a.predict_set(real.X.loc[a.evaluation_rows]) == b.predict_set(real.X.loc[b.evaluation_rows])
    for method in ("lac", "aps"):
        for level in LEVELS:
            coverages = [explainers.confidence(fast, level, method, random_state=s).coverage for s in seeds]
            assert abs(np.mean(coverages) - level) <= 0.03, (name, method, level, np.mean(coverages))
    # LAC by hand with the real model: q from the calibration scores, set = {p >= 1 - q}
    for level in LEVELS:
        conf = explainers.confidence(real, level, "lac", random_state=1)
        cal, ev = conf.calibration_rows, conf.evaluation_rows
        assert len(cal.intersection(ev)) == 0 and len(cal) + len(ev) == len(real.X)
        q = conf.quantiles[None]
        assert q == pytest.approx(_rank_quantile(_lac_scores(real, cal), level))
        sets = conf.predict_set(real.X.loc[ev])
        assert sets == _lac_sets(real.proba.loc[ev], q)
        hits = [label in s for label, s in zip(real.y.loc[ev], sets, strict=True)]
        assert conf.coverage == pytest.approx(np.mean(hits))
        assert conf.mean_size == pytest.approx(np.mean([len(s) for s in sets]))
    # APS sets hold the most probable classes: nothing left out is more likely than what is in
    conf = explainers.confidence(real, 0.9, "aps", random_state=1)
    ev = conf.evaluation_rows
    for s, (_, p) in zip(conf.predict_set(real.X.loc[ev]), real.proba.loc[ev].iterrows(), strict=True):
        if s and len(s) < len(p):
            assert min(p[list(s)]) >= max(p.drop(list(s)))


# ---------------------------------------------------------------- 4. empty and full sets, too few rows


def test_empty_sets_at_a_low_level():
    p = np.random.default_rng(1).uniform(0.45, 0.55, size=200)
    case = _proba_case(p, seed=2)
    conf = explainers.confidence(case, 0.1, "lac", random_state=0)
    ev = conf.evaluation_rows
    sets, sizes = conf.predict_set(case.X.loc[ev]), conf.sizes()
    q = conf.quantiles[None]
    assert sets == _lac_sets(case.proba.loc[ev], q)
    empty = [s == set() for s in sets]
    assert sum(empty) > 0, q
    assert ((sizes == 0).to_numpy() == np.array(empty)).all()
    assert sizes.tolist() == [len(s) for s in sets]
    assert "empty" in describe(conf)
    assert f"for {np.mean(empty):.0%} no class is likely enough" in describe(conf)


@pytest.mark.parametrize("level", [0.5, 0.7, 0.9])
def test_describe_counts_single_several_and_empty_sets(cases, level):
    german = cases["german_credit"]
    conf = explainers.confidence(german, level, "lac", random_state=0)
    sizes = np.array([len(s) for s in conf.predict_set(german.X.loc[conf.evaluation_rows])])
    assert conf.sizes().tolist() == sizes.tolist()
    text = describe(conf)
    assert f"a single class for {np.mean(sizes == 1):.0%} of rows" in text
    assert f"for {np.mean(sizes == 2):.0%} it cannot choose between bad and good" in text
    if level < 0.8:  # measured: 32% and 8% empty sets at 0.5 and 0.7, none at 0.9
        assert (sizes == 0).any()
        assert f"for {np.mean(sizes == 0):.0%} no class is likely enough (an empty set" in text
    else:
        assert not (sizes == 0).any() and "empty" not in text


def test_full_sets_at_a_high_level(cases):
    p = np.random.default_rng(1).uniform(0.45, 0.55, size=200)
    case = _proba_case(p, seed=2)
    conf = explainers.confidence(case, 0.99, "lac", random_state=0)
    sets = conf.predict_set(case.X.loc[conf.evaluation_rows])
    assert sets == _lac_sets(case.proba.loc[conf.evaluation_rows], conf.quantiles[None])
    assert all(s == {"no", "yes"} for s in sets)
    assert (conf.sizes() == 2).all() and conf.coverage == 1.0
    assert "empty" not in describe(conf)
    # APS randomises the last class, so only most sets are full (measured 94 of 100); sizes count them
    conf = explainers.confidence(case, 0.99, "aps", random_state=0)
    sets = conf.predict_set(case.X.loc[conf.evaluation_rows])
    assert sum(s == {"no", "yes"} for s in sets) >= 0.8 * len(sets)
    assert conf.sizes().tolist() == [len(s) for s in sets]
    german = cases["german_credit"]
    conf = explainers.confidence(german, 0.99, "lac", random_state=0)
    sets = conf.predict_set(german.X.loc[conf.evaluation_rows])
    full = [s == set(german.classes) for s in sets]
    assert sum(full) > 0
    assert ((conf.sizes() == 2).to_numpy() == np.array(full)).all()
    assert sets == _lac_sets(german.proba.loc[conf.evaluation_rows], conf.quantiles[None])


def test_too_few_calibration_rows_give_unbounded_bands():
    assert conformal_quantile(np.arange(1.0, 10.0), 0.9) == 9.0  # rank ceil(10 * 0.9) = 9 of 9
    assert conformal_quantile(np.arange(1.0, 10.0), 0.8) == 8.0
    assert conformal_quantile(np.arange(1.0, 10.0), 0.91) == math.inf  # rank 10 of 9
    assert conformal_quantile(np.array([]), 0.5) == math.inf
    # 20 rows, 10 for calibration: level 0.95 needs rank ceil(11 * 0.95) = 11 > 10
    p = np.random.default_rng(3).uniform(0.2, 0.8, size=20)
    clf = _proba_case(p, seed=4)
    for method in ("lac", "aps"):
        conf = explainers.confidence(clf, 0.95, method)
        assert conf.quantiles[None] == math.inf
        assert all(s == {"no", "yes"} for s in conf.predict_set(clf.X))
        assert conf.coverage == 1.0 and (conf.sizes() == 2).all()
        describe(conf)
    x = np.arange(20.0)
    frame = pd.DataFrame({"x": x, "y": 3 * x + np.random.default_rng(5).normal(size=20)})
    reg = _load(DummyRegressor().fit(frame[["x"]], frame["y"]), frame, target="y")
    for method in ("absolute", "adaptive"):
        conf = explainers.confidence(reg, 0.95, method)
        assert conf.quantiles[None] == math.inf
        band = conf.interval(reg.X)
        assert (band["lower"] == -math.inf).all() and (band["upper"] == math.inf).all()
        assert conf.coverage == 1.0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # see test_describe_unbounded_intervals_has_no_nan
            describe(conf)


def test_describe_unbounded_intervals_has_no_nan():
    x = np.arange(20.0)
    frame = pd.DataFrame({"x": x, "y": 3 * x + np.random.default_rng(5).normal(size=20)})
    reg = _load(DummyRegressor().fit(frame[["x"]], frame["y"]), frame, target="y")
    conf = explainers.confidence(reg, 0.95, "absolute")
    assert conf.quantiles[None] == math.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        text = describe(conf)
    assert not re.search(r"\bnan\b", text, flags=re.IGNORECASE), text


# ---------------------------------------------------------------- 5. group coverage arithmetic


def test_coverage_by_group_by_hand():
    # A: small residuals (mostly covered); B: large (never covered); C: 60% zero, 40% huge (near the level)
    n_a, n_b, n_c = 80, 40, 30
    y = np.concatenate([np.arange(1, n_a + 1) / 100, 10.0 + np.arange(1, n_b + 1), [0.0] * 18 + [1000.0] * 12])
    x = np.random.default_rng(7).permutation(np.arange(n_a + n_b + n_c) * 1.5)
    frame = pd.DataFrame({"group": ["A"] * n_a + ["B"] * n_b + ["C"] * n_c, "x": x, "y": y})
    model = DummyRegressor(strategy="constant", constant=0.0).fit(frame[["group", "x"]], frame["y"])
    case = _load(model, frame, target="y")
    level = 0.6
    conf = explainers.confidence(case, level, "absolute", random_state=3)
    cal, ev = conf.calibration_rows, conf.evaluation_rows
    q = _rank_quantile(case.y.loc[cal].abs(), level)
    assert conf.quantiles[None] == pytest.approx(q)
    hit = case.y.loc[ev].abs() <= q
    assert conf.coverage == pytest.approx(hit.mean())
    lo, hi = _wilson(int(hit.sum()), len(hit))
    assert conf.coverage_interval == pytest.approx((lo, hi), abs=1e-9)

    table = conf.coverage_by("group").table.set_index("group")
    assert set(table.index) == {"A", "B", "C"}
    for g in ("A", "B", "C"):
        members = hit[case.X.loc[ev, "group"] == g]
        k, m = int(members.sum()), len(members)
        row = table.loc[g]
        assert row["rows"] == m
        assert row["coverage"] == pytest.approx(k / m)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(_wilson(k, m), abs=1e-9)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson_interval(k, m), abs=1e-12)
        assert row["mean_size"] == pytest.approx(2 * q)
        assert bool(row["short"]) == (_wilson(k, m)[1] < level)
    assert table.loc["B", "coverage"] == 0 and bool(table.loc["B", "short"])
    assert table.loc["A", "coverage"] > 0.8 and not bool(table.loc["A", "short"])
    # C's interval straddles the level: below it on the point estimate, but not clearly, so not short
    assert table.loc["C", "ci_low"] < level < table.loc["C", "ci_high"] and not bool(table.loc["C", "short"])
    assert list(conf.coverage_by("group").table["coverage"]) == sorted(table["coverage"])

    # a numeric column falls into 4 quantile groups of the evaluation rows
    by_x = conf.coverage_by("x", bins=4).table
    assert len(by_x) == 4 and by_x["rows"].sum() == len(ev)
    quartile = group_labels(case.X.loc[ev, "x"], 4)  # readable quantile bins ("under 0.25", ...)
    assert quartile.nunique() == 4
    expected = hit.groupby(quartile.to_numpy(), observed=True).agg(["mean", "size"])
    got = by_x.sort_values(["coverage", "rows"])
    expected = expected.sort_values(["mean", "size"])
    assert got["rows"].tolist() == expected["size"].tolist()
    assert got["coverage"].to_numpy() == pytest.approx(expected["mean"].to_numpy())


# ---------------------------------------------------------------- 6. Mondrian


def test_mondrian_quantiles_and_group_coverage(cases):
    adult = cases["adult_income"]
    fast = _memo(adult)
    groups = set(adult.X["sex"].astype(str))
    per_group = {g: [] for g in groups}
    for seed in range(3):
        conf = explainers.confidence(fast, 0.9, "lac", mondrian="sex", random_state=seed)
        assert set(conf.quantiles) == groups | {OTHER_GROUP}
        cal = conf.calibration_rows
        scores = _lac_scores(adult, cal)
        for g in groups:  # each group's quantile from its own calibration rows only
            mask = (adult.X.loc[cal, "sex"] == g).to_numpy()
            assert conf.quantiles[g] == pytest.approx(_rank_quantile(scores[mask], 0.9))
        plain = explainers.confidence(fast, 0.9, "lac", random_state=seed)
        assert conf.quantiles[OTHER_GROUP] == pytest.approx(plain.quantiles[None])
        table = conf.coverage_by("sex").table.set_index("group")
        for g in groups:
            if table.loc[g, "rows"] >= 500:
                per_group[g].append(table.loc[g, "coverage"])
    assert all(len(v) == 3 for v in per_group.values())  # both sexes have >= 500 evaluation rows
    for g, coverages in per_group.items():
        assert abs(np.mean(coverages) - 0.9) <= 0.04, (g, coverages)
        assert all(abs(c - 0.9) <= 0.05 for c in coverages), (g, coverages)

    # real model: sets use each row's group quantile; an unseen group falls back to the overall one
    conf = explainers.confidence(adult, 0.9, "lac", mondrian="sex", random_state=0)
    X = adult.X.loc[conf.evaluation_rows[:300]]
    q_rows = X["sex"].map(conf.quantiles).to_numpy(dtype=float)
    assert conf.predict_set(X) == _lac_sets(adult.proba.loc[X.index], q_rows)
    unseen = X.assign(sex="Unrecorded")
    proba = pd.DataFrame(adult.model.predict_proba(unseen), index=X.index, columns=list(adult.classes))
    assert conf.predict_set(unseen) == _lac_sets(proba, conf.quantiles[OTHER_GROUP])


def test_mondrian_numeric_column_same_answer_for_one_row_and_a_batch(cases):
    adult = cases["adult_income"]
    conf = explainers.confidence(adult, 0.9, "lac", mondrian="age", random_state=0)
    assert len(conf.quantiles) == 5  # 4 quantile bins of age + the fallback
    X = adult.X.loc[conf.evaluation_rows[:50]]
    # each row's own bin, from the whole column's quantile edges ("under 28", "28-36", ...)
    own = list(group_labels(X["age"], reference=adult.X["age"]))
    assert set(own) <= set(conf.quantiles) - {OTHER_GROUP}
    batch = conf.predict_set(X)
    assert batch == _lac_sets(adult.proba.loc[X.index], [conf.quantiles[k] for k in own])
    one_by_one = [conf.predict_set(X.iloc[[i]])[0] for i in range(len(X))]
    assert one_by_one == batch


# ---------------------------------------------------------------- 7. calibration


def test_calibration_of_a_perfectly_calibrated_and_an_overconfident_model():
    p = np.random.default_rng(11).uniform(size=20_000)
    honest = explainers.calibration(_proba_case(p, seed=12))
    assert honest.ece < 0.02, honest.ece
    table = honest.table
    gap = (table["observed"] - table["mean_predicted"]).abs()
    assert honest.ece == pytest.approx(np.sum(table["rows"] * gap) / 20_000)  # row-weighted mean gap
    assert len(table) == 10 and table["rows"].sum() == 20_000
    labels = np.where(np.random.default_rng(12).uniform(size=len(p)) < p, 1, 0)
    which = np.minimum((p * 10).astype(int), 9)  # equal-width bins by hand
    for _, row in table.iterrows():
        b = round(row["bin_low"] * 10)
        members = which == b
        assert row["rows"] == members.sum()
        assert row["mean_predicted"] == pytest.approx(p[members].mean())
        assert row["observed"] == pytest.approx(labels[members].mean())
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(_wilson(labels[members].sum(), members.sum()))
    inside = ((table["ci_low"] <= table["mean_predicted"]) & (table["mean_predicted"] <= table["ci_high"])).sum()
    assert inside >= 8, table
    assert honest.brier == pytest.approx(brier_score_loss(labels, p))

    over = explainers.calibration(_proba_case(p, seed=12, sharpen=4.0))
    assert over.ece > 0.1 and over.ece > 5 * honest.ece, (honest.ece, over.ece)
    assert over.log_loss > honest.log_loss


@pytest.mark.parametrize("name", BINARY)
def test_brier_and_log_loss_match_sklearn(cases, name):
    case = cases[name]
    cal = explainers.calibration(case)
    p = case.proba[case.positive_class].to_numpy()
    hit = (case.y == case.positive_class).to_numpy().astype(int)
    assert cal.brier == pytest.approx(brier_score_loss(hit, p), rel=1e-9)
    assert cal.log_loss == pytest.approx(log_loss(case.y, case.proba.to_numpy(), labels=list(case.classes)), rel=1e-9)
    assert str(case.positive_class) in cal.scored
    gap = (cal.table["observed"] - cal.table["mean_predicted"]).abs()
    assert cal.ece == pytest.approx(np.sum(cal.table["rows"] * gap) / len(case.X))
    assert cal.table["rows"].sum() == len(case.X)
    assert np.average(cal.table["mean_predicted"], weights=cal.table["rows"]) == pytest.approx(p.mean())
    assert np.average(cal.table["observed"], weights=cal.table["rows"]) == pytest.approx(hit.mean())


def test_multiclass_calibration_uses_the_top_label(cases):
    wine = cases["wine"]
    cal = explainers.calibration(wine, bins=5)
    top = wine.proba.max(axis=1).to_numpy()
    right = (wine.proba.idxmax(axis=1) == wine.y).to_numpy()
    assert "predicted class" in cal.scored
    assert cal.table["rows"].sum() == len(wine.X) == 54
    assert np.average(cal.table["mean_predicted"], weights=cal.table["rows"]) == pytest.approx(top.mean())
    assert np.average(cal.table["observed"], weights=cal.table["rows"]) == pytest.approx(right.mean())
    assert (cal.table["bin_low"] >= 0.2 - 1e-9).all()  # the top of 3 probabilities is >= 1/3: no row in [0, 0.2)
    assert cal.log_loss == pytest.approx(log_loss(wine.y, wine.proba.to_numpy(), labels=list(wine.classes)))
    assert cal.brier == pytest.approx(brier_score_loss(wine.y, wine.proba.to_numpy(), labels=list(wine.classes)))


# ---------------------------------------------------------------- 8. errors


def test_input_errors(cases, sample_cases_built):
    german, bike = cases["german_credit"], cases["bike_rentals"]
    frame = pd.read_csv(sample_cases_built["german_credit"].holdout_path).drop(columns="credit_risk")
    unlabelled = _load(sample_cases_built["german_credit"].model_path, frame)
    assert not unlabelled.labelled
    with pytest.raises(explainers.InputError, match="labelled"):
        explainers.confidence(unlabelled)
    with pytest.raises(explainers.InputError, match="labelled"):
        explainers.calibration(unlabelled)
    for level in (0, 1, 1.5, -0.1, 90):
        with pytest.raises(explainers.InputError, match="level must be between 0 and 1"):
            explainers.confidence(german, level)
    with pytest.raises(explainers.InputError, match=r"'lac' does not fit a regression model.*'absolute'"):
        explainers.confidence(bike, method="lac")
    with pytest.raises(explainers.InputError, match=r"'adaptive' does not fit a binary model.*'lac'"):
        explainers.confidence(german, method="adaptive")
    with pytest.raises(explainers.InputError, match="'no_such_column' is not in the data"):
        explainers.confidence(german, mondrian="no_such_column")
    with pytest.raises(explainers.InputError, match="calibration_share"):
        explainers.confidence(german, calibration_share=0.99)
    with pytest.raises(explainers.InputError, match="at least 20"):
        explainers.confidence(_proba_case(np.full(12, 0.5)))
    with pytest.raises(explainers.InputError, match="classifier"):
        explainers.calibration(bike)
    conf = explainers.confidence(german)
    with pytest.raises(explainers.InputError, match="interval\\(\\) is for regression"):
        conf.interval(german.X.head())
    with pytest.raises(explainers.InputError, match="predict_set\\(\\) is for classifiers"):
        explainers.confidence(bike, method="absolute").predict_set(bike.X.head())


def test_a_label_that_is_not_a_class_is_named_in_calibration_and_bands(cases):
    import dataclasses

    from explainers.core.errors import InputError

    case = cases["german_credit"]
    every_other = np.arange(len(case.y)) % 2 == 1  # some fall among the calibration rows whatever the split
    odd = dataclasses.replace(case, y=case.y.astype(object).mask(every_other, "maybe"))
    with pytest.raises(InputError, match="'maybe' is not one of the model's classes"):
        explainers.calibration(odd)
    with pytest.raises(InputError, match="'maybe' is not one of the model's classes"):
        explainers.confidence(odd)
