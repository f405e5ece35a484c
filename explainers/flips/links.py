"""Linked columns: what the data shows about columns that move together, so counterfactuals stay consistent.

Two kinds, found from the case's rows (and editable by the user):

- ``determines``: a category column with one value of another column per category (education ->
  education_years). A counterfactual moves the determined column with its determinant, never alone.
- ``restricts``: two category columns some of whose combinations never occur although, were the
  columns independent, they would occur often (relationship x sex: no wife who is a man). A
  counterfactual only takes combinations seen on at least MIN_ROWS rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.errors import InputError, preview
from ..core.language import _, count
from ..core.memo import per_case
from ..core.result import Result
from ..core.words import plain
from .sample import sample_phrase, sampled, shape_rows

MIN_ROWS = 3  # a combination occurs in the data from this many rows on
EXPECTED = 20  # rows a missing combination would have were the columns independent, for a pair to be linked
EXAMPLES = 3  # combinations that never occur, kept per link to show


@dataclass(frozen=True)
class Link:
    """``kind`` "determines" (``columns`` = determinant, determined) or "restricts" (a pair);
    ``never``: a few combinations of the two columns that (almost) never occur."""

    kind: str
    columns: tuple
    never: tuple = ()


@dataclass(frozen=True)
class Links(Result):
    """The linked columns of a case's data."""

    links: tuple = field(default_factory=tuple)


def linked_columns(case: Case) -> Links:
    """The links the case's rows show (cached per case; above ``sample.SAMPLE_ROWS`` rows, those of a stated
    random sample); columns empty in every row are left out, and the notes say so."""
    found = per_case(case, "links", lambda: tuple(_find(case)))
    empty = empty_columns(case)
    notes = (_("Left out, empty in every row: {columns}. A column with no values cannot be linked, and a "
               "counterfactual has no value of it to change.", columns=preview(empty)),) if empty else ()
    return Links(links=found, notes=notes, approximate=sampled(case),
                 method=_("Category columns compared pairwise on {rows} rows: one value per category, or combinations "
                          "expected on {expected}+ rows but seen on fewer than {least}", rows=count(len(shape_rows(case))),
                          expected=EXPECTED, least=MIN_ROWS) + sample_phrase(case))


def empty_columns(case: Case) -> tuple[str, ...]:
    """The input columns with no value in any row (cached per case)."""
    return per_case(case, "empty_columns", lambda: tuple(c for c in case.X.columns if not case.X[c].notna().any()))


def _categorical(case: Case) -> list[str]:
    return [c for c in case.X.columns if case.feature_kinds[c] == "categorical"]


def _find(case: Case) -> list[Link]:
    """Links among the columns that hold values (an empty column links to nothing), on the shape rows."""
    empty = set(empty_columns(case))
    columns = [c for c in case.X.columns if c not in empty]
    categorical, found, determined = [c for c in _categorical(case) if c not in empty], [], set()
    coded = {c: _shape_codes(case, c) for c in columns}
    tables: dict = {}

    def table(a: str, b: str) -> np.ndarray:
        """The (a, b) table, counted once per pair: (b, a)'s is its transpose (the same counts)."""
        if (b, a) in tables:
            return tables[(b, a)].T
        if (a, b) not in tables:
            tables[(a, b)] = _table(coded[a][0], coded[b][0])
        return tables[(a, b)]

    for a in categorical:
        for b in columns:
            if b != a and (b, a) not in determined and _determines(table(a, b)):
                determined.add((a, b))
                found.append(Link("determines", (a, b)))
    for i, a in enumerate(categorical):
        for b in categorical[i + 1:]:
            if (a, b) in determined or (b, a) in determined:
                continue
            never = _never(table(a, b))
            if never:
                found.append(Link("restricts", (a, b), tuple((plain(coded[a][1][i]), plain(coded[b][1][j]))
                                                             for i, j in never[:EXAMPLES])))
    return found


def _shape_codes(case: Case, column: str) -> tuple[np.ndarray, pd.Index]:
    """:func:`_codes` of a column's shape rows, made once per case and column: the links found and their rules
    read the same codes (the rules coded each linked column again)."""
    return per_case(case, ("flips_link_codes", column), lambda: _codes(shape_rows(case)[column]))


