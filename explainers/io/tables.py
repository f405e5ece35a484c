"""Read a data table (CSV or Parquet, path, bytes or DataFrame) with clear errors.

Delimiters are sniffed and non-UTF-8 text falls back to Windows-1252, each with a note, so
that common export quirks load instead of producing one mangled column.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import DataError, preview
from ..core.language import _

DELIMITERS = ",;\t|"
PARQUET_MAGIC = b"PAR1"
DECIMAL_COMMA = r"-?\d{1,3}(\.\d{3})*,\d+|-?\d+,\d+"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
csv.field_size_limit(max(csv.field_size_limit(), 256 * 2**20))  # long text cells are data, not an error


def read_table(source, name: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Return ``(frame, notes)`` from a path, raw bytes, a file object or a DataFrame."""
    if isinstance(source, pd.DataFrame):
        _check_columns(list(source.columns), name or "the data")
        return _check_rows(source.copy(), name or "the data"), []
    raw, name = _read_bytes(source, name)
    if not raw.strip():
        raise DataError(f"{name} is empty. Choose a CSV or Parquet file with a header row and data rows.")
    if raw[:4] == PARQUET_MAGIC or str(name).lower().endswith(".parquet"):
        frame = _check_rows(_read_parquet(raw, name), name)
        return frame, _nested_notes(frame, name)
    return _read_csv(raw, name)


def _read_bytes(source, name):
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), name or "the uploaded data"
    if hasattr(source, "read"):
        return source.read(), name or getattr(source, "name", "the uploaded data")
    path = Path(source)
    if not path.is_file():
        raise DataError(f"Data file {str(path)!r} does not exist. Check the path.")
    return path.read_bytes(), name or path.name


def _read_parquet(raw: bytes, name: str) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(io.BytesIO(raw))
    except Exception as exc:  # pyarrow raises many types for corrupt files
        raise DataError(f"{name} is not a readable Parquet file ({exc}). Re-export it, or save it as CSV.") from exc
    _check_columns([str(c) for c in frame.columns], name)
    return frame


def _nested_notes(frame: pd.DataFrame, name: str) -> list[str]:
    """A note naming the nested columns. They stay in the frame: the model's columns are known only later, when
    loading sets aside the columns the model does not use (io/predict.py refuses a nested one the model needs)."""
    nested = nested_columns(frame)
    if not nested:
        return []
    return [(f"{name} has nested columns (lists, maps or structs in a cell): {preview(nested)}. Trustboard reads "
             "flat tables: nested columns the model does not use are set aside, and one it needs is refused.")]


def nested_columns(frame: pd.DataFrame) -> list[str]:
    """The columns whose cells are lists, arrays, maps or structs (Parquet's nested types)."""
    return [str(c) for c in frame.columns if _nested_type(frame[c].dtype)
            or (frame[c].dtype == object and _holds_containers(frame[c]))]


def _nested_type(dtype) -> bool:
    """An Arrow-backed list, map or struct column (Arrow types with child fields)."""
    return getattr(getattr(dtype, "pyarrow_dtype", None), "num_fields", 0) > 0


def _utf16_without_bom(raw: bytes) -> bool:
    """ASCII-range UTF-16 text: every other byte of the head is zero."""
    head = raw[:2000]
    half = len(head) // 2
    return half > 8 and max(head[0::2].count(0), head[1::2].count(0)) > 0.9 * half


def _holds_containers(series: pd.Series) -> bool:
    """True when a column's cells are lists, arrays or dicts (Parquet list/map/struct columns); a numpy
    number in an object column is a value, not a container. The first values are looked at first, so that
    a long column is not copied whole."""
    sample = series.head(1000).dropna().head(100)
    if sample.empty:
        sample = series.dropna().head(100)
    return any(isinstance(v, (list, tuple, dict, set)) or (hasattr(v, "__array__") and np.ndim(v) > 0)
               for v in sample)


