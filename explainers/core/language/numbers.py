"""Numbers, shares, counts, dates and money written the local way (Babel's CLDR data): 0,82 and 1.234,5 in German,
0,82 and 1 234,5 in French (a narrow no-break space groups the thousands). English keeps core.words' exact output,
so converting a sentence never changes what an English reader sees."""

from __future__ import annotations

import copy
import math
from datetime import date as _date
from datetime import datetime as _datetime
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

from .. import words
from .choice import current


def _locale() -> Locale:
    return Locale.parse(current())


def number(value) -> str:
    """core.words.number's rule (whole values grouped, 4 significant digits, whole from 10,000) in the local way."""
    value = float(value)
    if current() == "en" or not math.isfinite(value):
        return words.number(value)
    if value.is_integer() and abs(value) < 1e15:
        return format_decimal(int(value), locale=_locale())
    if abs(value) >= 1e4:
        return format_decimal(round(value), locale=_locale())
    return format_decimal(Decimal(f"{value:.4g}"), locale=_locale(), decimal_quantization=False)


def decimal(value, digits: int | None = None) -> str:
    """A number as it stands (1.234,5), or rounded to ``digits`` decimals (1.234,50)."""
    if digits is None:
        return format_decimal(value, locale=_locale())
    return format_decimal(value, format=f"#,##0.{'0' * digits}" if digits else "#,##0", locale=_locale())


def count(n) -> str:
    """A whole count with the local thousands separator: 2,048 / 2.048 / 2 048."""
    return format_decimal(int(n), locale=_locale())


def percent(share: float, digits: int = 1) -> str:
    """A share as a percentage with ``digits`` decimals (12.3% / 12,3 % / 12,3 %); a tiny non-zero share as
    "<0.1%" in the local way, never a misleading 0.0%."""
    if current() == "en":
        return words.percent(share, digits)
    if 0 < share < 0.001:
        return "<" + percent(0.001, 1)
    locale = _locale()
    pattern = copy.copy(locale.percent_formats[None])
    pattern.frac_prec = (digits, digits)
    return pattern.apply(share, locale)


def currency(amount, code: str) -> str:
    """Money in ``code`` (ISO 4217): €1,234.50 / 1.234,50 € / 1 234,50 €."""
    return format_currency(amount, code, locale=_locale())


def date(day, form: str = "medium") -> str:
    """A date: Dec 7, 2026 / 07.12.2026 / 7 déc. 2026 (``form``: short, medium, long, full)."""
    day = day.date() if isinstance(day, _datetime) else day
    return format_date(day if isinstance(day, _date) else _date.fromisoformat(str(day)), format=form,
                       locale=_locale())


def datetime_text(moment: _datetime, form: str = "medium") -> str:
    """A date and time in the local way (the caller says the time zone in its sentence)."""
    return format_datetime(moment, format=form, locale=_locale())


def shortest(value) -> str:
    """A setting as typed, up to 6 significant digits ("0.5", "0.215"; "0,215" in German), never padded."""
    text = f"{float(value):g}"
    if current() == "en" or "e" in text or not math.isfinite(float(value)):
        return text
    return format_decimal(Decimal(text), locale=_locale(), decimal_quantization=False)
