"""One OpenMP thread for small predictions.

HistGradientBoosting and LightGBM open an OpenMP parallel region per call (per tree for
HistGradientBoosting). On a few hundred rows the threads mostly wait for each other, and when
another process holds a core they spin: a 300-tree model that predicts 300 rows in 35 ms took
2.4 s on this 2-core machine under load. Small batches run faster on one thread, so the engine's
many small predictions (what-if rows, counterfactual trials) use this. Results do not change.
"""

from __future__ import annotations

import contextlib
from functools import lru_cache

from threadpoolctl import ThreadpoolController

SMALL = 5000  # rows; above this, let the libraries use their threads


@lru_cache(maxsize=16)
def _controller(family: str) -> ThreadpoolController:
    """Scans the loaded native libraries (~5 ms) once per model family: a family's own OpenMP
    runtime (LightGBM and XGBoost bundle theirs) is loaded by the time its model predicts."""
    return ThreadpoolController()


def one_thread(rows: int = 0, model=None):
    """Context manager: OpenMP limited to one thread when ``rows`` is small (else no change)."""
    if rows > SMALL:
        return contextlib.nullcontext()
    final = model.steps[-1][1] if hasattr(model, "steps") else model
    return _controller(type(final).__module__.split(".")[0]).limit(limits=1, user_api="openmp")
