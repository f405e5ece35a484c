"""The numbers of the latest monitoring runs, kept by content: the same run read in another language (the Since
go-live page, a report or the command line in several languages) costs its words, not a second computation.

Its own small store, not core.memo's per-case one: a run makes a Case per period (gate, explanations), and those
would push the reference's entry out of that store before the second language asks for it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

RUNS_KEPT = 4

_store: OrderedDict = OrderedDict()
_lock = threading.Lock()
_building: dict = {}  # key -> the lock held while that run is computed


def kept(key: tuple, build):
    """``build()`` once per ``key`` among the latest RUNS_KEPT; a caller arriving while it is computed (two
    sessions opening the page) waits for it instead of computing it again."""
    with _lock:
        if key in _store:
            _store.move_to_end(key)
            return _store[key]
        building = _building.setdefault(key, threading.Lock())
    with building:
        with _lock:
            if key in _store:
                return _store[key]
        found = build()
        with _lock:
            _store[key] = found
            while len(_store) > RUNS_KEPT:
                _store.popitem(last=False)
            _building.pop(key, None)
    return found
