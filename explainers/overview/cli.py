"""``python -m explainers describe --model M --data D [--target T]``: load, check and summarise the case."""

from __future__ import annotations

import warnings

from ..core.errors import InputWarning
from ..core.language import LANGUAGES, _, current, number, use_language
from ..failures.metrics import headline_metrics
from ..io.load import load
from ..io.options import add_case_arguments
from .model import feature_table, model_structure, task_in_words
from .words import data_sentence


def add_parser(commands) -> None:
    """The ``describe`` subcommand's arguments."""
    parser = commands.add_parser("describe", help="load a model and data, check them, and summarise the case")
    add_case_arguments(parser)
    parser.add_argument("--lang", choices=list(LANGUAGES), default="en", help="language of the summary (default en)")


def run(args, say=print) -> int:
    """Load the case and ``say`` its summary; 0 when done."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)  # the notes are part of the summary instead
        case = load(args.model, args.data, target=args.target, trusted_types=args.trusted_type,
                    scheduler=args.scheduler)
    with use_language(getattr(args, "lang", "en")):
        say(text(case))
    return 0


def text(case) -> str:
    """The case for a terminal: name, task, model steps, data, headline metrics, notes and the feature table."""
    structure = model_structure(case)
    lines = [case.name, "=" * len(case.name), task_in_words(case), "", _("Model steps:")]
    lines += [f"  {i}. {step}" for i, step in enumerate(structure["steps"], 1)]
    lines += ["", data_sentence(case)]
    for metric in headline_metrics(case):
        value = f"{metric.value:.4g}"
        lines.append(_("{metric}: {value}  ({method})", metric=metric.name, method=metric.method,
                       value=value if current() == "en" else number(float(value))))
    lines += ["", _("Notes:") if case.notes else _("Notes: none")] + [f"  - {n}" for n in case.notes]
    table = feature_table(case)[["feature", "kind", "values", "description"]]
    lines += ["", table.to_string(index=False, max_colwidth=60)]
    return "\n".join(lines)
