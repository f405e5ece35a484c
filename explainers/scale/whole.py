"""A dask case's whole data: scored partitions held on the workers, and results added up from them."""

from __future__ import annotations

from dataclasses import dataclass

from .partitions import fold

BATCH = 8  # partitions (then partial sums) added up by one task on the workers


@dataclass(eq=False)
class Whole:
    """The scored partitions (futures on the workers), the number of rows and where the work ran.

    ``reduce(fn, *args)`` runs ``fn(partition, *args)`` on the worker holding each partition and
    adds the results up there (partitions.add), in batches and then a tree of partial sums: only
    the one total comes back to the client, however many partitions there are.
    """

    client: object
    parts: list
    n_rows: int
    sample_rows: int
    random_state: int
    workers: frozenset = frozenset()

    def reduce(self, fn, *args):
        level = [self.client.submit(fold, fn, batch, *args, pure=False) for batch in self._batches()]
        while len(level) > 1:
            level = [self.client.submit(fold, None, level[i:i + BATCH], pure=False)
                     for i in range(0, len(level), BATCH)]
        total = self.client.gather(level[0])
        if isinstance(total, dict):
            self.workers = self.workers | set(total.get("workers", ()))
        return total

    def _batches(self) -> list[list]:
        """Each worker's partitions in groups of at most BATCH, and no larger than its share per thread:
        no partition moves and every thread has work."""
        from distributed import wait

        with self.client.as_current():
            wait(self.parts)  # where a partition is held is known once it is scored
        holders, threads = self.client.who_has(self.parts), self.client.nthreads()
        by_worker: dict = {}
        for part in self.parts:
            by_worker.setdefault(min(holders.get(part.key, ()), default=None), []).append(part)
        batches = []
        for worker, parts in by_worker.items():
            size = min(BATCH, -(-len(parts) // threads.get(worker, 1)))
            batches += [parts[i:i + size] for i in range(0, len(parts), size)]
        return batches

    def gather(self, fn, *args) -> list:
        """``fn(partition, *args)`` of every partition, in partition order (for small per-partition values)."""
        return self.client.gather([self.client.submit(fn, part, *args, pure=False) for part in self.parts])

    def note(self) -> str:
        return (f"Whole-data numbers come from all {self.n_rows:,} rows on the Dask cluster; row-level work uses "
                f"a stratified sample of {self.sample_rows:,} rows (seed {self.random_state}).")