def _read_csv(raw: bytes, name: str) -> tuple[pd.DataFrame, list[str]]:
    notes: list[str] = []
    if raw[:2] in UTF16_BOMS or _utf16_without_bom(raw):
        text = raw.decode("utf-16" if raw[:2] in UTF16_BOMS else "utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be")
        notes.append(_("{name} is UTF-16 text; it was read as such. Saving it as UTF-8 makes it smaller.", name=name))
        return _parse_text(text, name, notes)
    if b"\x00" in raw[:4096]:
        raise DataError(f"{name} is a binary file, not a CSV or Parquet table. Choose the data file, not the model.")
    text, encoding = _decode(raw, name)
    if encoding != "utf-8":
        notes.append(_("{name} is not UTF-8; it was read as {encoding}. If accents look wrong, save it as UTF-8.",
                       name=name, encoding=encoding))
    return _parse_text(text, name, notes)


def _parse_text(text: str, name: str, notes: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """Decoded CSV text -> frame: separator, unnamed index column and decimal commas detected."""
    delimiter = _sniff_delimiter(text)
    if delimiter != ",":
        notes.append(_("{name} uses {separator} as column separator; it was read that way.", name=name,
                       separator=repr(delimiter)))
    header = next(csv.reader(io.StringIO(text), delimiter=delimiter))
    index_col = None
    if len(header) > 1 and not header[0].strip():
        index_col = 0
        notes.append(_("The first column of {name} has no name; it was read as the row index.", name=name))
    _check_columns(header[1:] if index_col == 0 else header, name)
    frame = _parse_csv(text, name, delimiter, index_col, decimal=".")
    if delimiter != "," and _decimal_comma_columns(frame):
        columns = _decimal_comma_columns(frame)
        frame = _parse_csv(text, name, delimiter, index_col, decimal=",")
        notes.append(_("{name} writes decimals with a comma (e.g. in {columns}); they were read as numbers.", name=name,
                       columns=preview(columns, 3)))
    return _check_rows(frame, name), notes


def _parse_csv(text, name, delimiter, index_col, decimal):
    try:
        return pd.read_csv(io.StringIO(text), sep=delimiter, index_col=index_col, decimal=decimal)
    except pd.errors.ParserError as exc:
        raise DataError(
            f"{name} has rows with a different number of fields than its header ({exc}). "
            f"Check the column separator (read as {delimiter!r}) and quoting of text that contains it."
        ) from exc


def _decimal_comma_columns(frame: pd.DataFrame) -> list[str]:
    """Text columns whose every value looks like a number with a decimal comma, e.g. ``13,77``."""
    found = []
    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]):
            continue
        values = frame[column].dropna().astype(str)
        if len(values) and values.str.fullmatch(DECIMAL_COMMA).all():
            found.append(column)
    return found


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252 (cp1252)"
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{name} is neither UTF-8 nor Windows-1252 text (byte {raw[exc.start]:#04x} at position {exc.start}). "
            "Save it as UTF-8 CSV."
        ) from exc


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same, largest number of fields."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_fields = ",", 1
    for delimiter in DELIMITERS:
        if delimiter not in lines[0]:
            continue  # the header must be split by it too
        counts = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter))
        fields, _seen = counts.most_common(1)[0]
        consistent = counts[fields] >= 0.9 * len(lines)
        if consistent and fields > best_fields:
            best, best_fields = delimiter, fields
    return best


def _check_columns(columns: list, name: str) -> None:
    names = [str(c).strip() for c in columns]
    duplicated = sorted({c for c in names if names.count(c) > 1})
    if duplicated:
        raise DataError(f"{name} has duplicate column names: {preview(duplicated)}. Rename them so each column is unique.")
    blank = [i + 1 for i, c in enumerate(names) if not c]
    if blank:
        raise DataError(f"{name} has columns without a name (position {preview(blank)}). Give every column a header.")


def _check_rows(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    if frame.empty:
        raise DataError(f"{name} has a header but no data rows. Choose a file with at least one row.")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame
