"""Engine calls for the pages, computed once per process for each case content and options.

One wrapper, :func:`compute`, keyed by the function, the case's content fingerprint and the
options: two sessions that opened the same model and data share the results, a re-tagged copy of
a case finds them too, and nothing is shared between different contents.
"""

from __future__ import annotations

import contextlib
import inspect
import threading
import time

import pandas as pd
import streamlit as st

import explainers
from dashboard.language import current, use_language
from explainers import Attributions, Case
from explainers.robustness import SCAN_ROWS
from explainers.why import affordable_rows, exact_method
from sample_models.catalog import samples

WHY_FIRST_ROWS = 200  # the Why page's first sample: fast enough to draw within 2 s ...
WHY_FIRST_SECONDS = 2.0  # ... fewer for models whose exact attributions are slow (deep forests)


def compute(func, case: Case, **options):
    """``func(case, **options)``, cached by (function, case content, options); frames come back as copies.

    The function is named in the key by its file and qualified name, so a page's own small function (one
    that combines cached results) is cached the same way as an engine function. Options are keyed with the
    function's defaults filled in, so ``f(case)`` and ``f(case, random_state=0)`` share one result. The language
    of the run is part of the key: results carry sentences written in it when computed."""
    where = (func.__module__, func.__qualname__, func.__code__.co_filename)
    result = _compute(where, case, _with_defaults(func, case, options), current(), func)
    return result.copy() if isinstance(result, pd.DataFrame) else result


@st.cache_resource(hash_funcs={Case: lambda case: case.fingerprint}, max_entries=256, show_spinner=False)
def _compute(where: tuple, case: Case, options: dict, lang: str, _func):  # _func: not hashed (``where`` names it)
    return _func(case, **options)  # computed in the caller's language, ``lang``


def _with_defaults(func, case: Case, options: dict) -> dict:
    try:
        signature = inspect.signature(func)
        bound = signature.bind(case, **options)
    except (TypeError, ValueError):  # no signature to read, or options it does not take: keyed as given (and it raises)
        return options
    bound.apply_defaults()
    parameters = signature.parameters
    first, named = next(iter(bound.arguments)), {}
    for name, value in bound.arguments.items():
        if parameters[name].kind is inspect.Parameter.VAR_KEYWORD:
            named.update(value)  # f(case, **options): the options as given
        elif name != first:
            named[name] = value
    return named


def gate(case: Case, **options):
    """``explainers.gate`` reading every result it judges (robustness scan, slices, coverage, groups) through
    :func:`compute`: the How robust and Where it fails pages' results serve it, and its serve them."""
    return explainers.gate(case, run=lambda func, **kwargs: compute(func, case, **kwargs), **options)


def sample_of(case: Case) -> str | None:
    """The sample model this case's model is: tagged when picked in the sidebar, else matched by its path (the
    first model a server opens is not tagged); None for other models."""
    return case.source.get("sample") or next(
        (n for n, s in samples().items() if case.source.get("model") == str(s.model_path)), None)


def training_of(case: Case) -> str | None:
    """The training file of the sample model this case's model is, unless the data was uploaded: the robustness
    scan looks for evaluated rows in it, the release gate also measures drift from it."""
    sample = sample_of(case)
    return str(samples()[sample].training_path) if sample and "upload" not in case.source else None


def sample_rows(case: Case, count: int, random_state: int = 0) -> list:
    """Index labels of a reproducible random sample (all rows when there are fewer)."""
    if count >= len(case.X):
        return list(case.X.index)
    return list(case.X.sample(count, random_state=random_state).index)


def why_first_rows(case: Case) -> int:
    return affordable_rows(case, WHY_FIRST_SECONDS, WHY_FIRST_ROWS, at_least=25)


def why_first_sample(case: Case) -> Attributions | None:
    """The Why page's first sample of attributions when the model has a fast exact engine, else None."""
    if exact_method(case) is None:
        return None
    rows = compute(sample_rows, case, count=why_first_rows(case))
    return compute(explainers.attributions, case, rows=rows, target_class=None, units="probability")


def prepare_pages(case: Case) -> None:
    """Called after the home page is drawn; returns at once. In the background, once no page has started a run
    for ``QUIET_SECONDS``, compute the Why page's first sample (so that page opens at once) and, for data of
    ``SCAN_ROWS`` rows or more, what several pages share (:func:`prepare_shared`).

    Not in the session's own run: work there kept the run open after the page was drawn, so a sample picked
    meanwhile waited for it while the page went on showing the previous case as current (issue 27, item 9);
    and it held the GIL while other sessions drew their first pages. Not at once either: ten sessions opening
    together would compete with it (ten new sessions on the German sample: median first page 11 s -> 18 s)."""
    _in_background(case, _why_started, why_first_sample)
    if len(case.X) >= SCAN_ROWS:
        prepare_shared(case)


QUIET_SECONDS = 1.5  # background preparation waits until no page has started a run for this long
_last_page_run = [0.0]  # time.monotonic() of the latest page run's start (see note_page_run)
_prepared: set = set()  # (case fingerprint, language) whose shared results were started (prepare_shared)
_why_started: set = set()  # ... and whose Why sample was (prepare_pages)
_prepared_lock = threading.Lock()


def note_page_run() -> None:
    """Called as every page run begins (the picker): background preparation waits for a quiet moment."""
    _last_page_run[0] = time.monotonic()


def wait_until_quiet() -> None:
    """Return once no page has started a run for ``QUIET_SECONDS`` (at once when none has lately)."""
    while (left := QUIET_SECONDS - (time.monotonic() - _last_page_run[0])) > 0:
        time.sleep(left + 0.05)


def prepare_shared(case: Case) -> threading.Thread | None:
    """Start, once per case content, a background thread computing what several pages read: the robustness
    scan (How robust, May it go live, the report) and the failing slices (Where it fails, May it go live).

    The scan predicts a few hundred thousand perturbed rows whatever the data's size (3.5 s for the adult
    model), so it cannot be quick on a page's first view; begun here (once the server is quiet), it is ready
    (or part done: a page waits on the same cache entry, never computes it twice) when a person opens those
    pages. Returns the thread, or None when it was already started."""
    return _in_background(case, _prepared, _prepare)


def _in_background(case: Case, started: set, work) -> threading.Thread | None:
    """Once per case content and language: a new thread does not inherit the run's language, so it is passed."""
    lang = current()
    with _prepared_lock:
        if (case.fingerprint, lang) in started:
            return None
        started.add((case.fingerprint, lang))
    thread = threading.Thread(target=_quietly, args=(work, case, lang), name="trustboard-prepare", daemon=True)
    thread.start()
    return thread


def _quietly(work, case: Case, lang: str = "en") -> None:
    wait_until_quiet()
    with contextlib.suppress(Exception), use_language(lang):  # a page computing the same result shows the error where it belongs
        work(case)


def _prepare(case: Case) -> None:
    if case.labelled:
        compute(explainers.failures, case)
    compute(explainers.robustness, case, training=training_of(case))
