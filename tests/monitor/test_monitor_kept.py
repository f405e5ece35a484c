"""One monitoring run's numbers serve every language: a second language finds them kept by content
(monitoring.KEPT, a core.memo.Store) instead of computing them again, and writes its own sentences, the same as a run
made in that language alone; other batches are computed anew."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from stream_helpers import model_and_reference, stream

import explainers
from explainers.core.language import use_language
from explainers.core.memo import Store
from explainers.monitor import monitoring

NUMBERS = ("drift", "attribution_drift", "quality")


@pytest.fixture(scope="module")
def small():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, reference, rng = model_and_reference(seed=6, reference_rows=3_000)
    return reference, stream(rng, chunks=3, size=1_000, shift_at=2, shift=1.2)


@pytest.fixture
def computed(monkeypatch):
    """The number of times explanation drift (the heaviest part) was computed; the store starts empty."""
    calls = []
    real = monitoring.explanation_drift

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(monitoring, "explanation_drift", counted)
    monkeypatch.setattr(monitoring, "KEPT", Store(monitoring.RUNS_KEPT))
    return calls


def watch(small, lang: str, batches=None):
    reference, rows = small
    with warnings.catch_warnings(), use_language(lang):
        warnings.simplefilter("ignore")
        return explainers.monitor(reference, rows if batches is None else batches, time_column="day", period="D",
                                  n_boot=20)


def test_a_second_language_reuses_the_numbers_and_writes_its_own_sentences(small, computed):
    english, german = watch(small, "en"), watch(small, "de")
    assert len(computed) == 1
    assert len(german.alerts) and german.alerts["kind"].eq("drift").any()
    for name in NUMBERS:
        pd.testing.assert_frame_equal(getattr(english, name), getattr(german, name))
    pd.testing.assert_frame_equal(english.periods.drop(columns="why_unreliable"),
                                  german.periods.drop(columns="why_unreliable"))
    assert english.alerts["sentence"].tolist() != german.alerts["sentence"].tolist()
    assert german.method != english.method

    monitoring.KEPT.clear()
    alone = watch(small, "de")  # German first, from nothing: what the kept numbers gave, word for word
    assert len(computed) == 2
    pd.testing.assert_frame_equal(alone.alerts, german.alerts)
    pd.testing.assert_frame_equal(alone.periods, german.periods)
    assert alone.method == german.method and alone.notes == german.notes


def test_other_batches_are_computed_anew(small, computed):
    _, rows = small
    watch(small, "en")
    changed = rows.copy()
    changed.loc[0, "x2"] += 1.0
    watch(small, "en", changed)
    assert len(computed) == 2
