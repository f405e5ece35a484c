"""The Dask path: per-partition work on the workers and aggregates that add up across partitions.

scale sits below io/ (which loads a dask DataFrame into a Case through it) and imports nothing of io: the
model call a partition needs is passed in (``partitions.score``).
"""

from .cluster import client_for
from .frames import is_dask, is_glob, read_parquet_files
from .whole import Whole

__all__ = ["Whole", "client_for", "is_dask", "is_glob", "read_parquet_files"]
