"""What keeps the pages quick on large data: the error tree's sample fit and the Predictions table's cap."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from explainers.failures.error_tree import _encoded, _fit_rows, error_tree
from explainers.failures.slices import row_errors
from tests.conftest import APP

tree_module = sys.modules["explainers.failures.error_tree"]  # the package exports a function of the same name


def test_error_tree_on_a_sample_counts_every_row(cases, monkeypatch):
    case = cases["german_credit"]
    whole = error_tree(case)
    assert not whole.approximate and whole.nodes["rows"].iloc[0] == len(case.X)

    monkeypatch.setattr(tree_module, "FIT_ROWS", 150)
    tree = error_tree(case)
    e = row_errors(case)[0]
    assert tree.approximate and "random sample of 150 rows" in tree.method
    nodes = tree.nodes.set_index("id")
    assert nodes.loc[0, "rows"] == len(case.X) and nodes.loc[0, "error"] == pytest.approx(e.mean())

    # the same tree, fitted again, and every row sent down it by sklearn itself
    fit = _fit_rows(len(e), 0)
    features, splits, fills = tree_module._encode(case.X.iloc[fit])
    leaf = max(1, round(max(20, len(e) // 50) * len(fit) / len(e)))
    model = tree_module.DecisionTreeRegressor(max_depth=3, min_samples_leaf=leaf, random_state=0).fit(features, e[fit])
    everything = pd.concat([_encoded(case.X[c], k, fills.get(c)) for c, k in splits], axis=1).to_numpy()
    path = model.decision_path(everything).toarray()
    kept = sorted(nodes.index)
    assert list(nodes.loc[kept, "rows"]) == list(path.sum(axis=0)[kept])
    assert np.allclose(nodes.loc[kept, "error"], (e @ path)[kept] / path.sum(axis=0)[kept])


def test_predictions_page_caps_the_table_not_the_download(monkeypatch, tmp_path, sample_cases_built):
    adult = sample_cases_built["adult_income"]
    data = pd.read_csv(adult.holdout_path)
    big = data.sample(60_000, replace=True, random_state=0).reset_index(drop=True)
    big.to_parquet(tmp_path / "adult_60000.parquet")
    for name in ("TRUSTBOARD_TARGET", "TRUSTBOARD_MODEL_DIR", "TRUSTBOARD_CHALLENGER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TRUSTBOARD_MODEL", str(adult.model_path))
    monkeypatch.setenv("TRUSTBOARD_DATA", str(tmp_path / "adult_60000.parquet"))
    app = AppTest.from_file(APP, default_timeout=300)
    app.switch_page("views/1_Predictions.py").run()
    assert not app.exception, app.exception
    assert len(app.dataframe[0].value) == 50_000
    assert any("first 50,000 of them; the download has all 60,000" in c.value for c in app.caption)


calls = []


def counted(case, *, random_state=0, **options):
    calls.append((random_state, options))
    return len(calls)


def test_compute_keys_options_with_their_defaults(cases):
    from dashboard import cached

    case = cases["wine"]
    first = cached.compute(counted, case, extra=1)
    assert cached.compute(counted, case, random_state=0, extra=1) == first, "the default given or not: one result"
    assert cached.compute(counted, case, random_state=1, extra=1) != first


def test_shared_results_are_prepared_once_in_the_background(cases, sample_cases_built):
    import dataclasses

    import explainers
    from dashboard import cached

    case = dataclasses.replace(cases["german_credit"], source={"model": str(sample_cases_built["german_credit"].model_path)})
    assert cached.training_of(case) == str(sample_cases_built["german_credit"].training_path)
    assert cached.training_of(dataclasses.replace(case, source={**case.source, "upload": "x.csv"})) is None
    with cached._prepared_lock:
        cached._prepared.discard(case.fingerprint)
    thread = cached.prepare_shared(case)
    assert thread is not None and cached.prepare_shared(case) is None, "started once per case content"
    thread.join()
    scan = cached.compute(explainers.robustness, case, training=cached.training_of(case))
    assert cached.compute(explainers.robustness, case, training=cached.training_of(case), random_state=0) is scan


def test_small_data_is_not_prepared_in_the_background(cases):
    from dashboard import cached

    case = cases["german_credit"]  # 300 rows: the scan is quick on the page itself
    with cached._prepared_lock:
        cached._prepared.discard(case.fingerprint)
    cached.prepare_pages(case)
    assert case.fingerprint not in cached._prepared
