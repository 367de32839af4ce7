"""A network summarised for the investigator (issue 8 §3): its groups (Leiden communities) with their size,
who is in them, where they are active (judicial districts, countries) and whether their links are supra-local
or international; the facilitators between groups; the cycles of money; the most connected parties."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from .analysis import (
    PARTY_KINDS,
    Cycle,
    Facilitator,
    communities,
    facilitators,
    money_cycles,
    weighted_degree,
)
from .geography import DistrictIndex, Places, places_of
from .graph import simple_undirected

MIN_GROUP = 3  # smaller groups are listed together, not one by one


@dataclass
class Group:
    number: int
    size: int
    kinds: Counter
    members: list[str]  # the most connected parties first (node keys)
    places: Places


@dataclass
class NetworkSummary:
    nodes: int
    edges: int
    components: int
    groups: list[Group]
    small_groups: int
    facilitators: list[Facilitator]
    cycles: list[Cycle]
    most_connected: list[tuple[str, float]]
    places: Places
    membership: dict[str, int]


def summarise(graph: nx.MultiDiGraph) -> NetworkSummary:
    simple = simple_undirected(graph)
    membership = communities(simple)
    index = DistrictIndex()
    degree = dict(simple.degree(weight="weight"))
    by_group: dict[int, list[str]] = {}
    for node, group in membership.items():
        by_group.setdefault(group, []).append(node)
    groups, small = [], 0
    for number, nodes in sorted(by_group.items()):
        if len(nodes) < MIN_GROUP:
            small += 1
            continue
        parties = [n for n in nodes if simple.nodes[n].get("kind") in PARTY_KINDS]
        groups.append(
            Group(
                number=number,
                size=len(nodes),
                kinds=Counter(simple.nodes[n].get("kind", "") for n in nodes),
                members=sorted(parties, key=lambda n: (-degree.get(n, 0.0), n))[:8],
                places=places_of(simple, nodes, index),
            )
        )
    return NetworkSummary(
        nodes=simple.number_of_nodes(),
        edges=graph.number_of_edges(),
        components=nx.number_connected_components(simple) if simple.number_of_nodes() else 0,
        groups=groups,
        small_groups=small,
        facilitators=facilitators(graph, membership),
        cycles=money_cycles(graph),
        most_connected=weighted_degree(simple, kinds=PARTY_KINDS),
        places=places_of(simple, simple.nodes, index),
        membership=membership,
    )
