"""Command-line options every subcommand that opens models shares (one definition, one help text)."""

from __future__ import annotations


def add_case_arguments(parser) -> None:
    """--model, --data, --target, --scheduler and the loading options: one case to open (describe, report)."""
    parser.add_argument("--model", required=True,
                        help="model file (.joblib, .pkl or .skops) or MLflow URI (models:/NAME/VERSION, models:/NAME@ALIAS)")
    parser.add_argument("--data", required=True, help="data file (.csv or .parquet), or a quoted Parquet glob read with Dask")
    parser.add_argument("--target", help="label column (default: the sidecar's target)")
    parser.add_argument("--scheduler", help="Dask scheduler for a Parquet glob such as --data 'scores/*.parquet': "
                        "local (a cluster on this machine) or tcp://host:8786 (default: local)")
    add_loading_options(parser)


def add_loading_options(parser) -> None:
    """--trusted-type and --model-timeout: how models are opened and how long one call may take."""
    parser.add_argument("--trusted-type", action="append", default=[], help="type a .skops file may contain")
    parser.add_argument("--model-timeout", type=float, metavar="SECONDS",
                        help="fail (exit 2) when one call of a model's predict takes longer than this")


def add_bootstrap_options(parser) -> None:
    """--seed and --rounds of the paired bootstrap (compare, gate)."""
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    parser.add_argument("--rounds", type=int, default=1000, help="bootstrap rounds (default 1000)")
