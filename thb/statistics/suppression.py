"""Small-cell suppression (issue 9 §4; DESIGN.md §4: "statistics leave the platform only aggregated, with
small cells (< 5 by default) suppressed").

A figure that leaves the platform is a *breakdown*: counts of one population by one dimension (contacts by
language, victims by nationality…) with its total. Three rules make it safe:

1. **Primary**: a count from 1 to ``threshold - 1`` is hidden. Zero is shown: "nobody" names no one.
2. **Total**: a total under the threshold is hidden, and so is every non-zero count under it.
3. **Secondary** (no subtraction): if the total is shown, the hidden counts of the breakdown sum to
   ``total - shown``. So more counts are hidden, smallest first, until at least two are hidden, their sum
   reaches the threshold, and their sum exceeds their number (hidden counts are at least 1, so five counts
   summing to 5 would each be known to be 1). If even hiding every count does not get there, the total is
   hidden too. Then no hidden count can be worked out, not even as "both are 1". A
   breakdown may name the categories to hide first (``prefer``), e.g. a residual "no campaign" that other
   pages never show on its own, so that secondary suppression does not hide a count published elsewhere.

Breakdowns of the same population by different dimensions are independent partitions: no count of one
can be derived from another. Cross-tabulations are not published (the dashboards show one dimension at a
time), which is what keeps these three rules sufficient (Eurostat/ESSnet *Handbook on Statistical
Disclosure Control*, ch. 4: threshold rule with secondary suppression on a one-dimensional table).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.conf import settings

K = TypeVar("K", bound=Hashable)

HIDDEN_MARK = "<{threshold}"


def threshold() -> int:
    return max(1, int(settings.THB_SMALL_CELL_THRESHOLD))


@dataclass(frozen=True)
class Breakdown(Generic[K]):
    """A published breakdown: ``cells`` in their order, ``None`` where hidden; ``total`` likewise."""

    cells: tuple[tuple[K, int | None], ...]
    total: int | None
    threshold: int

    def value(self, key: K) -> int | None:
        return dict(self.cells).get(key)

    def shown(self, value: int | None) -> str:
        """A cell as text: its count, or ``<5`` when hidden."""
        return shown(value, limit=self.threshold)

    @property
    def hidden_count(self) -> int:
        return sum(1 for _key, value in self.cells if value is None)


def suppress(
    counts: Mapping[K, int] | Iterable[tuple[K, int]],
    *,
    limit: int | None = None,
    prefer: Iterable[K] = (),
) -> Breakdown[K]:
    """Apply the three rules to ``counts`` (kept in their order; the total is their sum)."""
    items = list(counts.items() if isinstance(counts, Mapping) else counts)
    limit = threshold() if limit is None else limit
    total = sum(value for _key, value in items)
    for _key, value in items:
        if value < 0:
            raise ValueError("counts cannot be negative")
    hidden = {key for key, value in items if 0 < value < limit}
    total_hidden = 0 < total < limit
    if total_hidden:
        hidden |= {key for key, value in items if value > 0}
    elif hidden:
        values = dict(items)
        preferred = list(prefer)
        candidates = sorted(
            (key for key, value in items if value > 0 and key not in hidden),
            key=lambda key: (key not in preferred, values[key]),
        )

        def safe() -> bool:
            hidden_sum = sum(values[key] for key in hidden)
            return len(hidden) >= 2 and hidden_sum >= limit and hidden_sum > len(hidden)

        while candidates and not safe():
            hidden.add(candidates.pop(0))
        if not safe():  # e.g. five counts of 1 and a total of 5: each would be known to be 1
            total_hidden = True
    return Breakdown(
        cells=tuple((key, None if key in hidden else value) for key, value in items),
        total=None if total_hidden else total,
        threshold=limit,
    )


def shown(value: int | None, *, limit: int | None = None) -> str:
    """A published count as text: the number, or ``<5`` where suppression hid it (``None``)."""
    return (
        HIDDEN_MARK.format(threshold=threshold() if limit is None else limit) if value is None else str(value)
    )


def suppress_value(value: int, *, limit: int | None = None) -> int | None:
    """One count on its own (a headline figure): hidden when from 1 to the threshold - 1."""
    limit = threshold() if limit is None else limit
    return None if 0 < value < limit else value
