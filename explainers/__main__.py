"""Command line: ``python -m explainers describe --model M --data D [--target T]``.

Bad input prints the InputError's message and exits with status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings

from .errors import InputError, InputWarning
from .loading import load
from .metrics import headline_metrics
from .overview import feature_table, model_structure, task_in_words


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainers", description="Trustboard's command line.")
    commands = parser.add_subparsers(dest="command", required=True)
    describe = commands.add_parser("describe", help="load a model and data, check them, and summarise the case")
    _add_case_arguments(describe)
    args = parser.parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)  # notes are printed below instead
            case = load(args.model, args.data, target=args.target, trusted_types=args.trusted_type)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(_describe(case))
    return 0


def _add_case_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", required=True, help="model file (.joblib, .pkl or .skops)")
    parser.add_argument("--data", required=True, help="data file (.csv or .parquet)")
    parser.add_argument("--target", help="label column (default: the sidecar's target)")
    parser.add_argument("--trusted-type", action="append", default=[], help="type a .skops file may contain")


def _describe(case) -> str:
    structure = model_structure(case)
    lines = [case.name, "=" * len(case.name), task_in_words(case), "", "Model steps:"]
    lines += [f"  {i}. {step}" for i, step in enumerate(structure["steps"], 1)]
    labels = f"labelled by {case.target!r}" if case.labelled else "unlabelled"
    lines += ["", f"Data: {len(case.X):,} rows x {case.X.shape[1]} columns, {labels}"]
    for metric in headline_metrics(case):
        lines.append(f"{metric.name}: {metric.value:.4g}  ({metric.method})")
    lines += ["", "Notes:" if case.notes else "Notes: none"] + [f"  - {n}" for n in case.notes]
    table = feature_table(case)[["feature", "kind", "values", "description"]]
    lines += ["", table.to_string(index=False, max_colwidth=60)]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
