"""Charts drawn on the server (issue 9 §4: "charts rendered server-side (PNG/SVG) so they also go into
reports"): one bar chart of a suppressed breakdown, as SVG for pages and PNG for PDF reports.

Only ``Breakdown`` values are drawn, so a chart cannot show what suppression hid: a hidden count is drawn
as an empty, hatched slot marked ``<5``. Pages show the same figures as a table next to the image (a chart
alone is not accessible). Matplotlib's object API (no pyplot): no global state between requests.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from .suppression import Breakdown

# before importing matplotlib: its font cache goes under var/, not the home directory
os.environ.setdefault("MPLCONFIGDIR", str(settings.VAR_DIR / "matplotlib"))

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

BAR_COLOUR = "#1f5f99"
HIDDEN_COLOUR = "#9aa5b1"
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


def bar_chart(
    breakdown: Breakdown[Any],
    *,
    labels: Mapping[Any, str] | None = None,
    title: str = "",
    fmt: str = "svg",
    horizontal: bool | None = None,
    width: float = 7.0,
) -> bytes:
    """The bar chart of ``breakdown`` in ``fmt`` (``svg`` or ``png``). Long label lists lie horizontally."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}")
    names = [str((labels or {}).get(key, key)) for key, _value in breakdown.cells]
    values = [value or 0 for _key, value in breakdown.cells]
    hidden = [value is None for _key, value in breakdown.cells]
    horizontal = (
        len(names) > 8 or max((len(name) for name in names), default=0) > 14
        if horizontal is None
        else horizontal
    )
    height = max(2.4, 0.32 * len(names) + 1.2) if horizontal else 3.2
    figure = Figure(figsize=(width, height), dpi=110, layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(names)))
    mark = breakdown.shown(None)
    top = max(values, default=0) or 1
    slot = top * 0.04
    draw = axes.barh if horizontal else axes.bar
    bars = draw(
        positions, [slot if is_hidden else value for value, is_hidden in zip(values, hidden, strict=True)]
    )
    for bar, is_hidden in zip(bars, hidden, strict=True):
        bar.set_color(HIDDEN_COLOUR if is_hidden else BAR_COLOUR)
        if is_hidden:
            bar.set_hatch("///")
            bar.set_fill(False)
            bar.set_edgecolor(HIDDEN_COLOUR)
    axes.bar_label(
        bars,
        labels=[mark if is_hidden else str(v) for v, is_hidden in zip(values, hidden, strict=True)],
        padding=2,
        fontsize=8,
    )
    if horizontal:
        axes.set_yticks(positions, names, fontsize=8)
        axes.invert_yaxis()
        axes.set_xlim(0, top * 1.15)
    else:
        axes.set_xticks(
            positions,
            names,
            fontsize=8,
            rotation=30 if len(names) > 5 else 0,
            ha="right" if len(names) > 5 else "center",
        )
        axes.set_ylim(0, top * 1.15)
    (axes.xaxis if horizontal else axes.yaxis).set_major_locator(MaxNLocator(integer=True))  # counts
    axes.spines[["top", "right"]].set_visible(False)
    if title:
        axes.set_title(title, fontsize=10, loc="left")
    buffer = io.BytesIO()
    options: dict[str, Any] = {"format": fmt}
    if fmt == "svg":
        options["metadata"] = {"Date": None}
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "thb"}):  # text stays text; stable ids
        figure.savefig(buffer, **options)
    return buffer.getvalue()
