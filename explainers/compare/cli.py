"""``python -m explainers compare --champion A --challenger B --data D [--target T] [--threshold T] [--json F]
[--lang de]``: the table, both models deciding at the threshold (or each at its own decision), in ``--lang``."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd

from ..core.errors import InputError, InputWarning
from ..core.language import LANGUAGES, _, current, number, pgettext, use_language
from ..core.result import jsonable
from ..failures.words import name
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
    parser.add_argument("--lang", choices=list(LANGUAGES), default="en",
                        help="language of the verdict, the tables and the method (default en); the JSON's keys and "
                             "the exit code do not change")
    add_bootstrap_options(parser)
    add_loading_options(parser)


def run(args, say=print) -> int:
    """Load both models on the data, compare, ``say`` the verdict and the table in ``--lang``; 0 when done."""
    with use_language(getattr(args, "lang", "en")):
        return _run(args, say)


def _run(args, say) -> int:
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
        say(_("wrote {path}", path=args.json))
    return 0


def text(comparison, groups: dict) -> str:
    """The comparison for a terminal: verdict, metric table, group tables, flips, slices and method."""
    # Translators: the command line's first lines, "Champion: <model file>" and "Challenger: <model file>".
    lines = [_("Champion: {model}", model=comparison.champion_name),
             _("Challenger: {model}", model=comparison.challenger_name),
             words.deciding(comparison), "",
             words.headline(comparison, groups), "",
             table_text(comparison.metrics.drop(columns=["higher_is_better"]))]
    for column, table in groups.items():
        # Translators: the heading over a comparison's table per group of a column, "By age:".
        lines += ["", _("By {column}:", column=column), table_text(table)]
    lines += ["", words.flips_sentence(comparison), words.slices_sentence(comparison),
              words.calibration_sentence(comparison), "", comparison.method, words.tests_sentence(comparison)]
    lines += [_("Note: {note}", note=n) for n in comparison.notes]
    return "\n".join(line for line in lines if line is not None)


def table_text(table) -> str:
    """A metric table for a terminal: in English as computed (4 significant digits); in another language its
    headers, metric names, yes/no cells and models' roles translated and numbers written the local way (0,8401)."""
    if current() == "en":
        return table.to_string(index=False, float_format="{:.4g}".format)
    shown = table.copy()
    for column in shown.columns:
        values = shown[column]
        if column == "metric":
            shown[column] = values.map(name)
        elif column in ("better", "right"):
            shown[column] = values.map(words.role)
        elif values.dtype == bool:
            shown[column] = values.map(lambda v: _("yes") if v else _("no"))
        elif values.dtype.kind == "f":
            shown[column] = values.map(lambda v: "" if pd.isna(v) else number(float(f"{v:.4g}")))
    return shown.rename(columns=headers()).to_string(index=False)


def headers() -> dict:
    """The comparison tables' headers in the reader's language (English keeps the result's keys)."""
    # Translators: headers of the comparison tables on the command line: the group, the metric, its rows, the 95%
    # interval's lower and upper bounds, whether the difference is significant, and where the candidate is worse.
    return {"group": _("group"), "metric": _("metric"), "rows": _("rows"), "low": pgettext("interval", "low"),
            "high": pgettext("interval", "high"),
            "significant": _("significant"), "worse": _("worse"), "better": _("better"),
            "higher_is_better": _("higher is better"), **words.headers()}
