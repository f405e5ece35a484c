"""Counterfactuals' preparations reuse work without changing a result: the linked columns count each pair's
table once (the reverse pair reads its transpose; no mask when nothing is missing), and "the prediction is the
largest probability" reads the prediction codes every tally made. Both compared with the plain way."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from explainers.core.columns import positions
from explainers.flips import links, pool
from tests.conftest import load_quietly


def _plain_table(a, b):
    keep = (a >= 0) & (b >= 0)
    height, width = (int(codes.max()) + 1 if len(codes) else 0 for codes in (a, b))
    return np.bincount(a[keep] * width + b[keep], minlength=height * width).reshape(height, width)


def _plain_find(case):
    """links._find as it was: every pair's table counted for itself, through the mask."""
    empty = set(links.empty_columns(case))
    columns = [c for c in case.X.columns if c not in empty]
    categorical = [c for c in links._categorical(case) if c not in empty]
    found, determined = [], set()
    coded = {c: links._codes(case.X[c]) for c in columns}
    for a in categorical:
        for b in columns:
            if b != a and (b, a) not in determined and links._determines(_plain_table(coded[a][0], coded[b][0])):
                determined.add((a, b))
                found.append(links.Link("determines", (a, b)))
    for i, a in enumerate(categorical):
        for b in categorical[i + 1:]:
            if (a, b) in determined or (b, a) in determined:
                continue
            never = links._never(_plain_table(coded[a][0], coded[b][0]))
            if never:
                found.append(links.Link("restricts", (a, b), tuple(
                    (links.plain(coded[a][1][i]), links.plain(coded[b][1][j])) for i, j in never[:links.EXAMPLES])))
    return found


def _with_blanks(case):
    X = case.X.copy()
    categorical = [c for c in X.columns if case.feature_kinds[c] == "categorical"]
    rng = np.random.default_rng(0)
    for column in categorical[:3]:
        X.loc[rng.random(len(X)) < 0.1, column] = None
    return dataclasses.replace(case, X=X, fingerprint=f"{case.fingerprint}-blanks")


@pytest.fixture(scope="module")
def adult_case(sample_cases_built):
    """The adult sample: links of both kinds (education -> education_years, relationship x sex)."""
    sample = sample_cases_built["adult_income"]
    return load_quietly(sample.model_path, sample.holdout_path)


@pytest.mark.parametrize("blanks", [False, True])
def test_links_found_once_per_pair_are_the_plain_links(adult_case, german_case, blanks):
    for case in (adult_case, german_case):
        case = _with_blanks(case) if blanks else case
        found = links._find(case)
        assert found == _plain_find(case)
    assert {link.kind for link in links._find(adult_case)} == {"determines", "restricts"}  # both kinds compared


def test_a_table_without_blanks_counts_as_the_masked_one():
    rng = np.random.default_rng(1)
    a, b = rng.integers(0, 4, 500), rng.integers(0, 7, 500)
    assert np.array_equal(links._table(a, b), _plain_table(a, b))
    assert np.array_equal(links._table(b, a), links._table(a, b).T)
    b[:20] = -1
    assert np.array_equal(links._table(a, b), _plain_table(a, b))


def test_argmax_check_reads_the_tally_codes_and_equals_the_lookup(german_case):
    plain = bool((positions(german_case.predicted, list(german_case.proba.columns))
                  == german_case.proba.to_numpy().argmax(axis=1)).all())
    assert pool._argmax_is_predict(german_case) is plain
    flipped = german_case.predicted.copy()
    other = next(c for c in german_case.classes if c != flipped.iloc[0])
    flipped.iloc[0] = other  # one prediction no longer the largest probability
    changed = dataclasses.replace(german_case, predicted=flipped, fingerprint=f"{german_case.fingerprint}-flipped")
    assert pool._argmax_is_predict(changed) is False


def test_links_and_their_rules_read_one_coding_of_each_column(adult_case):
    first = links._shape_codes(adult_case, "education")
    assert links._shape_codes(adult_case, "education") is first  # made once per case and column
    codes, values = links._codes(adult_case.X["education"])
    assert np.array_equal(first[0], codes) and list(first[1]) == list(values)
    rules = links.LinkRules(adult_case, tuple(links._find(adult_case)))
    assert rules.mapping and rules.allowed  # both kinds compiled from the shared codes
