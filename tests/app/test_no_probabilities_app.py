"""Pages on a classifier without predict_proba, opened by the operator, and on a two-row upload (issue 27, items 4, 5).

Each page opens without an exception, says plainly what is missing (the model gives no probabilities; too few
rows to calibrate, and how many are needed) and still shows what it can: decisions and their errors.
"""

from __future__ import annotations

from pathlib import Path

import joblib
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import LinearSVC
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _svc_files(folder: Path, german_holdout: Path, rows: int | None = None) -> tuple[Path, Path]:
    """A Pipeline ending in a LinearSVC (decisions, no probabilities) on the German credit holdout."""
    frame = pd.read_csv(german_holdout)
    X, y = frame.drop(columns=["credit_risk"]), frame["credit_risk"]
    text = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    encode = ColumnTransformer([("text", OneHotEncoder(handle_unknown="ignore"), text)],
                               remainder=StandardScaler())
    model = Pipeline([("encode", encode), ("svc", LinearSVC(random_state=0))]).fit(X, y)
    if rows is not None:
        frame = frame.groupby("credit_risk").head(rows // 2)
    model_path, data_path = folder / "svc.joblib", folder / "svc.csv"
    joblib.dump(model, model_path)
    frame.to_csv(data_path, index=False)
    return model_path, data_path


def _open(page: str, model: Path, data: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("TRUSTBOARD_MODEL", str(model))
    monkeypatch.setenv("TRUSTBOARD_DATA", str(data))
    monkeypatch.delenv("TRUSTBOARD_MODEL_DIR", raising=False)
    monkeypatch.setenv("TRUSTBOARD_TARGET", "credit_risk")  # labelled: the pages judge the model
    app = AppTest.from_file(APP, default_timeout=300).run()
    return app.switch_page(page).run()


def _text(app: AppTest) -> str:
    parts = [e.value for e in (*app.markdown, *app.caption, *app.info, *app.warning, *app.error, *app.success)]
    return " ".join(str(p) for p in parts)


@pytest.fixture(scope="module")
def svc_files(sample_cases_built, tmp_path_factory):
    return _svc_files(tmp_path_factory.mktemp("svc"), sample_cases_built["german_credit"].holdout_path)


@pytest.mark.parametrize("page", ["views/3_Single_prediction.py", "views/4_Confidence.py",
                                  "views/5_Where_it_fails.py"])
def test_page_says_the_model_gives_no_probabilities(page, svc_files, monkeypatch):
    app = _open(page, *svc_files, monkeypatch)
    assert not app.exception, app.exception[0].message[:300]
    text = _text(app)
    assert "gives no probabilities" in text, text[:500]


def test_one_prediction_still_shows_the_decision(svc_files, monkeypatch):
    app = _open("views/3_Single_prediction.py", *svc_files, monkeypatch)
    assert not app.exception
    assert len(app.get("plotly_chart")) >= 1  # the columns behind the decision
    assert any("decision" in str(m.value).lower() for m in app.markdown)


def test_where_it_fails_still_judges_the_decisions(svc_files, monkeypatch):
    app = _open("views/5_Where_it_fails.py", *svc_files, monkeypatch)
    assert not app.exception
    headings = [str(h.value) for h in app.subheader]
    assert "Slices where the model is worst" in headings and "Error tree" in headings
    assert any("wrong predictions" in str(c.value).lower() for c in app.caption)  # the worst rows, unranked


def test_how_sure_on_two_rows_names_how_many_are_needed(sample_cases_built, tmp_path, monkeypatch):
    from sklearn.tree import DecisionTreeClassifier

    frame = pd.read_csv(sample_cases_built["german_credit"].holdout_path)
    X, y = frame.drop(columns=["credit_risk"]), frame["credit_risk"]
    text = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    model = Pipeline([("encode", ColumnTransformer([("text", OneHotEncoder(handle_unknown="ignore"), text)],
                                                   remainder="passthrough")),
                      ("tree", DecisionTreeClassifier(max_depth=3, random_state=0))]).fit(X, y)
    joblib.dump(model, tmp_path / "tree.joblib")
    frame.groupby("credit_risk").head(1).to_csv(tmp_path / "two.csv", index=False)
    for page in ("views/4_Confidence.py", "views/3_Single_prediction.py"):  # One prediction: the row's band
        app = _open(page, tmp_path / "tree.joblib", tmp_path / "two.csv", monkeypatch)
        assert not app.exception, app.exception[0].message[:300]
        text = _text(app)
        assert "2 labelled rows" in text and "at least 20" in text, text[:500]


def test_row_shortcuts_without_probabilities(svc_files):
    """The engine behind the pages' worst rows and row shortcuts: wrong predictions in row order, no ranking."""
    import explainers
    from explainers.overview import pick, shortcuts
    from tests.conftest import load_quietly

    case = load_quietly(*svc_files, target="credit_risk")
    assert case.proba is None
    assert list(shortcuts(case)) == ["wrong"]
    wrong = pick(case, "wrong", count=5)
    assert len(wrong) == 5 and all(case.predicted[r] != case.y[r] for r in wrong)
    assert wrong == sorted(wrong, key=list(case.X.index).index)  # row order
    with pytest.raises(explainers.InputError, match="gives no probabilities"):
        pick(case, "most_confident_wrong")
