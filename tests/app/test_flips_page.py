"""What flips it page: linked columns shown, forbidden values chosen on the page reach the search."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from explainers.flips.links import linked_columns


def open_flips(sample: str) -> AppTest:
    app = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=180).run()
    app.sidebar.selectbox[0].select(sample).run()
    app.switch_page("views/7_What_flips_it.py").run()
    assert not app.exception, app.exception
    return app


def changes_table(app):
    return next(d.value for d in app.dataframe if "changes" in d.value.columns)


def test_adult_page_shows_the_links_found_in_the_data():
    app = open_flips("adult_income")
    pairs = {link.columns for link in linked_columns(app.session_state["case"]).links}
    assert ("education", "education_years") in pairs and ("relationship", "sex") in pairs
    assert any("combinations seen on at least" in c.value.replace("\\", "") for c in app.caption)
    assert len(changes_table(app)) > 0


def test_a_forbidden_value_chosen_on_the_page_never_appears():
    app = open_flips("german_credit")
    case = app.session_state["case"]
    allowed, *forbidden = case.categories["checking_account"]
    box = next(m for m in app.multiselect if m.label == "Values never to suggest")
    box.set_value([("checking_account", v) for v in forbidden]).run()
    assert not app.exception, app.exception
    for text in changes_table(app)["changes"]:
        moves = [part for part in text.split("; ") if part.startswith("checking_account:")]
        assert all(part.endswith(f"-> {allowed}") for part in moves), text
