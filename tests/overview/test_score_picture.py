"""The home page's score histogram as a static SVG picture (issue 27 item 9): the bars count every row and split at
the one decision rule, data text stays text, numbers are written the reader's way, and the page loads no plotly."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from explainers.core.language import use_language
from explainers.core.measures import decide
from explainers.overview import ScoreBars, drawing, score_bars, scores

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)  # fails on markup from data that broke the XML
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_bars_count_every_row_and_split_at_the_decision(german_case):
    bars = score_bars(german_case, threshold=0.4)
    values = scores(german_case, 0.4).values * 100
    assert bars.edges == tuple(np.linspace(0, 100, 41).tolist())
    assert sum(map(sum, bars.counts)) == bars.rows == len(german_case.X)
    decided = decide(german_case, 0.4).value_counts()
    assert bars.sides == ("good", "bad")
    assert [sum(c[k] for c in bars.counts) for k in (0, 1)] == [decided["good"], decided["bad"]]
    for (low, high), (below, above) in zip(zip(bars.edges, bars.edges[1:]), bars.counts):
        inside = ((values >= low) & (values < high)) | ((high == 100) & (values == 100))
        assert below + above == inside.sum()
        if high <= 40:
            assert above == 0  # wholly below the threshold: nothing decided bad
        if low >= 40:
            assert below == 0


def test_picture_keeps_data_text_as_text_and_links_nowhere():
    hostile = '<script>alert(1)</script> & "http://127.0.0.1:9/x" \x07'
    bars = ScoreBars(label=f"probability of {hostile}", share=True, edges=tuple(np.linspace(0, 100, 41).tolist()),
                     names=(), counts=((3, 0),) * 20 + ((0, 2),) * 20, threshold=50.0, sides=(hostile, "ok"), rows=100)
    picture = drawing.score_picture(bars)
    assert "<script" not in picture.svg and "href" not in picture.svg and "url(" not in picture.svg
    texts = _texts(picture.svg)
    assert f"decided {hostile[:-1]}\ufffd" in texts  # escaped, and the control character XML cannot hold replaced
    assert f"probability of {hostile[:-1]}\ufffd (%)" in texts
    assert "threshold 50%" in texts
    assert picture.caption == f"Decided {hostile} (below the threshold): 60. Decided ok (at or above it): 40."


def test_picture_in_german_writes_numbers_the_german_way(german_case):
    bars = score_bars(german_case, threshold=0.4)
    with use_language("de"):
        picture = drawing.score_picture(bars)
    texts = _texts(picture.svg)
    assert "Entscheidungsschwelle 40\u00a0%" in texts and "Datensätze" in texts and "20\u00a0%" in texts
    assert "entschieden good" in texts and "7,5–10\u00a0%: 15" in picture.counts
    assert picture.title == "Wie sich die Ausgabe des Modells über 300 Datensätze verteilt"


def test_classes_without_probabilities_get_one_bar_each():
    bars = ScoreBars(label="predicted risk", share=False, edges=(), names=("low", "high"), counts=((7,), (3,)),
                     threshold=None, sides=(), rows=10)
    picture = drawing.score_picture(bars)
    assert {"low", "high", "predicted risk"} <= set(_texts(picture.svg))
    assert picture.counts == "low: 7 · high: 3" and picture.caption == ""


@pytest.fixture(scope="module")
def home(sample_cases_built):
    import os

    saved = {k: os.environ.pop(k) for k in ("TRUSTBOARD_MODEL", "TRUSTBOARD_DATA", "TRUSTBOARD_TARGET",
                                            "TRUSTBOARD_MODEL_DIR") if k in os.environ}
    try:
        app = AppTest.from_file(APP, default_timeout=120).run()
    finally:
        os.environ.update(saved)
    assert not app.exception, app.exception
    return app


def test_home_page_draws_the_histogram_as_a_picture_not_plotly(home):
    assert home.get("plotly_chart") == []
    (images,) = home.get("image")
    (image,) = images.proto.imgs
    assert image.url.startswith("data:image/svg+xml;base64,")
    assert image.alt.startswith("How the model's output is spread over 300 rows. Decided good (below the threshold): ")
    assert any("Decided bad (at or above it):" in c.value for c in home.caption)
