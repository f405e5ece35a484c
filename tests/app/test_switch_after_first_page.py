"""A sample picked right after the home page is drawn opens at once (issue 27, item 9).

The home page used to compute the Why page's first sample at the end of its own run. Until that work was
done the session's run stayed open, so a sample picked meanwhile waited for it, and the page went on showing
the previous case as the current one (not greyed out: nothing had rerun yet) under a picker already naming the
new sample. Ten sessions opening together made that work slow enough to be seen. Here the Why sample is made
to take as long as the test wants; the home page's run and the switch must not wait for it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

import explainers  # noqa: F401 - imported here, so the app's first run below does not spend its time importing
from dashboard import cached
from sample_models.catalog import samples

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_a_sample_picked_after_the_first_page_opens_without_waiting(monkeypatch, clean_environment):
    called, release = threading.Event(), threading.Event()

    def slow_why_sample(case):  # stands for the Why page's preparation on a busy server
        called.set()
        release.wait(120)

    monkeypatch.setattr(cached, "why_first_sample", slow_why_sample)
    monkeypatch.setattr(cached, "_why_started", set(), raising=False)  # prepared in an earlier test of this process: prepare again
    monkeypatch.setattr(cached, "QUIET_SECONDS", 0.2, raising=False)
    try:
        app = AppTest.from_file(APP, default_timeout=40)
        app.run()  # the first page; before the fix this run waited for the Why sample and timed out
        assert not app.exception, app.exception
        assert app.title[0].value.replace("\\", "") == samples()["german_credit"].title

        app.sidebar.selectbox[0].select("adult_income").run(timeout=90)
        assert not app.exception, app.exception
        adult = samples()["adult_income"]
        assert app.title[0].value.replace("\\", "") == adult.title, "the page shows the sample just picked"
        assert app.metric[0].value == f"{len(pd.read_csv(adult.holdout_path)):,}"
        assert "age" in set(app.dataframe[0].value["feature"]), "the feature table is the adult sample's"
        assert not release.is_set()
        assert called.wait(30), "the Why sample is still prepared, in the background, once the server is quiet"
    finally:
        release.set()
