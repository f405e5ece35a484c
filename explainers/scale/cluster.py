"""The Dask client the engine runs on: an existing one, a local cluster, or a scheduler's address."""

from __future__ import annotations

from ..core.errors import InputError

CONNECT_SECONDS = 5


def client_for(scheduler: str | None = None):
    """A ``distributed.Client``: the current one, a new local cluster (``"local"``), or ``tcp://host:port``.

    A scheduler that does not answer within a few seconds is an InputError naming it.
    """
    from distributed import Client, LocalCluster

    if scheduler in (None, ""):
        try:
            return Client.current()
        except ValueError:
            scheduler = "local"
    if scheduler == "local":
        return Client(LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None))
    try:
        return Client(scheduler, timeout=f"{CONNECT_SECONDS}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"The Dask scheduler at {scheduler!r} did not answer within {CONNECT_SECONDS} s ({exc}). "
                         "Check the address (e.g. tcp://host:8786) and that the scheduler is running, "
                         "or use --scheduler local.") from exc
