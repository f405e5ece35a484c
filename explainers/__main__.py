"""Command line.

    python -m explainers describe --model M --data D [--target T]
    python -m explainers report --model M --data D [--target T] [--rows 3,17] [--level 0.9] [--threshold T]
                                [--format html|pdf|json] [--out report.html] [--champion C]
                                [--private col1,col2]
                                [--policy P] [--chromium PATH]
    python -m explainers verify REPORT --model M --data D [--sidecar S] [--policy P] [--champion C]
    python -m explainers compare --champion A --challenger B --data D [--target T] [--threshold T] [--json F]
    python -m explainers gate --model M --data D --policy P [--champion C] [--reference R] [--threshold T]
                              [--json F] [--junit F] [--report F]   (exit 0 passed, warnings allowed; 1 a check failed)
    python -m explainers monitor --reference R --data D [--model M | --scores COL] --time-column T [--period M]
                                 [--policy P] [--json F] [--junit F]   (exit 1 when a rollback is confirmed)
    python -m explainers value --model M --data D [--training T] [--threshold T] [--values JSON] [--champion C]
                               [--review-error E] [--json F]

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
from pathlib import Path

from .compare import cli as compare_cli
from .core.errors import InputError
from .core.limits import set_model_call_limit
from .gate import cli as gate_cli
from .monitor import cli as monitor_cli
from .overview import cli as describe_cli
from .report import cli as report_cli
from .report.mlflow_log import check_run, log_report, log_verdict
from .value import cli as value_cli

COMMANDS = (describe_cli, report_cli, compare_cli, gate_cli, monitor_cli, value_cli)  # each adds its subcommands and runs them


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        set_model_call_limit(getattr(args, "model_timeout", None))
        if getattr(args, "mlflow_run", None):
            check_run(args.mlflow_run)  # a wrong run id fails before any computing
            if args.command == "gate":
                return _gate_to_mlflow(args, say)
        return args.run(args, say)
    except InputError as err:
        print(printable(f"error: {err}"), file=sys.stderr)
        return 2
    except Exception as err:  # noqa: BLE001 - the command line's last resort: say what broke, exit 1
        print(printable(f"error: {type(err).__name__}: {err}"), file=sys.stderr)
        return 1
    finally:
        set_model_call_limit(None)  # the limit belongs to this command, not to what runs after it in the process


def parser() -> argparse.ArgumentParser:
    """The top-level parser: each command module adds its own subcommands."""
    top = argparse.ArgumentParser(prog="python -m explainers", description="Trustboard's command line.")
    commands = top.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        added = set(commands.choices)
        command.add_parser(commands)
        for name in set(commands.choices) - added:  # the module that added a subcommand runs it
            commands.choices[name].set_defaults(run=command.run)
    for name in ("report", "gate"):
        commands.choices[name].add_argument("--mlflow-run", metavar="RUN_ID",
                                            help="log the report (and the gate's verdict) to this MLflow run")
    return top


def say(text: str) -> None:
    """Print a command's output for a terminal (see printable)."""
    print(printable(text))


def printable(text: str) -> str:
    """Text for a terminal: control characters from data (escape sequences, bells) shown as \\x.. codes."""
    return "".join(c if c == "\n" or unicodedata.category(c)[0] != "C" else c.encode("unicode_escape").decode()
                   for c in str(text))


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
