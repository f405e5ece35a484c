"""One report's settings and the results its sections share, each computed once."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.case import Case
from .signoff import as_signoff, with_card


@dataclass
class Context:
    """The case, the reader's choices (rows, level, seed, threshold, reference) and a memo of results.

    ``plan`` and ``built`` let a late section (the regulatory map) see what this report contains.

    Sections ask ``ctx.once(func, **options)`` instead of calling ``func(case, **options)``: two
    sections that need the same result (the summary and its own section) compute it once, and the
    seed reaches every call that takes one because sections pass ``random_state=ctx.random_state``.
    """

    case: Case
    rows: list | None = None
    level: float = 0.9
    random_state: int = 0
    threshold: float = 0.5
    reference: object = None
    champion: Case | None = None  # the model you run today, on the same rows; the case is the candidate against it
    policy: object = None  # the release policy (path or bytes) whose hash the signature carries
    group: str | None = None  # the column examined first for fairness (the dashboard's group choice)
    private: tuple = ()  # columns hidden beside the sidecar's "private" ones (explainers.core.privacy)
    batches: object = None  # batches after go-live (path, glob, DataFrame, dask frame): the "Since go-live" section
    monitoring: dict = field(default_factory=dict)  # how they are cut: explainers.monitor's time_column, period...
    card: dict = field(default_factory=dict)  # model card statements a person filled in (they replace the sidecar's)
    signoff: object = None  # a person's sign-off (report/signoff.py: a Signoff, mapping or YAML file): in the signature
    plan: list = field(default_factory=list, repr=False)  # the sections chosen, in reading order
    built: list = field(default_factory=list, repr=False)  # the sections built so far (Built), for the map
    memo: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        """The sign-off checked, and the filled card statements in the case's metadata (its sidecar hash too)."""
        self.signoff = as_signoff(self.signoff)
        self.case = with_card(self.case, self.card)

    def once(self, func, **options):
        """``func(self.case, **options)``, computed on the first call and remembered for the rest of the report."""
        key = (func.__module__, func.__qualname__, repr(sorted(options.items(), key=lambda kv: kv[0])))
        if key not in self.memo:
            self.memo[key] = func(self.case, **options)
        return self.memo[key]

    def settings(self) -> dict:
        """The choices that made this report, for its appendix and its JSON form."""
        return {"rows": None if self.rows is None else [str(r) for r in self.rows], "level": self.level,
                "random_state": self.random_state, "threshold": self.threshold,
                "reference": None if self.reference is None else "given",
                "champion": None if self.champion is None else self.champion.name,
                "policy": None if self.policy is None else "given", "group": self.group,
                "private": list(self.hidden()), "batches": None if self.batches is None else "given",
                "monitoring": {k: str(v) for k, v in self.monitoring.items()}}

    def hidden(self) -> tuple:
        """Every private column of this report: the sidecar's and those given for it."""
        return tuple(dict.fromkeys([*self.case.metadata.private, *self.private]))
