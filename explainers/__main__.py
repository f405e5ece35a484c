"""Command line.

    python -m explainers describe --model M --data D [--target T]
    python -m explainers report --model M --data D [--target T] [--rows 3,17] [--level 0.9]
                                [--format html|pdf|json] [--out report.html] [--challenger C]
                                [--private col1,col2]
                                [--policy P] [--chromium PATH]
    python -m explainers verify REPORT --model M --data D [--sidecar S] [--policy P]
    python -m explainers compare --champion A --challenger B --data D [--target T] [--json F]
    python -m explainers gate --model M --data D --policy P [--champion C] [--reference R] [--json F] [--junit F]
                              [--report F]   (exit 0 passed, warnings allowed; 1 a check failed)

--model also takes an MLflow URI (models:/NAME/VERSION, models:/NAME@ALIAS, runs:/RUN_ID/PATH);
report and gate take --mlflow-run RUN_ID to log the report and the verdict back to that run.

Exit codes: 0 done, 2 bad input (the InputError's message on stderr, never a traceback),
1 anything else.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import unicodedata
import warnings
from pathlib import Path

from .compare import cli as compare_cli
from .core.errors import InputError, InputWarning
from .core.limits import set_model_call_limit
from .failures.metrics import headline_metrics
from .gate import cli as gate_cli
from .io.load import load
from .io.options import add_loading_options
from .overview.model import feature_table, model_structure, task_in_words
from .overview.words import data_sentence
from .report import FORMATS, report, verify_cli
from .report.mlflow_log import check_run, log_report, log_verdict
from .report.pdf import find_chromium


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainers", description="Trustboard's command line.")
    commands = parser.add_subparsers(dest="command", required=True)
    describe = commands.add_parser("describe", help="load a model and data, check them, and summarise the case")
    _add_case_arguments(describe)
    report_parser = commands.add_parser("report", help="write the report (one offline HTML file, or JSON)")
    _add_case_arguments(report_parser)
    report_parser.add_argument("--rows", help="row positions to explain, comma-separated (e.g. 3,17)")
    report_parser.add_argument("--level", type=float, default=0.9, help="confidence level (default 0.9)")
    report_parser.add_argument("--reference", help="reference data for drift (e.g. the training file)")
    report_parser.add_argument("--threshold", type=float, default=0.5, help="decision threshold (default 0.5)")
    report_parser.add_argument("--seed", type=int, default=0, help="random seed for every sampled step (default 0)")
    report_parser.add_argument("--format", choices=FORMATS, default="html", help="html (default), pdf or json")
    report_parser.add_argument("--out", help="output file (default report.html or report.json)")
    report_parser.add_argument("--challenger", help="a second model file, compared with --model on the same data")
    report_parser.add_argument("--policy", help="the release policy file; its SHA-256 goes into the signature block")
    report_parser.add_argument("--private", help="columns whose row-level values the report never shows, "
                                                 "comma-separated (beside the sidecar's \"private\")")
    report_parser.add_argument("--chromium", help="Chromium executable for --format pdf (default: chromium on PATH)")
    compare_cli.add_parser(commands)
    verify_cli.add_parser(commands)
    gate_cli.add_parser(commands)
    for name in ("report", "gate"):
        commands.choices[name].add_argument("--mlflow-run", metavar="RUN_ID",
                                            help="log the report (and the gate's verdict) to this MLflow run")
    args = parser.parse_args(argv)
    try:
        if args.command == "verify":
            return verify_cli.run(args, lambda text: print(printable(text)))
        set_model_call_limit(args.model_timeout)
        if getattr(args, "mlflow_run", None):
            check_run(args.mlflow_run)  # a wrong run id fails before any computing
            if args.command == "gate":
                return _gate_to_mlflow(args, lambda text: print(printable(text)))
        if args.command == "compare":
            return compare_cli.run(args, lambda text: print(printable(text)))
        if args.command == "gate":
            return gate_cli.run(args, lambda text: print(printable(text)))
        if args.command == "report":
            args.out = _check_report_arguments(args)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)  # notes are printed or reported instead
            case = load(args.model, args.data, target=args.target, trusted_types=args.trusted_type,
                        scheduler=getattr(args, "scheduler", None))
            if args.command == "describe":
                print(printable(_describe(case)))
            else:
                path = report(case, args.out, format=args.format, rows=_rows(case, args.rows), level=args.level,
                              reference=args.reference, random_state=args.seed, threshold=args.threshold,
                              policy=args.policy, chromium=args.chromium, private=args.private or (),
                              challenger=load(args.challenger, args.data, target=case.target,
                                              trusted_types=args.trusted_type) if args.challenger else None)
                print(f"wrote {path}")
                if args.mlflow_run:
                    log_report(args.mlflow_run, path)
                    print(f"logged {path.name} to MLflow run {args.mlflow_run}")
    except InputError as err:
        print(printable(f"error: {err}"), file=sys.stderr)
        return 2
    except Exception as err:  # noqa: BLE001 - the command line's last resort: say what broke, exit 1
        print(printable(f"error: {type(err).__name__}: {err}"), file=sys.stderr)
        return 1
    finally:
        set_model_call_limit(None)  # the limit belongs to this command, not to what runs after it in the process
    return 0


def printable(text: str) -> str:
    """Text for a terminal: control characters from data (escape sequences, bells) shown as \\x.. codes."""
    return "".join(c if c == "\n" or unicodedata.category(c)[0] != "C" else c.encode("unicode_escape").decode()
                   for c in str(text))


def _check_report_arguments(args) -> Path:
    """Refuse bad report settings before any computing: the level, the threshold, where to write."""
    if not 0 < args.level < 1:
        raise InputError(f"--level must lie strictly between 0 and 1 (e.g. 0.9); got {args.level}.")
    if not 0 <= args.threshold <= 1:
        raise InputError(f"--threshold must lie between 0 and 1; got {args.threshold}.")
    if args.policy and not Path(args.policy).is_file():
        raise InputError(f"--policy {args.policy!r} does not exist; give the policy file to sign, or leave it out.")
    if args.format == "pdf":
        find_chromium(args.chromium)  # no Chromium: say what to install before computing anything
    out = Path(args.out or f"report.{args.format}")
    if out.is_dir():
        raise InputError(f"--out {str(out)!r} is a folder; give a file name inside it, e.g. {str(out / out.name)!r}.")
    if not out.parent.is_dir():
        raise InputError(f"--out: the folder {str(out.parent)!r} does not exist; create it or choose another path.")
    existed = out.exists()
    try:
        with open(out, "a", encoding="utf-8"):
            pass
    except OSError as err:
        raise InputError(f"--out {str(out)!r} cannot be written ({err.strerror}); choose a path you may write to.") from err
    if not existed:
        out.unlink()
    return out


def _rows(case, text: str | None):
    """Row positions from the command line (``3,17``) -> index labels; None keeps the default rows."""
    if not text:
        return None
    try:
        positions = [int(p) for p in text.split(",") if p.strip()]
    except ValueError as exc:
        raise InputError(f"--rows takes row positions separated by commas, like 3,17; got {text!r}.") from exc
    bad = [p for p in positions if not 0 <= p < len(case.X)]
    if bad:
        raise InputError(f"--rows {bad} are outside 0..{len(case.X) - 1}.")
    return [case.X.index[p] for p in positions]


def _add_case_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", required=True,
                        help="model file (.joblib, .pkl or .skops) or MLflow URI (models:/NAME/VERSION, models:/NAME@ALIAS)")
    parser.add_argument("--data", required=True, help="data file (.csv or .parquet), or a quoted Parquet glob read with Dask")
    parser.add_argument("--target", help="label column (default: the sidecar's target)")
    parser.add_argument("--scheduler", help="Dask scheduler for a Parquet glob such as --data 'scores/*.parquet': "
                        "local (a cluster on this machine) or tcp://host:8786 (default: local)")
    add_loading_options(parser)


def _describe(case) -> str:
    structure = model_structure(case)
    lines = [case.name, "=" * len(case.name), task_in_words(case), "", "Model steps:"]
    lines += [f"  {i}. {step}" for i, step in enumerate(structure["steps"], 1)]
    lines += ["", data_sentence(case)]
    for metric in headline_metrics(case):
        lines.append(f"{metric.name}: {metric.value:.4g}  ({metric.method})")
    lines += ["", "Notes:" if case.notes else "Notes: none"] + [f"  - {n}" for n in case.notes]
    table = feature_table(case)[["feature", "kind", "values", "description"]]
    lines += ["", table.to_string(index=False, max_colwidth=60)]
    return "\n".join(lines)


def _gate_to_mlflow(args, say) -> int:
    """The gate, then its JSON verdict, policy and --report (when written) logged to the run --mlflow-run."""
    with tempfile.TemporaryDirectory() as folder:
        args.json = args.json or str(Path(folder) / "verdict.json")
        code = gate_cli.run(args, say)
        log_verdict(args.mlflow_run, json.loads(Path(args.json).read_text(encoding="utf-8")), policy=args.policy)
        if args.report:
            log_report(args.mlflow_run, args.report)
    say(f"logged the verdict to MLflow run {args.mlflow_run}")
    return code


if __name__ == "__main__":
    sys.exit(main())
