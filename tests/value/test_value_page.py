"""AppTest of the What is it worth page with a regressor (bike rentals): plain words first, the prices and what
was assumed, and a changed cost per unit of error moving the headline to the engine's number."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import explainers
from explainers.value import words
from tests.conftest import APP

PAGE = "views/85_What_is_it_worth.py"


@pytest.fixture(autouse=True)
def _clean(clean_environment):
    """The app opens its default sample; the test picks bike rentals."""


def _texts(app) -> list[str]:
    """The headline (the first markdown) and the prices line (its caption), then every other text."""
    markdown = [e.value.replace("\\", "") for e in app.markdown]
    captions = [e.value.replace("\\", "") for e in app.caption]
    prices = [c for c in captions if c.startswith("Each prediction is priced")]
    return [markdown[0], *prices[:1], *markdown[1:], *captions]


def test_the_page_values_a_regressor_in_plain_words_first(sample_cases_built):
    app = AppTest.from_file(APP, default_timeout=300).run()
    app.sidebar.selectbox[0].select("bike_rentals").run()
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    assert not app.info, [i.value for i in app.info]  # not refused as "not a yes/no classifier"
    texts = _texts(app)
    assert texts[0].startswith("**Using the model saves about ") and "predicting the training median" in texts[0]
    assert texts[1].startswith("Each prediction is priced by how far it is off")
    assert "assumed: half the model's average error" in texts[1] and "as accurate as the model" in texts[1]
    assert any("whose conformal interval is wider than" in t for t in texts)
    assert len(app.get("plotly_chart")) >= 2

    cost = next(n for n in app.number_input if n.label == "Per unit of error (a cost)")
    cost.set_value(-2.0).run()
    assert not app.exception, app.exception
    case = app.session_state["case"]
    found = explainers.value(case, values={"per_unit_error": -2.0},
                             training=str(sample_cases_built["bike_rentals"].training_path))
    headline = _texts(app)[0]
    assert "assumed: half the model's average error" in _texts(app)[1]  # the review stays assumed, now doubled
    assert headline.split(" (95%")[0] == f"**{words.headline(found).split(' (95%')[0]}"
