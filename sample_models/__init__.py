"""Sample models trained on real public data, built on first use (see build.py)."""
