"""A glossary: every technical term the pages and the report use, defined once in plain words."""
