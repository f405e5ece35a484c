"""Files -> Case: tables (CSV, Parquet, dask), models (joblib, skops, MLflow URIs), the sidecar, predictions.

``load`` is the one entry; a dask DataFrame or a Parquet glob takes the Dask path (``dask_load``), which
uses scale/ for the partition plumbing. io sits above scale/ and below every question folder.
"""

from .load import load

__all__ = ["load"]
