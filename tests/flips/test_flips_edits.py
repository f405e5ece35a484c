"""The What flips it page's table edits become search options in the engine (explainers.flips.edits)."""

from __future__ import annotations

import pandas as pd

from explainers.core import privacy
from explainers.flips import constraints_table, forbid_choices, linked_columns, links_table, search_options


def test_untouched_tables_ask_for_nothing_beyond_the_sidecar(cases):
    case = cases["german_credit"]
    table = constraints_table(case)
    options = search_options(case, case.X.index[0], table, table.copy())
    assert options["immutable"] == [c for c in case.X.columns if c in case.metadata.immutable]
    assert options["ranges"] == {} and options["directions"] == {} and options["actionability"] == {}
    assert options["links"] == [] and options["row"] == case.X.index[0] and options["target"] is None


def test_each_edit_reaches_its_option(cases):
    case = cases["german_credit"]
    numeric = [c for c in case.X.columns if case.feature_kinds[c] != "categorical"]
    table = constraints_table(case, {numeric[1]: 2.0})
    edited = table.copy()
    first, second, third = numeric[:3]
    edited.loc[edited["feature"] == first, "may change"] = False
    edited.loc[edited["feature"] == second, "highest"] = 1e9  # changed: a range; third keeps the data's
    edited.loc[edited["feature"] == third, "direction"] = "decrease"
    category = next(c for c in case.X.columns if case.feature_kinds[c] == "categorical")
    edited.loc[edited["feature"] == category, "direction"] = "increase"  # a category has no direction
    forbid = [cv for cv in forbid_choices(case) if cv[0] == category][:1]
    links = pd.DataFrame({"keep": [True, False, True], "column": [second, third, None],
                          "linked to": [third, first, first], "how": ["", "", ""]})
    options = search_options(case, case.X.index[3], table, edited, forbid, links, target="bad")
    assert first in options["immutable"]
    assert options["ranges"] == {second: (float(case.X[second].min()), 1e9)}
    assert options["directions"] == {third: "decrease"}
    assert options["actionability"] == {second: {"cost": 2.0}, category: {"forbid": [forbid[0][1]]}}
    assert options["links"] == [(second, third)]  # unticked and incomplete rows dropped
    assert options["target"] == "bad"


def test_a_private_column_shows_no_range_and_a_blank_one_is_the_datas(cases):
    case = cases["german_credit"]
    column = next(c for c in case.X.columns if case.feature_kinds[c] != "categorical")
    with privacy.hiding([column], case.X):
        table = constraints_table(case)
        row = table.set_index("feature").loc[column]
        assert pd.isna(row["lowest"]) and pd.isna(row["highest"])
        assert all(cv[0] != column for cv in forbid_choices(case))
        assert search_options(case, case.X.index[0], table, table.copy())["ranges"] == {}


def test_links_found_in_the_data_round_trip_through_the_table(cases):
    case = cases["adult_income"]
    found = linked_columns(case)
    table = links_table(found)
    assert list(table.columns) == ["keep", "column", "linked to", "how"] and table["how"].str.len().gt(0).all()
    options = search_options(case, case.X.index[0], constraints_table(case), constraints_table(case), links=table)
    assert options["links"] == [tuple(link.columns) for link in found.links]
