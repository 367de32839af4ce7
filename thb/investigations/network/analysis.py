"""Analyses of the link graph (issue 8 §3; action point P2: "the structures that support the groups of
perpetrators and their supra-local and international links").

* **communities**: Leiden on the undirected weighted graph (igraph, seeded: the same graph gives the same
  groups);
* **most connected**, weighted: a payment counts its amount, any other link 1;
* **cycles of money**: directed payment cycles of up to six hops (money that comes back — laundering
  through round trips, or debt bondage's "repayments");
* **facilitators**: people, companies and accounts whose links reach several communities (the landlord of
  several groups' victims, the transporter, the accountant, the money mule), ranked by betweenness, each with
  the hints that say which role it may play;
* **paths**: shortest, and time-ordered (each step no earlier than the one before: who could have passed
  the message or the money on);
* **N-hop expansion** around an entity.

Pure functions over networkx graphs; the geography (districts, countries) is in geography.py.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import igraph as ig
import networkx as nx

from .graph import simple_undirected

PARTY_KINDS = {"Person", "Company", "LegalEntity", "Organization", "BankAccount", "UserAccount"}

MAX_CYCLES = 50
MAX_CYCLE_LENGTH = 6


@dataclass(frozen=True)
class LargeGraphFacts:
    components: int
    largest_component: int
    strength: list[float]  # weighted degree of each vertex
    membership: list[int]  # Leiden community of each vertex
    community_count: int


def analyse_edges(
    vertex_count: int,
    edges: list[tuple[int, int]],
    weights: list[float],
    *,
    seed: int = 42,
    iterations: int = -1,
    resolution: float = 1.0,
) -> LargeGraphFacts:
    """Components, weighted degree and Leiden communities of a graph given as integer edge lists — the
    path for national-scale graphs (bench/network.py: 1,000,000 links), without networkx objects.
    ``iterations``: Leiden passes (-1: until the partition no longer improves); ``resolution``: above 1,
    smaller communities (modularity merges small groups in very large graphs — its resolution limit)."""
    graph = ig.Graph(n=vertex_count, edges=edges, directed=False)
    graph.es["weight"] = weights
    components = graph.connected_components()
    ig.set_random_number_generator(random.Random(seed))  # noqa: S311 (reproducible groups)
    try:
        partition = graph.community_leiden(
            objective_function="modularity", weights="weight", n_iterations=iterations, resolution=resolution
        )
    finally:
        ig.set_random_number_generator(random)
    return LargeGraphFacts(
        components=len(components),
        largest_component=max((len(c) for c in components), default=0),
        strength=graph.strength(weights="weight"),
        membership=list(partition.membership),
        community_count=len(partition),
    )


def communities(simple: nx.Graph, *, seed: int = 42) -> dict[str, int]:
    """Leiden communities (modularity, weighted), numbered from the largest; isolated nodes are their own."""
    if simple.number_of_nodes() == 0:
        return {}
    names = list(simple.nodes)
    index = {name: i for i, name in enumerate(names)}
    facts = analyse_edges(
        len(names),
        [(index[a], index[b]) for a, b in simple.edges()],
        [data.get("weight", 1.0) for _a, _b, data in simple.edges(data=True)],
        seed=seed,
    )
    groups: dict[int, list[int]] = defaultdict(list)
    for vertex, group in enumerate(facts.membership):
        groups[group].append(vertex)
    ordered = sorted(groups.values(), key=lambda members: (-len(members), min(members)))
    return {names[member]: number for number, members in enumerate(ordered) for member in members}


def weighted_degree(
    simple: nx.Graph, *, top: int = 10, kinds: set[str] | None = None
) -> list[tuple[str, float]]:
    degrees = [
        (node, float(value))
        for node, value in simple.degree(weight="weight")
        if kinds is None or simple.nodes[node].get("kind") in kinds
    ]
    return sorted(degrees, key=lambda item: (-item[1], item[0]))[:top]


@dataclass(frozen=True)
class Cycle:
    nodes: tuple[str, ...]
    amounts: tuple[float, ...]  # the largest payment of each hop
    first_date: str
    last_date: str


def money_cycles(graph: nx.MultiDiGraph) -> list[Cycle]:
    payments = nx.DiGraph()
    best: dict[tuple[str, str], tuple[float, list[str]]] = {}
    for source, target, data in graph.edges(data=True):
        if data.get("kind") != "Payment":
            continue
        amount, dates = best.get((source, target), (0.0, []))
        best[(source, target)] = (max(amount, data.get("amount", 0.0)), [*dates, data.get("date", "")])
        payments.add_edge(source, target)
    cycles = []
    for nodes in nx.simple_cycles(payments, length_bound=MAX_CYCLE_LENGTH):
        hops = list(zip(nodes, [*nodes[1:], nodes[0]], strict=True))
        dates = sorted(d for hop in hops for d in best[hop][1] if d)
        cycles.append(
            Cycle(
                tuple(nodes),
                tuple(best[hop][0] for hop in hops),
                dates[0] if dates else "",
                dates[-1] if dates else "",
            )
        )
        if len(cycles) >= MAX_CYCLES:
            break
    return sorted(cycles, key=lambda c: (-sum(c.amounts), c.nodes))


@dataclass
class Facilitator:
    node: str
    communities: int
    betweenness: float
    hints: list[str] = field(default_factory=list)


def _hints(graph: nx.MultiDiGraph, node: str) -> list[str]:
    """What the links say about the role: codes the pages translate."""
    hints = []
    incoming = [d for _s, _t, d in graph.in_edges(node, data=True) if d.get("kind") == "Payment"]
    outgoing = [d for _s, _t, d in graph.out_edges(node, data=True) if d.get("kind") == "Payment"]
    payers = {s for s, _t, d in graph.in_edges(node, data=True) if d.get("kind") == "Payment"}
    received, sent = sum(d["amount"] for d in incoming), sum(d["amount"] for d in outgoing)
    if len(payers) >= 2 and outgoing and received and sent / received >= 0.8:
        hints.append("money_mule")  # collects from several and passes most of it on
    owned = [t for _s, t, d in graph.out_edges(node, data=True) if d.get("kind") in ("Ownership", "owner")]
    owned += [s for s, _t, d in graph.in_edges(node, data=True) if d.get("kind") in ("owner", "operator")]
    for asset in owned:
        kind = graph.nodes[asset].get("kind")
        if kind in ("RealEstate", "Address"):
            places = {asset} | {
                n
                for n in nx.all_neighbors(graph, asset)
                if graph.nodes[n].get("kind") in ("address", "Address")
            }
            residents = {
                n
                for place in places
                for n in nx.all_neighbors(graph, place)
                if graph.nodes[n].get("kind") == "Person"
            }
            if len(residents - {node}) >= 3:
                hints.append("landlord")  # owns a place where several people are linked
        if kind == "Vehicle":
            hints.append("transporter")
    directorships = [t for _s, t, d in graph.out_edges(node, data=True) if d.get("kind") == "Directorship"]
    if len(set(directorships)) >= 3:
        hints.append("many_directorships")  # a straw man or the accountant of a web of companies
    return sorted(set(hints))


def facilitators(graph: nx.MultiDiGraph, groups: dict[str, int], *, top: int = 15) -> list[Facilitator]:
    """Parties whose links reach two or more communities within two steps (a company they direct, a
    shared phone or address, an account they pay into) — ranked by how many groups they reach, then by
    betweenness — and those whose links suggest a role (hints)."""
    simple = simple_undirected(graph)
    if simple.number_of_nodes() == 0:
        return []
    k = min(300, simple.number_of_nodes())
    betweenness = nx.betweenness_centrality(simple, k=k, seed=42, weight=None)
    found = []
    for node, data in simple.nodes(data=True):
        if data.get("kind") not in PARTY_KINDS:
            continue
        near = nx.single_source_shortest_path_length(simple, node, cutoff=2)
        reached = {groups.get(other) for other in near if other != node} - {None}
        hints = _hints(graph, node)
        if len(reached) >= 2 or hints:
            found.append(Facilitator(node, len(reached), round(betweenness.get(node, 0.0), 4), hints))
    ranked = sorted(found, key=lambda f: (-f.communities, -f.betweenness, f.node))
    return ranked[:top] + [f for f in ranked[top:] if f.hints]  # a role hint is always worth a look


def expand(graph: nx.MultiDiGraph, node: str, hops: int) -> set[str]:
    """The nodes within ``hops`` links of ``node`` (in either direction)."""
    if node not in graph:
        return set()
    lengths = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), node, cutoff=hops)
    return set(lengths)


def shortest_path(graph: nx.MultiDiGraph, source: str, target: str) -> list[str]:
    try:
        return list(nx.shortest_path(graph.to_undirected(as_view=True), source, target))
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []


def time_ordered_path(graph: nx.MultiDiGraph, source: str, target: str) -> list[tuple[str, str, str, str]]:
    """The earliest-arriving path using dated links (payments in their direction, calls either way), each
    no earlier than the one before; ``[(from, to, kind, date), …]`` or ``[]``."""
    if source not in graph or target not in graph:
        return []
    steps: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for a, b, data in graph.edges(data=True):
        if not data.get("date"):
            continue
        steps[a].append((b, data["kind"], data["date"]))
        if data.get("kind") == "Call":
            steps[b].append((a, data["kind"], data["date"]))
    arrival: dict[str, str] = {source: ""}
    previous: dict[str, tuple[str, str, str]] = {}
    frontier = [source]
    while frontier:
        frontier.sort(key=lambda n: arrival[n])
        node = frontier.pop(0)
        for neighbour, kind, date in steps[node]:
            if date >= arrival[node] and (neighbour not in arrival or date < arrival[neighbour]):
                arrival[neighbour] = date
                previous[neighbour] = (node, kind, date)
                frontier.append(neighbour)
    if target not in previous:
        return []
    path, node = [], target
    while node != source:
        before, kind, date = previous[node]
        path.append((before, node, kind, date))
        node = before
    return list(reversed(path))


def kinds_of(graph: nx.MultiDiGraph, nodes) -> Counter:
    return Counter(graph.nodes[n].get("kind", "") for n in nodes)
