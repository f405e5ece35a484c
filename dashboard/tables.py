"""Tables with numbers written the reader's way: ``tables.local`` is ``st.dataframe`` whose number cells read
0,82 / 1.234,5 / 12,34 % in German and French while the cells keep their numbers (sorting still sorts numbers).

Why a Styler: Streamlit's column formats are printf (always "0.500") or the browser's locale (not the language
chosen in the sidebar). So in German and French the number formats named in ``column_config`` move into a pandas
Styler whose display text has the session's marks (Babel's symbols); Streamlit draws a Styler's display
text only for number columns without a format of their own, so the format is taken out of the config. A progress
bar never shows a Styler's text: its 0..1 values are drawn as 0..100 with a whole-percent printf label ("82 %").
English is drawn exactly as before (the same call, the same config), and so is a table of more than
MAX_CELLS cells in every language (a Styler is slow to send)."""

from __future__ import annotations

import functools
import math
import re
from decimal import Decimal

import numpy as np
import pandas as pd
import streamlit as st
from babel.numbers import format_percent, get_decimal_symbol, get_group_symbol

from dashboard.language import current

__all__ = ["local", "localised", "shown"]

# A Styler costs pandas and Streamlit about 200 times what the plain table costs to send (2,000 x 25 cells: 1.8 s
# against 0.009 s on the shared machine), on every rerun: larger tables keep Streamlit's own number formats.
MAX_CELLS = 50_000
_PRINTF = re.compile(r"%[-+ 0#]*\d*(?:\.(\d+))?([dfiegEG])")


def local(data, column_config=None, **kwargs):
    """``st.dataframe(data, column_config=..., **kwargs)`` with numbers in the reader's language."""
    if current() == "en" or not _stylable(data):
        return st.dataframe(data, column_config=column_config, **kwargs)
    frame, config, formats = localised(data, column_config)
    return st.dataframe(frame.style.format(formats), column_config=config, **kwargs)


def localised(frame: pd.DataFrame, column_config=None) -> tuple[pd.DataFrame, dict, dict]:
    """(frame, config, formatters): progress columns scaled to 0..100, the config without the number formats
    Streamlit would apply in English, and per column a function writing a cell in the session's language."""
    config = dict(column_config or {})
    frame, formats = frame.copy(), {}
    for column in frame.columns:
        entry = config.get(column)
        kind = _type_config(entry).get("type")
        if kind == "progress":
            frame[column], config[column] = _progress(frame[column], entry)
        elif kind in (None, "number") and _numeric(frame[column]):
            asked = _type_config(entry).get("format")
            writer = _writer(asked)
            if writer is None:
                continue
            formats[column] = writer
            if asked:
                config[column] = {**entry, "type_config": {**entry["type_config"], "format": None}}
        elif kind in (None, "text") and frame[column].dtype == object:  # numbers among text: Streamlit writes str()
            formats[column] = _cell(lambda v: _marks(_plain(v)))
    return frame, config, formats


def shown(value, asked: str | None = None) -> str:
    """One cell as the table shows it in the session's language, by the column's Streamlit format ``asked``
    ("%.3f", "%.4g", "%d", "percent"; None: Streamlit's default, up to 4 decimals)."""
    writer = _writer(asked)
    return writer(value) if writer is not None else str(value)


def _stylable(data) -> bool:
    return (isinstance(data, pd.DataFrame) and data.columns.is_unique and data.index.is_unique
            and data.size <= MAX_CELLS)


def _type_config(entry) -> dict:
    return entry.get("type_config") or {} if isinstance(entry, dict) else {}


def _numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _writer(asked: str | None):
    """The function writing one cell for Streamlit's format ``asked``; None for a format kept as it is. Digits are
    written by Python's format (fast: a table may hold many thousand cells) and then given the local marks."""
    if not asked:
        return _cell(lambda v: _marks(_trimmed(f"{v:.4f}")))  # Streamlit's default: up to 4 decimals
    if asked == "percent":  # Streamlit's "percent": up to 2 decimals (12,34 %, 50 %)
        return _cell(lambda v: _marks(_trimmed(f"{v * 100:.2f}")) + _symbols(current())[2])
    match = _PRINTF.fullmatch(asked) if asked.count("%") == 1 else None
    if match is None:
        return None
    digits, conversion = match.group(1), match.group(2)
    if conversion in "di":
        return _cell(lambda v: _marks(str(math.trunc(v))))
    if conversion == "f":
        places = 6 if digits is None else int(digits)
        return _cell(lambda v: _marks(f"{v:.{places}f}"))
    if conversion in "gG":  # sprintf-js: the value to that many significant digits, written plainly (12350)
        return _cell(lambda v: _marks(_plain(float(f"{v:.{digits}g}") if digits else v)))
    return None


def _cell(write):
    """``write`` for numbers; missing cells (shown greyed by Streamlit) and text left as they are."""
    def cell(value):
        if not isinstance(value, (int, float, np.integer, np.floating)) or isinstance(value, (bool, np.bool_)):
            return value if value is None or isinstance(value, str) else str(value)
        number = float(value)
        return write(number) if math.isfinite(number) else value
    return cell


@functools.cache
def _symbols(lang: str) -> tuple[str, str, str]:
    """(decimal mark, thousands mark, what follows a percentage) in ``lang`` from Babel: (",", ".", "\u00a0%")."""
    return get_decimal_symbol(lang), get_group_symbol(lang), format_percent(0, locale=lang).removeprefix("0")


def _marks(text: str) -> str:
    """Digits written the English way without grouping ("-12345.600") with the local marks ("-12.345,600");
    thousands grouped from 10,000 only (core.words.value's rule), so a year such as 2024 is never 2.024."""
    point, group, _percent = _symbols(current())
    whole, _, fraction = text.removeprefix("-").partition(".")
    sign = "-" if text.startswith("-") and (whole + fraction).strip("0") else ""  # never "-0"
    if len(whole) > 4:
        whole = f"{int(whole):,}".replace(",", group)
    return sign + whole + (point + fraction if fraction else "")


def _trimmed(text: str) -> str:
    """"12.3400" -> "12.34", "50.00" -> "50"."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def _plain(value: float) -> str:
    """All the digits of ``value`` the English way, never an exponent: 12350, 0.0001234, 5.5."""
    value = float(value)
    return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")


def _progress(series: pd.Series, entry) -> tuple[pd.Series, dict]:
    """A progress bar's values and config in the session's language: a "percent" bar is drawn over 0..100 with
    a whole-percent label written the local way ("82 %"); other bars are kept as they are."""
    options = _type_config(entry)
    whole = pd.api.types.is_integer_dtype(series)  # Streamlit draws whole numbers over 0..100 as they are
    if options.get("format") != "percent" and (options.get("format") is not None or whole) or not _numeric(series):
        return series, entry
    suffix = _symbols(current())[2]  # the local way of writing the % sign: "\u00a0%"
    low, high = options.get("min_value"), options.get("max_value")
    scaled = {**options, "format": "%.0f" + suffix.replace("%", "%%"),
              "min_value": 0.0 if low is None else low * 100, "max_value": 100.0 if high is None else high * 100}
    return series * 100, {**entry, "type_config": scaled}
