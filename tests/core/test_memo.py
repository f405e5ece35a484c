"""The per-case memory: one build per case content and name, even when many sessions ask at once."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

from explainers.core.memo import per_case


def test_callers_arriving_during_a_build_wait_for_it_instead_of_building_again():
    case, builds, start = SimpleNamespace(fingerprint="memo-test-concurrent"), [], threading.Barrier(8)

    def build():
        builds.append(1)
        time.sleep(0.2)  # a slow build: the other callers arrive while it runs
        return object()

    found = []

    def session():
        start.wait()
        found.append(per_case(case, "plan", build))

    threads = [threading.Thread(target=session) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1 and len({id(f) for f in found}) == 1


def test_a_build_may_use_the_memory_for_another_name_of_the_same_case():
    case = SimpleNamespace(fingerprint="memo-test-nested")
    inner = per_case(case, "outer", lambda: per_case(case, "inner", lambda: 41) + 1)
    assert inner == 42 and per_case(case, "inner", lambda: 0) == 41
