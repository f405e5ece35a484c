"""Per-case memory for the engine's expensive preparations (explainer plans, forest checks, pools).

Keyed by the case's content fingerprint, not by the object: a re-tagged copy of a case
(``dataclasses.replace(case, source=...)``, as the dashboard makes) finds what the original built.
The most recently used cases are kept; older ones are dropped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

CASES_KEPT = 16

_store: OrderedDict = OrderedDict()
_lock = threading.Lock()
_building: dict = {}  # (case key, name) -> the lock held while that entry is built


def per_case(case, name: str, build):
    """``build()`` once per case content and ``name``; later calls return the same object. Callers that
    arrive while it is being built (ten dashboard sessions opening the same sample) wait for that build
    instead of each making their own."""
    key = case.fingerprint or f"object-{id(case)}"
    found = _lookup(key, name)
    if found is not _MISSING:
        return found
    with _lock:
        building = _building.setdefault((key, name), threading.Lock())
    with building:  # only this entry: builds may be slow and may themselves use per_case for other names
        found = _lookup(key, name)
        if found is _MISSING:
            found = build()
            with _lock:
                _store.setdefault(key, {})[name] = found
    with _lock:
        _building.pop((key, name), None)
    return found


_MISSING = object()


def _lookup(key: str, name):
    """The stored entry (or ``_MISSING``), marking the case as recently used and dropping the oldest."""
    with _lock:
        entries = _store.setdefault(key, {})
        _store.move_to_end(key)
        while len(_store) > CASES_KEPT:
            _store.popitem(last=False)
        return entries.get(name, _MISSING)
