"""What a section writes: text, tables, figures and the results behind them, for any writer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..core import privacy
from ..core.language import current, decimal
from ..core.result import Result
from ..core.words import p_value


@dataclass
class Blocks:
    """Collects one section's blocks (for HTML) and results and sentences (for JSON).

    ``figure(draw, *args)`` draws only when figures are wanted (``figures=True``); figures are
    numbered across the report so that element ids, and so the file, are deterministic.
    """

    figures: bool = True
    items: list = field(default_factory=list)
    results: dict = field(default_factory=dict)
    sentences: list = field(default_factory=list)
    counter: list = field(default_factory=lambda: [0])  # shared between the sections of one report

    def text(self, text: str, css: str = "") -> None:
        self.items.append({"kind": "text", "text": text, "css": css})
        self.sentences.append(text)

    def heading(self, text: str) -> None:
        self.items.append({"kind": "heading", "text": text})

    def bullets(self, items: list[str]) -> None:
        self.items.append({"kind": "list", "items": list(items)})

    def table(self, frame: pd.DataFrame, float_format: str = "{:,.4g}") -> None:
        self.items.append({"kind": "table", "html": table_html(frame, float_format)})

    def linked_table(self, columns: list[str], rows: list[list]) -> None:
        """A table whose cells are text, or lists of ``(text, anchor)`` links to sections of this report."""
        self.items.append({"kind": "linked_table", "columns": list(columns), "rows": [list(r) for r in rows]})

    def figure(self, draw, *args, **kwargs) -> None:
        if not self.figures:
            return
        self.counter[0] += 1
        fig = draw(*args, **kwargs)
        html = fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"figure-{self.counter[0]}",
                           config={"displaylogo": False, "responsive": True})
        self.items.append({"kind": "figure", "html": html})

    def result(self, key: str, result) -> None:
        """Record a result for the JSON form (a Result, or plain values)."""
        self.results[key] = result

    def child(self) -> Blocks:
        """Blocks for the next section, sharing the figure counter."""
        return Blocks(figures=self.figures, counter=self.counter)


NUMBER_CELL = re.compile(r"<td>((?:&lt; )?-?[0-9][0-9,]*(?:\.[0-9]+)?(?:e[-+][0-9]+)?%?)</td>")
LOCAL_NUMBER_CELL = re.compile(r"<td>((?:&lt; )?-?[0-9][0-9,.\u202f\u00a0]*(?:e[-+][0-9]+)?(?:\u00a0%)?)</td>")
ENGLISH_NUMBER = re.compile(r"(-?[0-9,]*[0-9])(?:\.([0-9]+))?(e[-+][0-9]+)?(%?)")
P_VALUE_COLUMNS = ("p_value", "q_value", "p-value", "q-value")  # result keys and their readable headers


def p_values(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its p- and q-value columns as text by core.words.p_value's rule ("< 0.0001" or 2
    significant digits), never 3e-11 or 0.00000000003."""
    shown = [c for c in frame.columns if str(c) in P_VALUE_COLUMNS]
    return frame.assign(**{c: frame[c].map(lambda v: p_value(v, name=None)) for c in shown}) if shown else frame


def table_html(frame: pd.DataFrame, float_format: str = "{:,.4g}") -> str:
    """An escaped HTML table (data text can never become markup; private columns' values hidden); p- and
    q-values printed by :func:`p_values`. Cells holding a number are marked ``num``: right-aligned, and never
    wrapped (1.4e-183 broke at its minus)."""
    html = privacy.frame(p_values(frame)).to_html(index=False, escape=True, border=0, na_rep="",
                                        float_format=lambda v: local_number(float_format.format(v)))
    return (NUMBER_CELL if current() == "en" else LOCAL_NUMBER_CELL).sub(r'<td class="num">\1</td>', html)


def local_number(text: str) -> str:
    """A number printed the English way ("1,234.5", "0.8234", "12.3%") written the reader's way with the same digits
    (1.234,5 / 1 234,5; 12,3 %); English, and text that is not a plain number, unchanged."""
    found = ENGLISH_NUMBER.fullmatch(text)
    if current() == "en" or not found:
        return text
    whole, fraction, exponent, share = found.groups()
    written = decimal(float(whole.replace(",", "") + "." + (fraction or "0")), len(fraction or ""))
    return written + (exponent or "") + ("\u00a0%" if share else "")


__all__ = ["Blocks", "Result", "p_values", "table_html"]
