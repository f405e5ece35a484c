"""``python -m explainers report --model M --data D [--rows 3,17] [--level 0.9] [--format html|pdf|json]
[--out F] [--signoff FILE] ...``: check the settings, load, write the report; and ``verify`` (report/verify_cli.py), the
report's other command."""

from __future__ import annotations

import warnings
from pathlib import Path

from ..core.errors import InputError, InputWarning
from ..core.language import LANGUAGES, _, use_language
from ..io.load import load
from ..io.options import add_case_arguments
from . import FORMATS, report, verify_cli
from .build import check_settings
from .mlflow_log import log_report
from .pdf import find_chromium
from .signoff import DECISIONS, FIELDS
from .signoff import read as read_signoff

FLAG_NAMES = {"level": "--level", "threshold": "--threshold", "policy": "--policy"}


def add_parser(commands) -> None:
    """The ``report`` and ``verify`` subcommands' arguments."""
    parser = commands.add_parser("report", help="write the report (one offline HTML file, or JSON)")
    add_case_arguments(parser)
    parser.add_argument("--rows", help="row positions to explain, comma-separated (e.g. 3,17)")
    parser.add_argument("--level", type=float, default=0.9, help="confidence level (default 0.9)")
    parser.add_argument("--reference", help="reference data for drift (e.g. the training file)")
    parser.add_argument("--threshold", type=float, default=0.5, help="decision threshold (default 0.5)")
    parser.add_argument("--seed", type=int, default=0, help="random seed for every sampled step (default 0)")
    parser.add_argument("--format", choices=FORMATS, default="html", help="html (default), pdf or json")
    parser.add_argument("--lang", choices=list(LANGUAGES), default="en",
                        help="the report's language: en (default), de or fr; data values and column names stay as they are")
    parser.add_argument("--out", help="output file (default report.html or report.json)")
    parser.add_argument("--champion", help="the model you run today: --model (the candidate) is judged against it "
                                           "on the same data")
    parser.add_argument("--challenger", help="the same flag as --champion (its old name)")
    parser.add_argument("--policy", help="the release policy file; its SHA-256 goes into the signature block")
    parser.add_argument("--private", help="columns whose row-level values the report never shows, "
                                          "comma-separated (beside the sidecar's \"private\")")
    parser.add_argument("--chromium", help="Chromium executable for --format pdf (default: chromium on PATH)")
    parser.add_argument("--batches", help="batches after go-live (a file, glob or folder): the 'Since go-live' section")
    parser.add_argument("--time-column", help="with --batches: their column of dates or times")
    parser.add_argument("--period", help="with --batches: D, W, M, Q or Y, one period per calendar day, week, month...")
    parser.add_argument("--signoff", help=f"a person's sign-off, a YAML file of {', '.join(FIELDS)} (decision: "
                                          f"{' / '.join(DECISIONS)}): it goes into the signature block")
    verify_cli.add_parser(commands)


def run(args, say=print) -> int:
    """``verify``, or: refuse bad settings before loading, load, write the report and ``say`` where; 0 when done."""
    if args.command == "verify":
        return verify_cli.run(args, say)
    with use_language(args.lang):
        return _report(args, say)


def _report(args, say) -> int:
    out = check_arguments(args)
    signoff = read_signoff(args.signoff) if args.signoff else None  # a bad sign-off fails before loading
    if args.challenger:
        say("note: --challenger is the same flag as --champion (the model you run today; --model is the candidate).")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)  # notes are reported instead
        case = load(args.model, args.data, target=args.target, trusted_types=args.trusted_type,
                    scheduler=args.scheduler)
        chosen = rows(case, args.rows)  # a bad --rows fails before the champion is loaded
        champion = load(args.champion, args.data, target=case.target,
                        trusted_types=args.trusted_type) if args.champion else None
        path = report(case, out, format=args.format, rows=chosen, level=args.level,
                      reference=args.reference, random_state=args.seed, threshold=args.threshold,
                      policy=args.policy, chromium=args.chromium, private=args.private or (), champion=champion,
                      batches=args.batches, monitoring=monitoring(args), signoff=signoff, lang=args.lang)
    say(_("wrote {path}", path=path))
    if getattr(args, "mlflow_run", None):
        log_report(args.mlflow_run, path)
        say(f"logged {path.name} to MLflow run {args.mlflow_run}")
    return 0


def check_arguments(args) -> Path:
    """Refuse bad report settings before any computing (the level, the threshold, the policy, Chromium for
    a PDF, where to write); the file to write."""
    check_settings(level=args.level, threshold=args.threshold, policy=args.policy or None, names=FLAG_NAMES)
    champion_flag(args)
    monitoring(args)  # --period without --batches fails before anything is computed
    if args.format == "pdf":
        find_chromium(args.chromium)  # no Chromium: say what to install before computing anything
    return writable(Path(args.out or f"report.{args.format}"))


def champion_flag(args) -> None:
    """--challenger, the old name of --champion, read as --champion; both at once are refused."""
    if args.challenger and args.champion:
        raise InputError("--challenger is the same flag as --champion: give the model you run today once.")
    args.champion = args.champion or args.challenger


def monitoring(args) -> dict:
    """--time-column and --period as explainers.monitor's options; refused without --batches."""
    chosen = {k: v for k, v in (("time_column", args.time_column), ("period", args.period)) if v}
    if chosen and not args.batches:
        raise InputError("--time-column and --period cut the batches after go-live: give them with --batches.")
    if args.batches and not (args.period and args.time_column):
        raise InputError("--batches are watched period by period: name their time column with --time-column and the "
                         "period with --period (D, W, M, Q or Y).")
    return chosen


def writable(out: Path) -> Path:
    """``out`` when a file may be written there (nothing is left behind); else an InputError saying why."""
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


def rows(case, text: str | None):
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
