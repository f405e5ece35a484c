"""A time limit on each call into the model, so that a model whose predict hangs fails instead.

Operator-trusted models run arbitrary code; one that never returns would block a CI job forever.
The command line sets a limit (``--model-timeout``); calls into the model run inside
:func:`model_call`, which raises :class:`ModelTimeout` when the limit passes. It uses the
process's interval timer, so it applies in the main thread (the command line), not in servers.
"""

from __future__ import annotations

import contextlib
import signal
import threading

from .errors import ModelError

_limit: list[float | None] = [None]


class ModelTimeout(ModelError):
    """The model did not answer within the time limit."""


def set_model_call_limit(seconds: float | None) -> None:
    """Limit every later model call to ``seconds`` (None: no limit)."""
    if seconds is not None and not seconds > 0:
        raise ModelError(f"The model time limit must be a positive number of seconds; got {seconds}.")
    _limit[0] = seconds


@contextlib.contextmanager
def model_call(what: str):
    """Run the body under the time limit, if one is set and this is the main thread."""
    seconds = _limit[0]
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise ModelTimeout(f"The model's {what} did not answer within {seconds:g} s. Check that the model returns "
                           "on this data, or raise the limit (--model-timeout).")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
