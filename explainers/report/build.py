"""Run the chosen sections of a report into blocks and results (shared by every writer)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from ..core.case import Case
from ..core.errors import InputError
from ..core.language import _
from .blocks import Blocks
from .context import Context
from .registry import Section, chosen


@dataclass
class Built:
    """A section as built: its registration, and what it wrote."""

    section: Section
    blocks: Blocks
    skipped: bool = False  # True when the section only said that it needs labels


def build(ctx: Context, names=None, figures: bool = True) -> list[Built]:
    """Each chosen section's blocks; a section that needs labels says so when the data has none."""
    ctx.plan, ctx.built, out = chosen(names), [], Blocks(figures=figures)
    for section in ctx.plan:
        out = out.child()
        skipped = section.needs_labels and not ctx.case.labelled
        if skipped:
            # a section's own reason is translated when its folder marks it: without_labels=N_("...")
            out.text(_("No labels in the data: {reason}.",
                       reason=_(section.without_labels) if section.without_labels else _("this section needs them")))
        else:
            section.build(ctx, out)
        ctx.built.append(Built(section, out, skipped))
    return list(ctx.built)


MONITORING = ("time_column", "period", "chunk_size", "batch_column", "scores")  # explainers.monitor's, for batches
SETTING_NAMES = {"level": "The confidence level", "threshold": "The decision threshold", "policy": "The policy file"}


def check_settings(*, level: float = 0.9, threshold: float = 0.5, policy=None, names=None) -> None:
    """Refuse a report's level, threshold or policy before anything is computed: the one check behind the
    library's :func:`context` and the command line. ``names``: what the messages call each setting
    (default SETTING_NAMES; the command line passes its flags, ``--level``...)."""
    names = names or SETTING_NAMES
    if not 0 < level < 1:
        raise InputError(f"{names['level']} must lie strictly between 0 and 1 (e.g. 0.9); got {level}.")
    if not 0 <= threshold <= 1:
        raise InputError(f"{names['threshold']} must lie between 0 and 1; got {threshold}.")
    if policy is not None and not isinstance(policy, (bytes, bytearray)) and not Path(policy).is_file():
        raise InputError(f"{names['policy']} {str(policy)!r} does not exist; give the policy file to sign, or leave "
                         "it out.")


def context(case: Case, *, level: float = 0.9, threshold: float = 0.5, policy=None, **settings) -> Context:
    """A report context after checking the settings (before anything is computed). ``challenger=`` is the old name
    of ``champion=`` (the model you run today), kept as an alias."""
    check_settings(level=level, threshold=threshold, policy=policy)
    settings = champion_alias(settings)
    unknown = sorted(set(settings) - {f.name for f in fields(Context)} | ({"case", "plan", "built", "memo"} & set(settings)))
    if unknown:
        raise InputError(f"Unknown report settings {unknown}; see explainers.report.report for the settings.")
    private = settings.get("private") or ()
    if isinstance(private, str):
        private = tuple(c.strip() for c in private.split(",") if c.strip())
    missing = [c for c in private if c not in case.X.columns]
    if missing:
        raise InputError(f"The private columns {missing} are not columns of the data.")
    settings["private"] = tuple(private)
    settings["monitoring"] = dict(settings.get("monitoring") or {})
    unknown = sorted(set(settings["monitoring"]) - set(MONITORING))
    if unknown:
        raise InputError(f"Unknown monitoring options {unknown}; choose from {list(MONITORING)}.")
    group = settings.get("group")
    if group is not None and group not in case.X.columns:
        raise InputError(f"The group column {group!r} is not a column of the data.")
    return Context(case, level=level, threshold=threshold, policy=policy, **settings)


def champion_alias(settings: dict) -> dict:
    """``settings`` with ``challenger`` (the old name of the report's second model) read as ``champion``: that model
    is the one you run today, and the report's own case the candidate judged against it."""
    rest, old = {k: v for k, v in settings.items() if k != "challenger"}, settings.get("challenger")
    if old is None:
        return rest
    if rest.get("champion") is not None:
        raise InputError("Give the report's second model once: challenger= is the old name of champion= (the model "
                         "you run today).")
    return {**rest, "champion": old}
