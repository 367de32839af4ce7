"""Pairwise precision, recall and F1 of a clustering against the truth (issue 8 §2's quality measure),
counted without listing the pairs: within every (predicted cluster ∩ true entity) group of size k there are
k(k-1)/2 true positives."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PairwiseQuality:
    precision: float
    recall: float
    f1: float
    predicted_pairs: int
    true_pairs: int


def _pairs(sizes: Iterable[int]) -> int:
    return sum(k * (k - 1) // 2 for k in sizes)


def pairwise_quality(clusters: Iterable[tuple[str, str]], truth: dict[str, str]) -> PairwiseQuality:
    """``clusters``: (record id, cluster id); ``truth``: record id → entity id."""
    rows = list(clusters)
    predicted = _pairs(Counter(c for _i, c in rows).values())
    true = _pairs(Counter(truth[i] for i, _c in rows).values())
    both = _pairs(Counter((c, truth[i]) for i, c in rows).values())
    precision = both / predicted if predicted else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairwiseQuality(precision, recall, f1, predicted, true)
