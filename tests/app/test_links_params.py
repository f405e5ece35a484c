"""Reading a link's query parameters (issue 31 item 1): bad values are ignored with a note on the page, never a
crash; good ones are applied; a link to an upload says it cannot reopen it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import links

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_parse_keeps_good_values_and_notes_each_bad_one():
    good = links.parse({"sample": "german_credit", "threshold": "0.3", "row": "9", "group": "age", "level": "95"})
    assert (good.sample, good.threshold, good.row, good.group, good.level, good.notes) == \
        ("german_credit", 0.3, 9, "age", 0.95, ())
    bad = links.parse({"threshold": "2", "row": "nine", "level": "0.5"})
    assert bad.threshold is None and bad.row is None and bad.level is None
    assert len(bad.notes) == 3 and any("threshold 2 is not between 0 and 1" in n for n in bad.notes)


def test_a_view_round_trips_through_its_address(cases):
    case = cases["german_credit"]
    params = links.params_of(case, threshold=0.215, row=9, group="age", level=0.9)
    address = links.url("http://host:8501", "where-it-fails", params)
    assert address == ("http://host:8501/where-it-fails?model=german_credit.joblib&data=german_credit_holdout.csv"
                       "&target=credit_risk&threshold=0.215&row=9&group=age&level=0.9")  # server files, by listed name
    tagged = dataclasses.replace(case, source={**case.source, "sample": "german_credit"})
    again = links.parse(links.params_of(tagged, threshold=0.215, row=9, group="age", level=0.9))
    assert (again.sample, again.threshold, again.row, again.group, again.level) == ("german_credit", 0.215, 9, "age", 0.9)


def test_page_paths_read_like_their_labels():
    assert links.slug("Where it fails") == "where-it-fails"
    assert links.slug("Why: what drives it") == "why-what-drives-it"
    assert links.slug("Since go-live") == "since-go-live"


def opened(params: dict, page: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=300)
    app.query_params.update(params)
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def notes(app) -> str:
    return " ".join(w.value for w in app.warning)


def test_bad_values_are_ignored_with_a_visible_note(clean_environment):
    app = opened({"sample": "german_credit", "threshold": "2", "row": "5000", "group": "no_such_column",
                  "level": "abc"})
    shown = notes(app)
    assert "threshold 2 is not between 0 and 1" in shown and "row 5000 is not in this data" in shown
    assert "“no_such_column” is not a column" in shown and "level “abc” is not a number" in shown
    threshold = next(s for s in app.sidebar.slider if s.label.startswith("Decision threshold"))
    assert threshold.value == 0.5  # kept the default
    link = app.sidebar.code[0].value
    assert "threshold=0.5" in link and "row=0" in link and "no_such_column" not in link


def test_a_good_link_restores_the_choices_on_its_page(clean_environment):
    app = opened({"sample": "adult_income", "threshold": "0.3", "row": "9", "group": "race", "level": "0.95"},
                 "views/5_Where_it_fails.py")
    assert not notes(app) or "link" not in notes(app).lower()
    sliders = {s.label: s.value for s in app.sidebar.slider}
    assert sliders["Confidence level (%)"] == 95
    assert next(v for k, v in sliders.items() if k.startswith("Decision threshold")) == pytest.approx(0.3)
    assert app.sidebar.selectbox(key=next(s.key for s in app.sidebar.selectbox if s.label.startswith("Groups"))).value == "race"
    assert app.sidebar.code[0].value.endswith("/where-it-fails?sample=adult_income&threshold=0.3&row=9&group=race&level=0.95")


def test_a_link_to_an_upload_says_it_cannot_reopen_it(clean_environment):
    app = opened({"upload": "my data.csv", "threshold": "0.3"})
    assert "Links never reopen uploads" in notes(app) and "my data.csv" in notes(app)
    threshold = next(s for s in app.sidebar.slider if s.label.startswith("Decision threshold"))
    assert threshold.value == 0.5  # the choices were made on the upload's data: not applied to another case
