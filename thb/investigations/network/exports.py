"""Exports of an investigation's network (issue 8 §3): FtM JSON lines (back to Aleph), GEXF (Gephi) and
Cypher (Neo4j) through followthemoney's own exporters — phones, e-mails, addresses and IBANs as value nodes —
a CSV of the links, and an SVG drawing. (PNG comes from the link chart in the browser.)

Every export is audited by the view: it takes personal data out of the platform."""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
from collections.abc import Iterable

import networkx as nx
from followthemoney.export.graph import NXGraphExporter
from followthemoney.export.neo4j import CypherGraphExporter
from followthemoney.proxy import EntityProxy

from ..models import Entity
from ..store import proxy_of

VALUE_EDGE_TYPES = ("entity", "phone", "email", "address", "identifier")
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f"]


def _proxies(entities: Iterable[Entity]) -> Iterable[EntityProxy]:
    for entity in entities:
        yield proxy_of(entity)


def ftm_lines(entities: Iterable[Entity]) -> str:
    return "".join(
        json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n" for proxy in _proxies(entities)
    )


def _graph_export(exporter_class, entities: Iterable[Entity]) -> str:
    handle = io.StringIO()
    exporter = exporter_class(handle, edge_types=VALUE_EDGE_TYPES)
    for proxy in _proxies(entities):
        exporter.write(proxy)
    # FtM's GEXF exporter closes CSV handles it does not have, after it has written everything.
    with contextlib.suppress(AttributeError):
        exporter.finalize()
    return handle.getvalue()


def gexf(entities: Iterable[Entity]) -> str:
    return _graph_export(NXGraphExporter, entities)


def cypher(entities: Iterable[Entity]) -> str:
    return _graph_export(CypherGraphExporter, entities)


def links_csv(graph: nx.MultiDiGraph) -> str:
    handle = io.StringIO()
    writer = csv.writer(handle)
    writer.writerow(["source", "source_type", "target", "target_type", "link", "date", "amount"])
    for source, target, data in graph.edges(data=True):
        writer.writerow(
            [
                graph.nodes[source].get("label", source),
                graph.nodes[source].get("kind", ""),
                graph.nodes[target].get("label", target),
                graph.nodes[target].get("kind", ""),
                data.get("kind", ""),
                data.get("date", ""),
                data.get("amount") or "",
            ]
        )
    return handle.getvalue()


def svg(graph: nx.MultiDiGraph, membership: dict[str, int], *, size: int = 1200) -> str:
    """A force-directed drawing (seeded: the same network draws the same way), nodes coloured by group."""
    simple = nx.Graph(graph.to_undirected())
    positions = nx.spring_layout(simple, seed=42) if simple.number_of_nodes() else {}
    margin = 60

    def place(node: str) -> tuple[float, float]:
        x, y = positions[node]
        return margin + (x + 1) / 2 * (size - 2 * margin), margin + (y + 1) / 2 * (size - 2 * margin)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}" '
        'font-family="DejaVu Sans, sans-serif" font-size="11">',
        f'<rect width="{size}" height="{size}" fill="white"/>',
    ]
    for source, target in simple.edges():
        (x1, y1), (x2, y2) = place(source), place(target)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#999" stroke-width="1"/>'
        )
    for node, data in simple.nodes(data=True):
        x, y = place(node)
        colour = PALETTE[membership.get(node, 0) % len(PALETTE)]
        label = html.escape(str(data.get("label", node))[:40])
        kind = html.escape(str(data.get("kind", "")))
        radius = 4 if kind in ("phone", "email", "address") else 7
        parts.append(
            f"<g><title>{kind}: {label}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{colour}"/>'
            f'<text x="{x + 9:.1f}" y="{y + 4:.1f}">{label}</text></g>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
