"""``python -m explainers compare --champion A --challenger B --data D [--target T] [--threshold T] [--json F]``:
the table, both models deciding at the threshold (or each at its own decision)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from ..core.errors import InputError, InputWarning
from ..core.result import jsonable
from ..io.load import load
from ..io.options import add_bootstrap_options, add_loading_options
from . import words
from .comparison import compare

GROUP_COLUMNS = 2  # sensitive columns compared group by group


def add_parser(commands) -> None:
    """The ``compare`` subcommand's arguments."""
    parser = commands.add_parser("compare", help="judge a challenger against the champion on the same labelled rows")
    parser.add_argument("--champion", required=True, help="the model run now (.joblib, .pkl or .skops)")
    parser.add_argument("--challenger", required=True, help="the model that may replace it")
    parser.add_argument("--data", required=True, help="labelled data both are judged on (.csv or .parquet)")
    parser.add_argument("--target", help="label column (default: the champion's sidecar target)")
    parser.add_argument("--threshold", type=float, default=None,
                        help="both models decide at this probability of the positive class (binary classifiers; "
                             "default: each model's own decision)")
    parser.add_argument("--json", help="also write the comparison as JSON to this file")
    add_bootstrap_options(parser)
    add_loading_options(parser)


def run(args, say=print) -> int:
    """Load both models on the data, compare, ``say`` the verdict and the table; 0 when done."""
    if args.threshold is not None and not 0 <= args.threshold <= 1:
        raise InputError(f"--threshold must be between 0 and 1 (a probability of the positive class); "
                         f"got {args.threshold}.")
    if args.json and not Path(args.json).parent.is_dir():
        raise InputError(f"--json: the folder {str(Path(args.json).parent)!r} does not exist; create it or choose another path.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)  # notes are printed instead
        champion = load(args.champion, args.data, target=args.target, trusted_types=args.trusted_type)
        try:
            challenger = load(args.challenger, args.data, target=champion.target, trusted_types=args.trusted_type)
        except InputError as err:
            raise type(err)(f"The challenger ({args.challenger}) cannot be judged on {args.data}: {err}") from err
    comparison = compare(champion, challenger, threshold=args.threshold, random_state=args.seed, n_boot=args.rounds)
    groups = {c: comparison.by_group(c) for c in list(champion.metadata.sensitive)[:GROUP_COLUMNS] if c in champion.X}
    say(text(comparison, groups))
    if args.json:
        document = {"comparison": comparison.to_dict(), "groups": jsonable(groups),
                    "verdict": words.headline(comparison, groups)}
        Path(args.json).write_text(json.dumps(document, indent=1, ensure_ascii=False, allow_nan=False), encoding="utf-8")
        say(f"wrote {args.json}")
    return 0


def text(comparison, groups: dict) -> str:
    """The comparison for a terminal: verdict, metric table, group tables, flips, slices and method."""
    lines = [f"Champion: {comparison.champion_name}", f"Challenger: {comparison.challenger_name}",
             words.deciding(comparison), "",
             words.headline(comparison, groups), "",
             comparison.metrics.drop(columns=["higher_is_better"]).to_string(index=False, float_format="{:.4g}".format)]
    for column, table in groups.items():
        lines += ["", f"By {column}:", table.to_string(index=False, float_format="{:.4g}".format)]
    lines += ["", words.flips_sentence(comparison), words.slices_sentence(comparison),
              words.calibration_sentence(comparison), "", comparison.method, words.tests_sentence(comparison)]
    lines += [f"Note: {n}" for n in comparison.notes]
    return "\n".join(line for line in lines if line is not None)
