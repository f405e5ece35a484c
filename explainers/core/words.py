"""Numbers, shares, counts and values as people write them: the one place every sentence formats them."""

from __future__ import annotations

import numpy as np
from babel.numbers import get_decimal_symbol

from . import language as _language
from .language import _, ngettext
from .language import join as _join


def number(value) -> str:
    """1,000,000, 37, 0.251: thousands separators for large or whole values, 4 significant digits otherwise."""
    value = float(value)
    if not np.isfinite(value):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.0f}" if abs(value) >= 1e4 else f"{value:.4g}"


def percent(share: float, digits: int = 1) -> str:
    """A share as a percentage; tiny non-zero shares as "<0.1%" rather than a misleading 0.0%."""
    if 0 < share < 0.001:
        return "<0.1%"
    return f"{share:.{digits}%}"


def rows(count: int) -> str:
    """"1 row", "2,048 rows" (in the reader's language)."""
    return ngettext("{n} row", "{n} rows", count)


def value(item, quote: bool = True) -> str:
    """A cell value in a sentence or a table: the one rounding rule for data values (4 significant digits below
    10,000; whole, with thousands separators, from 10,000: 8397.6 reads 8398 in every table and sentence); text
    quoted (unless ``quote`` is False) so that it is not read as part of the sentence. German and French write the
    same digits their way (0.25 reads 0,25; 12,345 reads 12.345 / 12 345): a value is never translated, but a German
    reader would read "12,345" as twelve and a bit."""
    if isinstance(item, (float, np.floating)) and not isinstance(item, bool):
        if abs(item) >= 1e4 and np.isfinite(item):
            return f"{item:,.0f}" if _language.current() == "en" else _language.count(round(item))
        return _local_digits(f"{item:.4g}")  # never 1.235e+04
    if isinstance(item, (int, np.integer)) and not isinstance(item, (bool, np.bool_)):
        if abs(item) < 10_000:
            return str(item)
        return f"{item:,}" if _language.current() == "en" else _language.count(int(item))
    return f"'{item}'" if quote else str(item)


def plain(item):
    """Numpy scalars as Python values (so repr shows 3, not np.int64(3), and JSON takes them)."""
    return item.item() if isinstance(item, np.generic) else item


def join(parts: list[str]) -> str:
    """"a", "a and b", "a, b and c" (in the reader's language: "a, b und c", "a, b et c")."""
    return _join(list(parts))


def p_value(p, name: str | None = "p") -> str:
    """A p-value (or q-value) as people read it: "p < 0.0001", else 2 significant digits ("p = 0.013",
    "p = 0.27"), never 3e-11 or 0.00000000003. ``name=None`` gives the value alone ("< 0.0001", "0.013"), for a
    table cell; NaN (nothing was tested) gives "not tested". German and French write the same digits their way
    ("p < 0,0001", "p = 0,013")."""
    p = float(p)
    if not np.isfinite(p):
        return _("not tested")
    if p < 0.0001:
        return f"{name} < {_local_digits('0.0001')}" if name else f"< {_local_digits('0.0001')}"
    shown = _local_digits(f"{p:.2g}" if p < 1 else "1")
    return f"{name} = {shown}" if name else shown


def _local_digits(text: str) -> str:
    """A number already rounded and written in English digits without grouping ("0.013", "8398"), in the reader's
    language ("0,013"): the same digits, only the decimal mark changes. English gets ``text`` back as it is."""
    lang = _language.current()
    return text if lang == "en" else text.replace(".", get_decimal_symbol(lang))


def chance(outcome=None) -> str:
    """The one name for a classifier's probability, on every page and in the report: "chance of bad"
    (``outcome`` None: "chance of the predicted class"). Never "P(bad)", "score" or "probability of bad"."""
    # Translators: "chance" is the model's probability of an outcome, e.g. "chance of bad".
    return _("chance of {outcome}", outcome=outcome) if outcome is not None else _("chance of the predicted class")


def output_name(units: str) -> str:
    """An output's units as a reader names them: "probability of bad" -> "chance of bad"; other units
    ("log-odds of >50K", "rentals") unchanged."""
    units = str(units)
    if units == "probability":
        return _("chance")
    return chance(units.removeprefix("probability of ")) if units.startswith("probability of ") else units
