"""A glossary: every technical term the pages and the report use, defined once in plain words.

Also the readable headers of result tables (``readable_columns``), so no snake_case reaches a reader.
"""

from .terms import TERMS, glossary_table, header, readable_columns

__all__ = ["TERMS", "glossary_table", "header", "readable_columns"]
