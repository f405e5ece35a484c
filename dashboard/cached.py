"""Engine calls for the pages, computed once per process for each case content and options.

One wrapper, :func:`compute`, keyed by the function, the case's content fingerprint and the
options: two sessions that opened the same model and data share the results, a re-tagged copy of
a case finds them too, and nothing is shared between different contents.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import explainers
from explainers import Attributions, Case
from explainers.why.attributions import affordable_rows, exact_method

WHY_FIRST_ROWS = 200  # the Why page's first sample: fast enough to draw within 2 s ...
WHY_FIRST_SECONDS = 2.0  # ... fewer for models whose exact attributions are slow (deep forests)


def compute(func, case: Case, **options):
    """``func(case, **options)``, cached by (function, case content, options); frames come back as copies.

    The function is named in the key by its file and qualified name, so a page's own small function (one
    that combines cached results) is cached the same way as an engine function."""
    where = (func.__module__, func.__qualname__, func.__code__.co_filename)
    result = _compute(where, case, options, func)
    return result.copy() if isinstance(result, pd.DataFrame) else result


@st.cache_resource(hash_funcs={Case: lambda case: case.fingerprint}, max_entries=256, show_spinner=False)
def _compute(where: tuple, case: Case, options: dict, _func):  # _func: not hashed (``where`` names it)
    return _func(case, **options)


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


def prepare_why_page(case: Case) -> None:
    """Compute the Why page's first sample now (called after the home page is drawn), so it opens at once."""
    why_first_sample(case)
