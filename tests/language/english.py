"""The English-word detector the language tests share: the common English words left in a German or French text once
the user's own values (column names, categories, classes) and method names are taken out. Each test passes its own
word list and its own names to skip."""

import re


def english_words(text: str, skip, words) -> set[str]:
    """The words of ``text`` in ``words`` (lower case), after every string of ``skip`` is blanked out (longest first
    is the caller's order: a data value that contains another must go first)."""
    for item in skip:
        text = text.replace(item, " ")
    return {w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in words}
