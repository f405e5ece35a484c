"""``python -m explainers value --model M --data D [--training T] [--threshold T] [--values JSON] [--json F]
[--lang de]``: what the model is worth against its fallbacks, and the review band worth most, in ``--lang``."""

from __future__ import annotations

import json
from pathlib import Path

from ..core.errors import InputError
from ..core.language import LANGUAGES, _, use_language
from ..core.result import jsonable
from ..io.load import load
from ..io.options import add_bootstrap_options, add_loading_options
from . import words
from .value import value


def add_parser(commands) -> None:
    """The ``value`` subcommand's arguments."""
    parser = commands.add_parser("value", help="what the model is worth against its fallbacks, and a human-review band")
    parser.add_argument("--model", required=True, help="model file (.joblib, .pkl or .skops)")
    parser.add_argument("--data", required=True, help="labelled data the decisions are judged on (.csv or .parquet)")
    parser.add_argument("--target", help="label column (default: the sidecar's target)")
    parser.add_argument("--training", help="the training rows, with the target (for the one-column rule)")
    parser.add_argument("--champion", help="the model run now, judged on the same rows")
    parser.add_argument("--threshold", type=float, default=None,
                        help="decide at this probability of the positive class (default: the model's own decisions)")
    parser.add_argument("--values", help='values per outcome as JSON, e.g. \'{"currency": "EUR", "false_negative": '
                                         '-1000, "review": -15, "monthly_volume": 5000}\'; a regressor: \'{"per_unit_error": '
                                         '-2.0, "review": -5.0}\' (default: the sidecar)')
    parser.add_argument("--review-error", type=float, default=None,
                        help="the person's error rate (default 0); for a regressor the person's mean absolute error "
                             "in the target's units (default: the model's own)")
    parser.add_argument("--json", help="also write the result as JSON to this file")
    parser.add_argument("--lang", choices=list(LANGUAGES), default="en",
                        help="language of the sentences, the table and the method (default en); the JSON's keys and "
                             "the exit code do not change")
    add_bootstrap_options(parser)
    add_loading_options(parser)


def run(args, say=print) -> int:
    """Load, value, ``say`` the sentences and the table in ``--lang``; 0 when done."""
    with use_language(getattr(args, "lang", "en")):
        return _run(args, say)


def _run(args, say) -> int:
    if args.threshold is not None and not 0 <= args.threshold <= 1:
        raise InputError(f"--threshold must be between 0 and 1; got {args.threshold}.")
    try:
        given = json.loads(args.values) if args.values else None
    except json.JSONDecodeError as err:
        raise InputError(f"--values must be a JSON object ({err}); e.g. '{{\"false_negative\": -1000}}'.") from err
    if given is not None and not isinstance(given, dict):
        raise InputError("--values must be a JSON object, e.g. '{\"false_negative\": -1000, \"review\": -15}'.")
    if args.json and not Path(args.json).parent.is_dir():
        raise InputError(f"--json: the folder {str(Path(args.json).parent)!r} does not exist.")
    case = load(args.model, args.data, target=args.target, trusted_types=args.trusted_type)
    champion = None if not args.champion else load(args.champion, args.data, target=case.target,
                                                       trusted_types=args.trusted_type)
    found = value(case, threshold=args.threshold, values=given, champion=champion, review_error=args.review_error,
                  training=args.training, random_state=args.seed, n_boot=args.rounds)
    say(text(found, case))
    if args.json:
        document = {"value": found.to_dict(), "headline": words.headline(found),
                    "fallback_plan": words.fallback_plan(found, case)}
        Path(args.json).write_text(json.dumps(jsonable(document), indent=1, ensure_ascii=False, allow_nan=False),
                                   encoding="utf-8")
        say(_("wrote {path}", path=args.json))
    return 0


def text(found, case) -> str:
    """The result for a terminal: headline, other fallbacks, table, review band, plan, values, method."""
    lines = [words.headline(found), *words.others(found), "", words.fallback_table(found).to_string(index=False), ""]
    lines += [words.rule_sentence(found, case), words.review_sentence(found), words.review_share_sentence(found), "",
              words.plan_line(found, case), "", words.values_sentence(found), found.method]
    return "\n".join(line for line in lines if line is not None)
