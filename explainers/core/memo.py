"""Per-case memory for the engine's expensive preparations (explainer plans, forest checks, pools).

Keyed by the case's content fingerprint, not by the object: a re-tagged copy of a case
(``dataclasses.replace(case, source=...)``, as the dashboard makes) finds what the original built.
The most recently used cases are kept; older ones are dropped. :class:`Store` is the mechanism; a
part whose entries would crowd the cases out (a monitoring run makes a case per period) keeps its own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

CASES_KEPT = 16


class Store:
    """Entries by (key, name), the ``size`` most recently used keys kept. Each entry is built once: callers that
    arrive while it is being built (ten dashboard sessions opening the same sample) wait for that build instead of
    each making their own."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict = OrderedDict()  # key -> {name: entry}
        self._lock = threading.Lock()
        self._building: dict = {}  # (key, name) -> the lock held while that entry is built

    def get(self, key, name, build):
        """The entry for ``key`` and ``name``, ``build()`` once if there is none."""
        found = self._lookup(key, name)
        if found is not _MISSING:
            return found
        with self._lock:
            building = self._building.setdefault((key, name), threading.Lock())
        with building:  # only this entry: builds may be slow and may themselves use the store for other names
            found = self._lookup(key, name)
            if found is _MISSING:
                found = build()
                with self._lock:
                    self._entries.setdefault(key, {})[name] = found
        with self._lock:
            self._building.pop((key, name), None)
        return found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _lookup(self, key, name):
        """The stored entry (or ``_MISSING``), marking the key as recently used and dropping the oldest."""
        with self._lock:
            entries = self._entries.setdefault(key, {})
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
            return entries.get(name, _MISSING)


_MISSING = object()
_cases = Store(CASES_KEPT)


def per_case(case, name: str, build):
    """``build()`` once per case content and ``name``; later calls return the same object (see :class:`Store`)."""
    return _cases.get(case.fingerprint or f"object-{id(case)}", name, build)