def _codes(series: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (-1 missing) and the values they stand for."""
    codes, values = pd.factorize(series, use_na_sentinel=True)
    return codes, values


def _table(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Counts of each (a, b) code combination, rows with a missing code left out (a column empty in every
    row gives a table with no rows or no columns)."""
    height, width = (int(codes.max()) + 1 if len(codes) else 0 for codes in (a, b))
    if not (len(a) and a.min() >= 0 and b.min() >= 0):  # something missing: only then a mask and copies
        keep = (a >= 0) & (b >= 0)
        a, b = a[keep], b[keep]
    return np.bincount(a * width + b, minlength=height * width).reshape(height, width)


def _determines(table: np.ndarray) -> bool:
    """From the (a, b) table of counts: one value of ``b`` for each category of ``a`` seen on MIN_ROWS+ rows, and
    at least two values in all."""
    common = table[table.sum(axis=1) >= MIN_ROWS]
    if len(common) < 2 or common.sum() < MIN_ROWS * 2:
        return False
    values = (common > 0).sum(axis=1)
    return bool((values == 1).all()) and int((common.sum(axis=0) > 0).sum()) >= 2


def _never(counts: np.ndarray) -> list[tuple]:
    """Code pairs expected on EXPECTED+ rows (independence) but seen on fewer than MIN_ROWS, most expected first."""
    expected = np.outer(counts.sum(axis=1), counts.sum(axis=0)) / max(counts.sum(), 1)
    cells = np.argwhere((expected >= EXPECTED) & (counts < MIN_ROWS))
    return [tuple(ij) for ij in sorted(cells.tolist(), key=lambda ij: -expected[ij[0], ij[1]])]


def chosen_links(case: Case, links) -> tuple[Link, ...]:
    """The links to keep: the data's (``None``) or the user's list of :class:`Link` or (column, column) pairs."""
    if links is None:
        return linked_columns(case).links
    found = {link.columns: link for link in linked_columns(case).links}
    chosen = []
    for item in links:
        pair = tuple(item.columns) if isinstance(item, Link) else tuple(item)
        if len(pair) != 2 or pair[0] == pair[1]:
            raise InputError(f"A link joins two different columns, e.g. ('education', 'education_years'); got {item!r}.")
        unknown = [c for c in pair if c not in case.X.columns]
        if unknown:
            raise InputError(f"Links name columns that are not in the data: {preview(unknown)}.")
        empty = [c for c in pair if c in empty_columns(case)]
        if empty:
            raise InputError(f"Links name columns empty in every row: {preview(empty)}. A column with no values "
                             "cannot be linked: leave it out of the links, or fill it in.")
        chosen.append(found.get(pair) or found.get(pair[::-1]) or _user_link(case, pair))
    return tuple(dict.fromkeys(chosen))


def _user_link(case: Case, pair: tuple) -> Link:
    """A link the data did not show: a category and a number -> determines (most common value per
    category); two categories -> restricts (combinations seen on MIN_ROWS+ rows)."""
    kinds = [case.feature_kinds[c] == "categorical" for c in pair]
    if not any(kinds):
        raise InputError(f"A link needs a category column; {pair[0]!r} and {pair[1]!r} both hold numbers.")
    if all(kinds):
        return Link("restricts", pair)
    return Link("determines", pair if kinds[0] else pair[::-1])


def link_rules(case: Case, links: tuple[Link, ...]) -> "LinkRules":
    """The compiled rules of ``links`` (cached per case and set of links)."""
    return per_case(case, ("link_rules", links), lambda: LinkRules(case, links))


class LinkRules:
    """The links compiled against the data (its shape rows): values a determinant sets, combinations allowed."""

    def __init__(self, case: Case, links: tuple[Link, ...]):
        self.links = links
        self.mapping, self.allowed, self.partners = {}, {}, {}
        for link in links:
            a, b = link.columns
            (ca, va), (cb, vb) = _shape_codes(case, a), _shape_codes(case, b)
            table = _table(ca, cb)
            if link.kind == "determines":
                self.mapping[(a, b)] = {plain(va[i]): plain(vb[row.argmax()]) for i, row in enumerate(table)
                                        if row.sum() >= MIN_ROWS}
                continue
            cells = [np.unravel_index(k, table.shape) for k in np.argsort(-table, axis=None, kind="stable")]
            self.partners[(a, b)] = [(plain(va[i]), plain(vb[j])) for i, j in cells if table[i, j] >= MIN_ROWS]
            self.allowed[(a, b)] = set(self.partners[(a, b)])
        self.determined = {b: a for (a, b) in self.mapping}
        self.touching = {c for link in links for c in link.columns}

    def complete(self, changes: dict, original: dict, may_change) -> dict | None:
        """``changes`` made consistent: restricted pairs repaired by the other (unasked, changeable) column's
        most common allowed value, determined columns set from their determinants; None when impossible."""
        if not self.touching.intersection(changes):
            return changes
        out = dict(changes)
        for _round in range(len(self.allowed) + 1):
            broken = self._repair(out, set(changes), original, may_change)
            if broken is None:
                return None
            if not broken:
                break
        else:
            return None
        return self._follow(out, original, may_change)

    def holds(self, changes: dict, original: dict) -> bool:
        """Whether a changed row keeps every link: allowed combinations where a linked column changed, and
        each determined column at its determinant's value (never moved alone)."""
        value = lambda c: changes.get(c, original[c])
        for (a, b), allowed in self.allowed.items():
            if (a in changes or b in changes) and (value(a), value(b)) not in allowed:
                return False
        for (a, b), mapping in self.mapping.items():
            if b in changes and a not in changes:
                return False
            if a in changes and mapping.get(value(a)) != value(b):
                return False
        return True

    def _repair(self, out: dict, asked: set, original: dict, may_change) -> bool | None:
        """One pass over the restricted pairs; True when something was repaired, None when it cannot be."""
        repaired = False
        for (a, b), allowed in self.allowed.items():
            if a not in out and b not in out:
                continue
            va, vb = out.get(a, original[a]), out.get(b, original[b])
            if (va, vb) in allowed:
                continue
            fix = b if b not in asked and a in out else a if a not in asked and b in out else None
            if fix is None:
                return None
            pick = [(x, y) for x, y in self.partners[(a, b)] if (y if fix == b else x) == (va if fix == b else vb)]
            value = next((y if fix == b else x for x, y in pick if may_change(fix, y if fix == b else x)), None)
            if value is None:
                return None
            out[fix] = value
            repaired = True
        return repaired

    def _follow(self, out: dict, original: dict, may_change) -> dict | None:
        """Determined columns set from their determinants; a determined column never moves alone."""
        for (a, b), mapping in self.mapping.items():
            if a in out:
                value = mapping.get(out[a])
                if value is None:
                    return None  # the new category is too rare in the data to say what it sets
                if value == original[b] or (_missing(value) and _missing(original[b])):
                    out.pop(b, None)
                elif may_change(b, value):
                    out[b] = value
                else:
                    return None
            elif b in out:
                return None
        return out


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))
