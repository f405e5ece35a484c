"""Issue 26, item 1: after "Use the cheapest threshold" every page decides at it (AppTest, German credit).

The person clicks the sidebar's cheapest-threshold button (0.215 on German credit), then visits the home
page, One prediction, What flips it and How robust with row 9 (P(bad) 48%). Each decision-dependent number
or sentence must equal the engine's at that threshold, and differ from the engine's at 0.5 (so the page
cannot pass by ignoring the threshold).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import explainers
from explainers.failures import decide, headline_metrics
from explainers.failures import words as failure_words
from explainers.flips import words as flip_words
from explainers.overview import words as overview_words
from explainers.robustness import words as robustness_words
from sample_models.catalog import samples

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ROW = 9  # P(bad) 48%: good at 0.5, flagged bad at the cheapest threshold


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch, sample_cases_built):
    for name in ("TRUSTBOARD_MODEL", "TRUSTBOARD_DATA", "TRUSTBOARD_TARGET", "TRUSTBOARD_MODEL_DIR"):
        monkeypatch.delenv(name, raising=False)


def plain(text: str) -> str:
    return text.replace("\\", "")


def texts(app: AppTest) -> list[str]:
    return [plain(e.value) for e in [*app.markdown, *app.caption]]


def visit(app: AppTest, page: str) -> AppTest:
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


@pytest.fixture(scope="module")
def at_cheapest():
    """The app on German credit after a click on "Use the cheapest threshold", and that threshold."""
    app = AppTest.from_file(APP, default_timeout=180).run()
    assert not app.exception, app.exception
    case = app.session_state["case"]
    best = explainers.performance(case, threshold=0.5).best_threshold
    assert best is not None and abs(best - 0.5) > 0.05, best
    button = next(b for b in app.sidebar.button if b.label.startswith("Use the cheapest threshold"))
    button.click().run()
    assert not app.exception, app.exception
    return app, case, best


def test_home_accuracy_is_at_the_threshold(at_cheapest):
    app, case, t = at_cheapest
    app = visit(app, "app.py")
    shown = next(m.value for m in app.metric if m.label == "Accuracy")
    at_t = next(m for m in headline_metrics(case, threshold=t) if m.key == "accuracy")
    at_half = next(m for m in headline_metrics(case, threshold=0.5) if m.key == "accuracy")
    assert shown == overview_words.metric_value(at_t)
    assert overview_words.metric_value(at_half) != shown, "accuracy must move with the threshold"
    assert at_t.value == pytest.approx((decide(case, t) == case.y).mean())
    assert any(f"Deciding at {failure_words.threshold_text(t)} (cheapest for the stated costs)" in s
               for s in texts(app))


def test_one_prediction_decides_row_9_at_the_threshold(at_cheapest):
    app, case, t = at_cheapest
    app = visit(app, "views/3_Single_prediction.py")
    next(n for n in app.number_input if n.label.startswith("Row number")).set_value(ROW).run()
    assert not app.exception, app.exception
    label = case.X.index[ROW]
    sentence = failure_words.decision_sentence(decide(case, t).loc[label], case.positive_class, t)
    assert sentence in texts(app)
    assert decide(case, t).loc[label] == case.positive_class != decide(case, 0.5).loc[label]
    assert failure_words.decision_sentence(decide(case, 0.5).loc[label], case.positive_class, 0.5) not in texts(app)


def test_what_flips_it_starts_from_the_decision_at_the_threshold(at_cheapest):
    app, case, t = at_cheapest
    app = visit(app, "views/7_What_flips_it.py")
    label = case.X.index[ROW]
    assert next(n for n in app.number_input if n.label.startswith("Row number")).value == ROW, "the row carries over"
    now, before = decide(case, t).loc[label], decide(case, 0.5).loc[label]
    assert (now, before) == ("bad", "good")
    shown = [s for s in texts(app) if s.startswith("Now:")]
    assert shown == [flip_words.now_sentence(now, before, t)], shown  # flagged bad: the page offers good
    assert flip_words.now_sentence(before, now, None) not in shown and "bad" in shown[0]
    found = explainers.counterfactuals(case, label, threshold=t)
    assert len(found) > 0 and set(found.rows["prediction"]) == {"good"}
    proba = case.model.predict_proba(found.rows[list(case.X.columns)])[:, list(case.classes).index("bad")]
    assert (proba < t).all(), "each changed row is good at the threshold, re-predicted"
    table = next(d.value for d in app.dataframe if "changes" in d.value.columns)
    assert set(table["prediction"]) == {"good"}
    assert list(table["changes"]) == list(flip_words.table(found)["changes"])


def test_how_robust_counts_flips_at_the_threshold(at_cheapest):
    app, case, t = at_cheapest
    app = visit(app, "views/65_How_robust.py")
    training = str(samples()["german_credit"].training_path)
    at_t = explainers.robustness(case, training=training, threshold=t)
    at_half = explainers.robustness(case, training=training, threshold=0.5)
    assert at_t.threshold == t and at_t.max_flip_rate != pytest.approx(at_half.max_flip_rate, abs=0.01)
    shown = texts(app)
    assert plain(robustness_words.gate_values(at_t)) in shown
    assert plain(robustness_words.gate_values(at_half)) not in shown
    assert any(f"Deciding at {failure_words.threshold_text(t)}" in s for s in shown)
