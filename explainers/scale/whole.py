"""A dask case's whole data: scored partitions held on the workers, and results added up from them."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .partitions import add


@dataclass(eq=False)
class Whole:
    """The scored partitions (futures on the workers), the number of rows and where the work ran.

    ``reduce(fn, *args)`` runs ``fn(partition, *args)`` on the worker holding each partition and
    adds the results up (partitions.add); only those small aggregates come back.
    """

    client: object
    parts: list
    n_rows: int
    sample_rows: int
    random_state: int
    workers: frozenset = frozenset()

    def reduce(self, fn, *args):
        futures = [self.client.submit(fn, part, *args, pure=False) for part in self.parts]
        results = self.client.gather(futures)
        self.workers = self.workers | {w for r in results if isinstance(r, dict) for w in r.get("workers", ())}
        return functools.reduce(add, results)

    def gather(self, fn, *args) -> list:
        """``fn(partition, *args)`` of every partition, in partition order (for small per-partition values)."""
        return self.client.gather([self.client.submit(fn, part, *args, pure=False) for part in self.parts])

    def note(self) -> str:
        return (f"Whole-data numbers come from all {self.n_rows:,} rows on the Dask cluster; row-level work uses "
                f"a stratified sample of {self.sample_rows:,} rows (seed {self.random_state}).")
