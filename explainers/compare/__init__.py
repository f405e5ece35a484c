"""Is it better than what we run now: a champion and a challenger judged on the same labelled rows."""

from . import figures, words
from .comparison import Comparison, compare
from .pairing import on_same_rows

__all__ = ["Comparison", "compare", "figures", "on_same_rows", "words"]
