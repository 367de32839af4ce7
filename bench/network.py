"""The network analyses at scale (issue 8 §3): a generated graph of 1,000,000 links → connected
components, weighted degree and Leiden communities, through the platform's own function
(thb/investigations/network/analysis.py ``analyse_edges``, igraph). Target: < 60 s on the project machine.

The graph has planted groups (``--group-size`` people each, most links inside a group, some across — the
facilitators) and payment amounts as weights, so that the communities found can be compared with the
planted ones (adjusted Rand index, and how many planted groups are found whole).

    .venv/bin/python bench/network.py                 # 1,000,000 links
    .venv/bin/python bench/network.py --links 200000

Prints figures; never fails on timing.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("THB_ENV", "test")


def generate(
    links: int, group_size: int, seed: int
) -> tuple[int, list[tuple[int, int]], list[float], list[int]]:
    """Vertices in groups of ``group_size``; 90 % of links inside a group, 10 % between groups."""
    rng = random.Random(seed)
    vertices = links // 5  # about ten links per vertex
    groups = [v // group_size for v in range(vertices)]
    edges, weights = [], []
    for _ in range(links):
        a = rng.randrange(vertices)
        if rng.random() < 0.9:
            start = groups[a] * group_size
            b = rng.randrange(start, min(start + group_size, vertices))
        else:
            b = rng.randrange(vertices)
        if a == b:
            b = (b + 1) % vertices
        edges.append((a, b))
        weights.append(round(rng.lognormvariate(6, 1), 2))  # amounts around 400 euros
    return vertices, edges, weights, groups


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--links", type=int, default=1_000_000)
    parser.add_argument("--group-size", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--resolution", type=float, default=1.0, help="Leiden resolution (the platform uses 1)"
    )
    args = parser.parse_args()

    import django
    import igraph

    django.setup()
    from thb.investigations.network.analysis import analyse_edges

    started = time.perf_counter()
    vertices, edges, weights, planted = generate(args.links, args.group_size, args.seed)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    facts = analyse_edges(vertices, edges, weights, resolution=args.resolution)
    analysed = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rand = igraph.compare_communities(planted, facts.membership, method="adjusted_rand")
    found = {}
    for vertex, community in enumerate(facts.membership):
        found.setdefault(planted[vertex], set()).add(community)
    whole = sum(1 for communities in found.values() if len(communities) == 1)
    top = max(facts.strength)
    print(f"graph: {vertices:,} vertices, {len(edges):,} links (generated in {generated:.1f} s)")
    print(
        f"analysis (components + weighted degree + Leiden, resolution {args.resolution}): "
        f"{analysed:.1f} s  [target < 60 s]"
    )
    print(f"components: {facts.components:,} (largest {facts.largest_component:,} vertices)")
    print(
        f"communities: {facts.community_count:,} found for {len(found):,} planted; "
        f"{whole:,} planted groups found whole; adjusted Rand index {rand:.3f}"
    )
    print(f"highest weighted degree: {top:,.0f}")
    print(f"peak memory of the process: {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    main()
