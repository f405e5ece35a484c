"""``python -m explainers gate --model M --data D --policy P [--threshold T] [--champion C] [--reference R]
[--json F] [--junit F] [--report F]``: exit 0 when every check passes (warnings allowed), 1 when one fails."""

from __future__ import annotations

import warnings
from pathlib import Path

from ..core.errors import InputError, InputWarning
from ..core.language import LANGUAGES, _, use_language
from ..io.load import load
from ..io.options import add_bootstrap_options, add_loading_options
from ..report.build import context
from ..report.html import render_html
from . import export, words
from .policy import read_policy
from .section import remember
from .verdict import gate


def add_parser(commands) -> None:
    """The ``gate`` subcommand's arguments."""
    parser = commands.add_parser("gate", help="judge the model against a release policy (exit 0 pass, 1 fail, 2 bad input)")
    parser.add_argument("--model", required=True, help="the model to release (.joblib, .pkl or .skops)")
    parser.add_argument("--data", required=True, help="data it is judged on (.csv or .parquet)")
    parser.add_argument("--target", help="label column (default: the sidecar's target)")
    parser.add_argument("--policy", required=True, help="the release policy (YAML file with a 'checks' list)")
    parser.add_argument("--threshold", type=float, default=0.5,
                        help="decision threshold on the positive class's probability (default 0.5); a policy's own "
                             "'threshold:' overrides it")
    parser.add_argument("--champion", help="the model run now, judged on the same data (for champion checks)")
    parser.add_argument("--reference", help="reference data for drift (e.g. the training file)")
    parser.add_argument("--json", help="write the verdict as JSON to this file")
    parser.add_argument("--junit", help="write the verdict as JUnit XML (one testcase per check) to this file")
    parser.add_argument("--report", help="write the HTML report, the release decision first, to this file")
    parser.add_argument("--lang", choices=list(LANGUAGES), default="en",
                        help="language of the verdict, the check names and the report (default en)")
    add_bootstrap_options(parser)
    add_loading_options(parser)


def run(args, say=print) -> int:
    """Judge, ``say`` the verdict and each check in ``--lang``, write the files asked for; 0 passed, 1 failed."""
    with use_language(getattr(args, "lang", "en")):
        return _run(args, say)


def _run(args, say) -> int:
    for option in ("json", "junit", "report"):
        path = getattr(args, option)
        if path and not Path(path).parent.is_dir():
            raise InputError(f"--{option}: the folder {str(Path(path).parent)!r} does not exist; create it or choose "
                             "another path.")
    policy = read_policy(Path(args.policy), f"the policy file {Path(args.policy).name}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)  # notes are reported instead
        case = load(args.model, args.data, target=args.target, trusted_types=args.trusted_type)
        champion = _champion(args, case)
    if not 0 <= args.threshold <= 1:
        raise InputError(f"--threshold must lie between 0 and 1; got {args.threshold}.")
    at = policy.threshold if policy.threshold is not None else args.threshold
    ctx = context(case, random_state=args.seed, reference=args.reference, threshold=at, policy=args.policy)
    result = gate(case, policy, champion=champion, reference=args.reference, random_state=args.seed,
                  n_boot=args.rounds, threshold=args.threshold, run=ctx.once)
    say(text(result))
    _write(args, result, ctx, say)
    return 0 if result.passed else 1


def _champion(args, case):
    if not args.champion:
        return None
    try:
        return load(args.champion, args.data, target=case.target, trusted_types=args.trusted_type)
    except InputError as err:
        raise type(err)(f"The champion ({args.champion}) cannot be judged on {args.data}: {err}") from err


def _write(args, result, ctx, say) -> None:
    if args.json:
        Path(args.json).write_text(export.to_json(result), encoding="utf-8")
        say(_("wrote {path}", path=args.json))
    if args.junit:
        Path(args.junit).write_text(export.to_junit(result), encoding="utf-8")
        say(_("wrote {path}", path=args.junit))
    if args.report:
        remember(ctx, result)
        Path(args.report).write_text(render_html(ctx), encoding="utf-8")
        say(_("wrote {path}", path=args.report))


def text(result) -> str:
    """The verdict for a terminal: the sentence, then one line per check (failed first, then the exceptions)."""
    lines = [words.headline(result), ""]
    for check in result.in_reading_order():
        lines += [f"[{check.status.upper()}] {check.name}", f"    {check.evidence}"]
    return "\n".join(lines + ["", result.method])
