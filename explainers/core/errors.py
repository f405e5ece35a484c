"""Errors and warnings raised for bad user input.

Every message says what is wrong and how to fix it, naming the columns or values concerned,
so that pages can show it with ``st.error`` and the command line can print it and exit 2.
"""


class InputError(ValueError):
    """The user's model, data or metadata cannot be used as given."""


class DataError(InputError):
    """The data file or table is unreadable or does not fit the model."""


class ModelError(InputError):
    """The model file is unreadable, untrusted, or the model cannot predict."""


class MetadataError(InputError):
    """The sidecar metadata (``<model>.json``) is malformed or contradicts the data."""


class InputWarning(UserWarning):
    """Something in the input was fixed up or looks suspicious, but the case still loads."""


def preview(values, limit: int = 8) -> str:
    """Comma-separated repr of up to ``limit`` values, for error messages."""
    values = list(values)
    shown = ", ".join(repr(v) for v in values[:limit])
    more = len(values) - limit
    return shown + (f" and {more} more" if more > 0 else "")
