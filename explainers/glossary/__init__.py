"""A glossary: every technical term the pages and the report use, defined once in plain words.

Also the readable headers of result tables (``readable_columns``), so no snake_case reaches a reader.
"""

from .terms import ALSO_CALLED, TERMS, glossary_table, header, lookup, names, readable_columns

__all__ = ["ALSO_CALLED", "TERMS", "glossary_table", "header", "lookup", "names", "readable_columns"]
