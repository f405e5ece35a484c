"""``threads.one_thread``: small predictions run on one OpenMP thread, large ones are left alone."""

from __future__ import annotations

import lightgbm  # noqa: F401  (loads an OpenMP runtime, so there is something to limit)
import sklearn.ensemble  # noqa: F401
from threadpoolctl import threadpool_info

from explainers.core.threads import SMALL, one_thread


def openmp_threads() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "openmp"]


def test_small_batches_get_one_thread_and_large_ones_keep_theirs():
    before = openmp_threads()
    assert before, "no OpenMP runtime loaded: the test would prove nothing"
    with one_thread(10):
        assert set(openmp_threads()) == {1}
    assert openmp_threads() == before  # restored on exit
    with one_thread(SMALL + 1):
        assert openmp_threads() == before
