"""``python -m explainers monitor --reference R --data D [--model M | --scores COL] [--target T]
[--time-column T] [--period W | --chunk-size N | --batch-column B] [--policy P] [--json F] [--junit F]
[--fail-on provisional]``: exit 0 when no rollback is confirmed, 1 when one is (or, with ``--fail-on
provisional``, when one rests on estimates), 2 for bad input. For schedulers (cron, Airflow)."""

from __future__ import annotations

import json
import tempfile
import warnings
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..core.errors import InputError, InputWarning
from ..core.language import LANGUAGES, _, use_language
from ..io.load import load
from ..report.mlflow_log import check_run, log_monitoring
from . import words
from .monitoring import monitor


def add_parser(commands) -> None:
    parser = commands.add_parser("monitor", help="watch scored batches after go-live (exit 0 holding up, 1 rollback "
                                                 "confirmed, 2 bad input)")
    parser.add_argument("--reference", required=True, help="the labelled rows the release was judged on (.csv, .parquet)")
    parser.add_argument("--data", required=True, help="batches after go-live: a file, a glob or a folder (a Parquet "
                                                      "glob is read on Dask, per-period sums on the workers)")
    parser.add_argument("--scheduler", help="Dask scheduler for a Parquet glob: local or tcp://host:8786 "
                                            "(default: local)")
    parser.add_argument("--model", help="the model (.joblib, .pkl, .skops or an MLflow URI)")
    parser.add_argument("--scores", help="the column of logged scores (the positive class's probability, or the "
                                         "predicted number), in the reference and the batches; alone, without "
                                         "--model: score-only monitoring")
    parser.add_argument("--features", help="without --model: the input columns, comma-separated (default: every "
                                           "column but the target, the scores, dates and identifiers)")
    parser.add_argument("--target", help="the outcome column (blank where not yet known)")
    parser.add_argument("--time-column", help="the column of dates or times")
    parser.add_argument("--period", help="D, W, M, Q or Y: one period per calendar day, week, month...")
    parser.add_argument("--chunk-size", type=int, help="periods of this many rows instead")
    parser.add_argument("--batch-column", help="one period per value of this column instead")
    parser.add_argument("--policy", help="the release policy (YAML): its checks are the rollback criteria")
    parser.add_argument("--json", help="write the tables and alerts as JSON to this file")
    parser.add_argument("--junit", help="write one JUnit testcase per period (failed on a rollback) to this file")
    parser.add_argument("--fail-on", choices=("confirmed", "provisional"), default="confirmed",
                        help="exit 1 on a confirmed rollback (default) or on a provisional one too")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--mlflow-run", metavar="RUN_ID",
                        help="log the result (JSON artifact, alert counts, rollback status) to this MLflow run")
    parser.add_argument("--lang", choices=list(LANGUAGES), default="en",
                        help="language of the headline, the alerts and the method (default en); the JSON and JUnit "
                             "files keep their keys in English")


def run(args, say=print) -> int:
    """Watch the batches, ``say`` the headline and alerts in ``--lang``; 0 holding up, 1 rollback (exit codes do
    not depend on the language)."""
    with use_language(getattr(args, "lang", "en")):
        return _run(args, say)


def _run(args, say) -> int:
    if args.mlflow_run:
        check_run(args.mlflow_run)  # an unknown run fails before anything is computed
    for option in ("json", "junit"):
        path = getattr(args, option)
        if path and not Path(path).parent.is_dir():
            raise InputError(f"--{option}: the folder {str(Path(path).parent)!r} does not exist; create it or choose "
                             "another path.")
    if not args.model and not args.scores:
        raise InputError("Give the model (--model) or the column of logged scores (--scores).")
    if args.period and not args.time_column:
        raise InputError("--period cuts by calendar: name the time column with --time-column.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        if args.features and args.model:
            raise InputError("--features names the inputs of a score-only run; with --model the model's own "
                             "inputs are used: leave --features out.")
        features = [c.strip() for c in args.features.split(",") if c.strip()] if args.features else None
        reference = load(args.model or None, args.reference, target=args.target, scores=None if args.model else
                         args.scores, features=features)
        result = monitor(reference, args.data, time_column=args.time_column, period=args.period,
                         chunk_size=args.chunk_size, batch_column=args.batch_column, scores=args.scores,
                         policy=args.policy, random_state=args.seed, scheduler=args.scheduler)
    say(text(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result.to_dict(), default=str, indent=1), encoding="utf-8")
        say(_("wrote {path}", path=args.json))
    if args.junit:
        Path(args.junit).write_text(junit(result), encoding="utf-8")
        say(_("wrote {path}", path=args.junit))
    if args.mlflow_run:
        _to_mlflow(args.mlflow_run, result, args.json)
        say(_("logged to MLflow run {run}", run=args.mlflow_run))
    status = result.rollback_status
    return 1 if status == "confirmed" or (status == "provisional" and args.fail_on == "provisional") else 0


def _to_mlflow(run_id: str, result, written: str | None) -> None:
    """The JSON result (the file written, else a temporary monitor.json) and its counts, logged to the run."""
    document = {**json.loads(json.dumps(result.to_dict(), default=str)), "rollback_status": result.rollback_status}
    if written:
        log_monitoring(run_id, document, Path(written))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "monitor.json"
        path.write_text(json.dumps(document, indent=1), encoding="utf-8")
        log_monitoring(run_id, document, path)


def text(result) -> str:
    lines = [words.headline(result), ""]
    lines += [f"[{_kind(a.kind).upper()} {_status(a.status)}] {a.sentence}" for a in result.alerts.itertuples(index=False)]
    return "\n".join(lines + ["", result.method])


def _kind(kind: str) -> str:
    return _(words.ALERT_KINDS[kind]) if kind in words.ALERT_KINDS else kind


def _status(status: str) -> str:
    return _(words.STATUSES[status]) if status in words.STATUSES else status


def junit(result) -> str:
    """One testcase per period; a failure for each rollback alert in it."""
    cases = []
    for period in result.periods["period"].unique():
        found = result.alerts[(result.alerts["period"] == period) & (result.alerts["kind"] == "rollback")]
        failures = "".join(f"<failure message={quoteattr(a.status)}>{escape(a.sentence)}</failure>"
                           for a in found.itertuples(index=False))
        cases.append(f'<testcase classname="monitor" name={quoteattr(str(period))}>{failures}</testcase>')
    failed = sum(1 for c in cases if "<failure" in c)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<testsuite name="trustboard monitor" tests="{len(cases)}" '
            f'failures="{failed}">' + "".join(cases) + "</testsuite>\n")
