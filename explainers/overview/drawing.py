"""The score histogram drawn as a static SVG picture: the home page shows it as an image, so a reader's browser
loads no plotly.js (a 4.7 MB script per fresh browser; the heaviest element of the first page) and runs no script
for it. Data text is escaped as XML text; numbers are written the reader's way; the picture stretches to any width
(positions across in percent, text in pixels), and the counts it shows are also given as words (``caption``,
``counts``) for readers who cannot see it."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..core.language import _, count, current, ngettext, number, shortest
from ..core.plot import DOWN, NEUTRAL, escape_text
from .bars import ScoreBars

HEIGHT, TOP, BOTTOM = 300, 62, 250  # the picture's height and the plot's top and bottom (pixels)
INK, MUTED, GRID, LINE = "#31333f", "#6b6f7b", "#e6e6e6", "#34495e"
FONT = "Source Sans Pro, Arial, sans-serif"
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Picture:
    """An SVG picture (``svg``) with its ``title``, a one-sentence ``alt`` text, a ``caption`` under it (the rows on
    each side of the threshold; "" without one) and ``counts``: the rows in each bar, in words."""

    svg: str
    title: str
    alt: str
    caption: str
    counts: str


def score_picture(bars: ScoreBars) -> Picture:
    """The histogram of ``bars``: a bar per bin (or class), split in two colours by the decision at the threshold
    (binary), the threshold as a dashed line, the axis titles, a legend naming the two decided sides."""
    title = ngettext("How the model's output is spread over {n} rows",
                     "How the model's output is spread over {n} rows", bars.rows)
    unit = ("%" if current() == "en" else "\u00a0%") if bars.share else ""
    totals = [sum(c[k] for c in bars.counts) for k in range(len(bars.sides))]
    caption = _("Decided {negative} (below the threshold): {below}. Decided {positive} (at or above it): {above}.",
                negative=bars.sides[0], positive=bars.sides[1], below=count(totals[0]),
                above=count(totals[1])) if bars.sides else ""
    spans = ([f"{shortest(low)}\u2013{shortest(high)}{unit}" for low, high in zip(bars.edges, bars.edges[1:])]
             if bars.share else [f"{number(low)}\u2013{number(high)}" for low, high in zip(bars.edges, bars.edges[1:])]
             if bars.edges else list(bars.names))
    counts = " · ".join(f"{span}: {count(sum(c))}" for span, c in zip(spans, bars.counts) if sum(c))
    axis = f"{bars.label} (%)" if bars.share else bars.label
    svg = _svg(bars, title, axis, unit)
    return Picture(svg=svg, title=title, alt=f"{title}. {caption}".strip(),
                   caption=caption, counts=counts)


def _svg(bars: ScoreBars, title: str, axis: str, unit: str) -> str:
    tallest = max((sum(c) for c in bars.counts), default=0)
    step = _nice_step(max(tallest, 1) / 4, whole=True)
    top = max(step, math.ceil(tallest / step) * step)
    scale = (BOTTOM - TOP) / top
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="{HEIGHT}" font-family="{FONT}" '
              f'font-size="12" fill="{INK}"><title>{_text(title)}</title>'),
             f'<rect width="100%" height="{HEIGHT}" fill="white"/>']
    grid = [BOTTOM - k * step * scale for k in range(1, int(top / step) + 1)]
    parts += [f'<line x1="0" x2="100%" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>' for y in grid]
    parts.append(f'<text x="0" y="{TOP - 24}" fill="{MUTED}">{_text(_("rows"))}</text>')  # the y axis's title
    n = len(bars.counts)
    low, high = (bars.edges[0], bars.edges[-1]) if bars.edges else (0.0, float(n))
    across = (lambda v: 100 * (v - low) / (high - low)) if high > low else (lambda v: 50.0)
    colours = (NEUTRAL, DOWN) if bars.sides else (NEUTRAL,)
    gap = 0 if bars.edges else 0.2  # classes: bars apart
    for i, counted in enumerate(bars.counts):
        x, width = (across(bars.edges[i]), across(bars.edges[i + 1]) - across(bars.edges[i])) if bars.edges else (
            100 * i / n, 100 / n)
        base = BOTTOM
        for rows, colour in zip(counted, colours):
            if rows:
                h = rows * scale
                parts.append(f'<rect x="{x + width * gap:.3f}%" y="{base - h:.1f}" width="{width * (1 - 2 * gap):.3f}%" '
                             f'height="{h:.1f}" fill="{colour}" stroke="white" stroke-width="1"/>')
                base -= h
    parts.append(f'<line x1="0" x2="100%" y1="{BOTTOM}" y2="{BOTTOM}" stroke="#bbbbbb"/>')
    parts += [f'<text x="2" y="{y - 3:.1f}" fill="{MUTED}" font-size="11" stroke="white" stroke-width="3" '  # over bars
              f'paint-order="stroke">{_text(count((k + 1) * step))}</text>' for k, y in enumerate(grid)]
    if bars.edges:
        for value in _ticks(low, high):
            parts.append(f'<text x="{across(value):.3f}%" y="{BOTTOM + 16}" text-anchor="{_anchor(across(value))}" '
                         f'fill="{MUTED}">{_text((shortest(value) + unit) if bars.share else number(value))}</text>')
    else:
        for i, name in enumerate(bars.names):
            label = name if len(name) <= 24 else name[:23] + "\u2026"
            parts.append(f'<text x="{100 * (i + 0.5) / n:.3f}%" y="{BOTTOM + 16}" text-anchor="middle" '
                         f'fill="{MUTED}">{_text(label)}</text>')
    parts.append(f'<text x="50%" y="{HEIGHT - 8}" text-anchor="middle">{_text(axis)}</text>')
    if bars.threshold is not None:
        x = across(bars.threshold)
        words = _("threshold {value}", value=shortest(bars.threshold) + unit)
        end = x > 70
        parts.append(f'<line x1="{x:.3f}%" x2="{x:.3f}%" y1="{TOP - 20}" y2="{BOTTOM}" stroke="{LINE}" '
                     f'stroke-width="1.5" stroke-dasharray="5 4"/>'
                     f'<text x="{x:.3f}%" dx="{-5 if end else 5}" y="{TOP - 24}" text-anchor="{"end" if end else "start"}"'
                     f' fill="{LINE}">{_text(words)}</text>')
    if bars.sides:  # the legend: the two decided sides, left to right in the row above the plot
        at = 0
        for side, colour in zip(bars.sides, colours):
            words = _("decided {outcome}", outcome=side)
            parts.append(f'<rect x="{at}" y="6" width="11" height="11" fill="{colour}"/>'
                         f'<text x="{at + 16}" y="16">{_text(words)}</text>')
            at += 16 + 7 * len(words) + 20  # a generous width per character: entries never overlap
    parts.append("</svg>")
    return "".join(parts)


def _anchor(x: float) -> str:
    return "start" if x < 3 else "end" if x > 97 else "middle"


def _nice_step(rough: float, whole: bool = False) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least ``rough`` (whole numbers if ``whole``)."""
    power = 10 ** math.floor(math.log10(rough)) if rough > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if step >= rough and (not whole or float(step).is_integer()):
            return step
    return 10 * power


def _ticks(low: float, high: float) -> list[float]:
    """About six round values from ``low`` to ``high`` (0, 20, ... 100 for percent)."""
    if not high > low:
        return [low]
    step = _nice_step((high - low) / 5)
    first = math.ceil(low / step - 1e-9) * step
    return [round(first + k * step, 10) for k in range(int((high - first) / step + 1e-9) + 1)]


def _text(value) -> str:
    """``value`` as XML text: markup characters escaped, characters XML cannot hold replaced."""
    return escape_text(_NOT_XML.sub("\ufffd", str(value))).replace('"', "&quot;")
