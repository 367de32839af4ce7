"""Why two records match (issue 8 §2: "a review queue … shows why two records match"): for each pair the
model scores, every comparison's level (e.g. "day/month" for a date of birth with day and month swapped)
and its match weight (log2 of the Bayes factor: positive for evidence of a match, negative against)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
from splink import Linker

MAX_PAIRS = 200_000


@dataclass(frozen=True)
class Reason:
    comparison: str
    level: str
    weight: float

    def as_dict(self) -> dict[str, object]:
        return {"comparison": self.comparison, "level": self.level, "weight": self.weight}


@dataclass(frozen=True)
class ScoredPair:
    left: str
    right: str
    probability: float
    reasons: tuple[Reason, ...]


def scored_pairs(con: duckdb.DuckDBPyConnection, linker: Linker, *, threshold: float) -> list[ScoredPair]:
    """The pairs at or above ``threshold`` with their reasons (the linker was built with ``explain``)."""
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    comparisons = linker._settings_obj.comparisons  # Splink keeps the level labels only here
    labels = {
        c.output_column_name: {
            lvl.comparison_vector_value: lvl.label_for_charts for lvl in c.comparison_levels
        }
        for c in comparisons
    }
    columns = ", ".join(f"gamma_{name}, mw_{name}" for name in labels)
    rows = con.sql(
        f"SELECT unique_id_l, unique_id_r, match_probability, {columns} "  # noqa: S608 (Splink's names)
        f"FROM {predictions.physical_name} ORDER BY match_probability DESC LIMIT {MAX_PAIRS}"
    ).fetchall()
    pairs = []
    for row in rows:
        reasons = []
        for position, name in enumerate(labels):
            gamma, weight = row[3 + 2 * position], row[4 + 2 * position]
            if gamma is None or gamma == -1:
                continue  # a value missing on one side says nothing
            reasons.append(Reason(name, labels[name].get(gamma, str(gamma)), round(float(weight or 0.0), 2)))
        pairs.append(ScoredPair(str(row[0]), str(row[1]), float(row[2]), tuple(reasons)))
    return pairs
