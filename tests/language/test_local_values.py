"""A data value in a sentence is never translated, but its digits are written the reader's way: a German reader
takes "12,345" for twelve and a bit (core.words.value, the one rounding rule for data values)."""

import pytest

from explainers.core.language import use_language
from explainers.core.words import value

CASES = [  # item, English, German, French
    (0.25, "0.25", "0,25", "0,25"),
    (8397.6, "8398", "8398", "8398"),
    (12345.6, "12,346", "12.346", "12\u202f346"),
    (12345, "12,345", "12.345", "12\u202f345"),
    (-12345.0, "-12,345", "-12.345", "-12\u202f345"),
    (2024, "2024", "2024", "2024"),
    ("12,5", "'12,5'", "'12,5'", "'12,5'"),  # text stays as the user wrote it
]


@pytest.mark.parametrize("item, en, de, fr", CASES)
def test_value_digits_follow_the_language(item, en, de, fr):
    for lang, want in (("en", en), ("de", de), ("fr", fr)):
        with use_language(lang):
            assert value(item) == want, lang
