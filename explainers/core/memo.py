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


def per_case(case, name: str, build):
    """``build()`` once per case content and ``name``; later calls return the same object."""
    key = case.fingerprint or f"object-{id(case)}"
    with _lock:
        entries = _store.setdefault(key, {})
        _store.move_to_end(key)
        while len(_store) > CASES_KEPT:
            _store.popitem(last=False)
        if name in entries:
            return entries[name]
    value = build()  # outside the lock: builds may be slow and may themselves use per_case
    with _lock:
        return _store.setdefault(key, {}).setdefault(name, value)
