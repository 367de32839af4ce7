"""The network of an investigation (issue 8 §3): its groups, facilitators, cycles of money, supra-local and
international links; paths between two entities (shortest and time-ordered); the interactive link chart
(its data as JSON, filtered by type and date, expanded N hops around an entity) with its timeline; exports.

Everything is computed from the entities the user may read: this investigation, or with ``across=1`` every
investigation they may read, joined where matching confirmed the same entity."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thb.core.audit import record_change
from thb.core.models import JudicialDistrict

from .models import Investigation
from .network import exports
from .network.analysis import communities, expand, shortest_path, time_ordered_path
from .network.graph import build_graph, simple_undirected
from .network.summary import summarise
from .selectors import investigations_visible_to, network_entities
from .views import investigation_of, require_reader, schema_label

MAX_CHART_NODES = 1500
HINTS = {
    "money_mule": gettext_lazy("collects from several payers and passes most of it on (money mule?)"),
    "landlord": gettext_lazy("owns a place linked to several people (landlord?)"),
    "transporter": gettext_lazy("holds a vehicle (transporter?)"),
    "many_directorships": gettext_lazy("director of three or more companies (straw man or accountant?)"),
}
EXPORTS = {
    "ftm": ("application/x-ndjson", "ftm.json"),
    "gexf": ("application/gexf+xml", "gexf"),
    "cypher": ("text/plain; charset=utf-8", "cypher"),
    "csv": ("text/csv; charset=utf-8", "links.csv"),
    "svg": ("image/svg+xml", "svg"),
}


def _scope(request: HttpRequest, investigation_uuid: str):
    user = require_reader(request)
    investigation = investigation_of(user, investigation_uuid)
    across = request.GET.get("across") == "1"
    entities = network_entities(user=user, investigation=investigation, across=across)
    return user, investigation, across, list(entities.select_related("investigation"))


def _labeller(graph):
    def label(node: str) -> str:
        data = graph.nodes[node] if node in graph else {}
        return f"{data.get('label', node)} ({schema_label(data.get('kind', '')) if data.get('kind') else ''})"

    return label


@login_required
def network_page(request: HttpRequest, investigation_uuid: str) -> HttpResponse:
    _user, investigation, across, entities = _scope(request, investigation_uuid)
    graph = build_graph(entities)
    summary = summarise(graph)
    label = _labeller(graph)
    source, target = request.GET.get("from", ""), request.GET.get("to", "")
    paths = None
    if source and target:
        paths = {
            "shortest": [label(n) for n in shortest_path(graph, source, target)],
            "timed": [
                (label(a), label(b), schema_label(kind), date)
                for a, b, kind, date in time_ordered_path(graph, source, target)
            ],
        }
    parties = sorted(
        (
            (node, label(node))
            for node, data in graph.nodes(data=True)
            if data.get("kind") not in ("phone", "email", "address")
        ),
        key=lambda item: item[1].casefold(),
    )
    districts = {d.code: d.name for d in JudicialDistrict.objects.all()}
    return render(
        request,
        "investigations/network.html",
        {
            "investigation": investigation,
            "across": across,
            "summary": summary,
            "districts": sorted(districts.get(code, code) for code in summary.places.districts),
            "groups": [
                {
                    "group": group,
                    "members": [label(n) for n in group.members],
                    "districts": sorted(districts.get(code, code) for code in group.places.districts),
                    "kinds": [(schema_label(k), n) for k, n in group.kinds.most_common() if k],
                }
                for group in summary.groups
            ],
            "facilitators": [
                {
                    "label": label(f.node),
                    "communities": f.communities,
                    "betweenness": f.betweenness,
                    "hints": [HINTS[h] for h in f.hints],
                }
                for f in summary.facilitators
            ],
            "cycles": [([label(n) for n in c.nodes], c) for c in summary.cycles],
            "most_connected": [(label(n), weight) for n, weight in summary.most_connected],
            "parties": parties,
            "source": source,
            "target": target,
            "paths": paths,
            "kinds": sorted({(k, schema_label(k)) for _n, k in graph.nodes(data="kind") if k}),
            "link_kinds": sorted(
                {(k, schema_label(k)) for _a, _b, k in graph.edges(data="kind") if k and k[0].isupper()}
            ),
            "links": request.GET.get("links", ""),
            "data_url": reverse("investigations:network-data", args=[investigation.uuid]),
        },
    )


def _urls(investigation: Investigation, across: bool, user) -> dict[int, str]:
    if not across:
        return {investigation.pk: str(investigation.uuid)}
    return {i.pk: str(i.uuid) for i in investigations_visible_to(user=user)}


@login_required
def network_data(request: HttpRequest, investigation_uuid: str) -> JsonResponse:
    """Cytoscape elements and the timeline. Filters: ``kinds`` (node types, comma-separated), ``links``
    (link types: ``Payment`` draws the money flows), ``from`` and ``to`` (dates of links), ``focus`` and
    ``hops`` (the neighbourhood of one node)."""
    user, investigation, across, entities = _scope(request, investigation_uuid)
    graph = build_graph(entities)
    summary_groups = (
        communities(simple_undirected(graph)) if graph.number_of_nodes() <= MAX_CHART_NODES * 4 else {}
    )
    kinds = {k for k in request.GET.get("kinds", "").split(",") if k}
    date_from, date_to = request.GET.get("from", ""), request.GET.get("to", "")
    focus = request.GET.get("focus", "")
    try:
        hops = max(1, min(int(request.GET.get("hops", "2")), 6))
    except ValueError:
        hops = 2
    keep = set(graph.nodes)
    wanted = {k for k in request.GET.get("links", "").split(",") if k}
    if wanted:  # e.g. the money-flow chart: payments only, and who took part in them
        keep = {n for a, b, data in graph.edges(data=True) if data.get("kind") in wanted for n in (a, b)}
    if focus:
        keep = expand(graph, focus, hops)
    if kinds:
        keep = {n for n in keep if graph.nodes[n].get("kind") in kinds}
    edges = [
        (a, b, data)
        for a, b, data in graph.edges(data=True)
        if a in keep
        and b in keep
        and (not wanted or data.get("kind") in wanted)
        and (not date_from or not data.get("date") or data["date"][:10] >= date_from)
        and (not date_to or not data.get("date") or data["date"][:10] <= date_to)
    ]
    if len(keep) > MAX_CHART_NODES:
        return JsonResponse(
            {
                "error": "too_large",
                "message": _("The network has %(n)s nodes: choose types, dates or an entity to focus on.")
                % {"n": len(keep)},
            },
            status=422,
        )
    urls = _urls(investigation, across, user)
    nodes = []
    for node in sorted(keep):
        data = graph.nodes[node]
        url = ""
        if data.get("entity_id") and data.get("investigation") in urls:
            url = reverse("investigations:entity", args=[urls[data["investigation"]], data["entity_id"]])
        nodes.append(
            {
                "data": {
                    "id": node,
                    "label": data.get("label", node),
                    "kind": data.get("kind", ""),
                    "type": schema_label(data.get("kind", "")),
                    "group": summary_groups.get(node, -1),
                    "url": url,
                }
            }
        )
    links = [
        {
            "data": {
                "id": f"l{i}",
                "source": a,
                "target": b,
                "kind": data.get("kind", ""),
                "type": schema_label(data.get("kind", "")),
                "date": data.get("date", ""),
                "amount": data.get("amount", 0.0),
            }
        }
        for i, (a, b, data) in enumerate(edges)
    ]
    timeline = sorted(
        (
            {
                "date": data["date"],
                "type": schema_label(data.get("kind", "")),
                "source": graph.nodes[a].get("label", a),
                "target": graph.nodes[b].get("label", b),
                "amount": data.get("amount", 0.0),
            }
            for a, b, data in edges
            if data.get("date")
        ),
        key=lambda item: item["date"],
    )
    return JsonResponse({"nodes": nodes, "edges": links, "timeline": timeline[:2000]})


@login_required
def network_export(request: HttpRequest, investigation_uuid: str, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404()
    user, investigation, across, entities = _scope(request, investigation_uuid)
    if fmt == "ftm":
        body = exports.ftm_lines(entities)
    elif fmt == "gexf":
        body = exports.gexf(entities)
    elif fmt == "cypher":
        body = exports.cypher(entities)
    else:
        graph = build_graph(entities)
        body = (
            exports.links_csv(graph)
            if fmt == "csv"
            else exports.svg(graph, communities(simple_undirected(graph)))
        )
    record_change(
        actor=user,
        action="investigations.export",
        obj=investigation,
        changes={"format": fmt, "entities": len(entities), "across": across},
    )
    content_type, extension = EXPORTS[fmt]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{investigation.reference}.{extension}"'
    return response
