"""Many Parquet files as one dask DataFrame, after checking that they agree on columns and types."""

from __future__ import annotations

import glob
from pathlib import Path

from ..core.errors import DataError, preview

GLOB_CHARACTERS = "*?["


def is_glob(data) -> bool:
    """True for a path pattern such as ``scores/*.parquet`` (or a folder of Parquet files)."""
    return isinstance(data, (str, Path)) and (any(c in str(data) for c in GLOB_CHARACTERS) or Path(data).is_dir())


def is_dask(data) -> bool:
    return type(data).__module__.startswith("dask.") and hasattr(data, "npartitions")


def read_parquet_files(pattern) -> object:
    """The files matching ``pattern`` as one dask DataFrame (one partition per file or row group)."""
    import dask.dataframe as dd

    text = str(Path(pattern) / "*.parquet") if Path(pattern).is_dir() else str(pattern)
    files = sorted(glob.glob(text))
    if not files:
        raise DataError(f"No file matches {text!r}. Check the pattern (quote it so the shell does not expand it), "
                        "e.g. --data 'scores/*.parquet'.")
    _same_schema(files)
    return dd.read_parquet(files)


def _same_schema(files: list[str]) -> None:
    """Every file has the first file's columns and types (read from the Parquet footers only)."""
    import pyarrow.parquet as pq

    try:
        schemas = [pq.read_schema(f) for f in files]
    except Exception as exc:
        raise DataError(f"A file matching the pattern is not a readable Parquet file ({exc}).") from exc
    first = {field.name: str(field.type) for field in schemas[0]}
    for path, schema in zip(files[1:], schemas[1:], strict=True):
        found = {field.name: str(field.type) for field in schema}
        if found != first:
            differ = sorted(set(first) ^ set(found)) or [c for c in first if first[c] != found.get(c)]
            raise DataError(f"{Path(path).name} does not match {Path(files[0]).name} in columns or types "
                            f"({preview(differ)}). All files must share one schema; fix or leave out that file.")


def check_partition(part, expected: dict, index: int) -> None:
    """A partition's columns and dtypes must be the frame's (a dask frame can hide disagreeing partitions)."""
    found = {str(c): str(t) for c, t in part.dtypes.items()}
    if found != expected:
        differ = sorted(set(found) ^ set(expected)) or [c for c in expected if expected[c] != found.get(c)]
        raise DataError(f"Partition {index} of the dask DataFrame disagrees with the others in columns or types: "
                        f"{preview(differ)}. Give every partition the same columns and dtypes.")
