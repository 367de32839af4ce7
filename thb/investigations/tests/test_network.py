"""The network of the generated investigation (scenario.py; issue 8 §3): groups, facilitators, cycles of
money, supra-local and international links, paths, the chart's data and the exports."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from thb.core.models import AuditEvent
from thb.core.tests.access_matrix import client_with_second_factor
from thb.investigations.models import Entity
from thb.investigations.network.analysis import expand, shortest_path, time_ordered_path
from thb.investigations.network.graph import build_graph
from thb.investigations.network.summary import summarise
from thb.investigations.scenario import FILES, import_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(investigation, investigator):
    assert import_scenario(investigation=investigation, actor=investigator) == len(FILES)
    return investigation


@pytest.fixture
def graph(loaded):
    return build_graph(loaded.entities.all())


def _node(graph, label, kind=None):
    found = [
        n
        for n, d in graph.nodes(data=True)
        if d.get("label") == label and (kind is None or d["kind"] == kind)
    ]
    assert found, label
    return found[0]


def test_importing_again_skips_what_is_there(loaded, investigator):
    assert import_scenario(investigation=loaded, actor=investigator) == 0


def test_value_nodes_join_records_that_share_a_phone_or_an_address(graph):
    phone = "phone:+32470111002"
    kinds = {graph.nodes[n]["kind"] for n in graph.to_undirected().neighbors(phone)}
    assert {"Person", "UserAccount", "phone"} & kinds >= {
        "Person",
        "UserAccount",
    }  # the recruiter and his ads
    house = _node(graph, "House, Rue Haute 5", "RealEstate")
    assert "Jean Lambert" in {graph.nodes[n]["label"] for n in graph.to_undirected().neighbors(house)}


def test_the_summary_finds_two_groups_and_what_joins_them(graph):
    """Before matching, one person may be several nodes (a bank's payer, a register's director): what is
    said of any of them counts."""
    summary = summarise(graph)
    assert len(summary.groups) >= 2
    hints, reach = {}, {}
    for found in summary.facilitators:
        label = graph.nodes[found.node]["label"]
        hints.setdefault(label, set()).update(found.hints)
        reach[label] = max(reach.get(label, 0), found.communities)
    assert "many_directorships" in hints["Marc Dubois"]
    assert "landlord" in hints["Jean Lambert"]
    assert "transporter" in hints["Vasile Rusu"]
    assert reach["Marc Dubois"] >= 2  # the accountant of both rings


def test_money_going_round_is_a_cycle(graph):
    cycles = summarise(graph).cycles
    labelled = [{graph.nodes[n]["label"] for n in cycle.nodes} for cycle in cycles]
    assert {"Scaffold Build SRL", "Ion Popescu", "Vasile Rusu"} in labelled
    cycle = cycles[labelled.index({"Scaffold Build SRL", "Ion Popescu", "Vasile Rusu"})]
    assert sorted(cycle.amounts) == [3500.0, 4000.0, 9900.0]
    assert (cycle.first_date, cycle.last_date) == ("2026-01-03", "2026-01-07")


def test_supra_local_and_international_links(graph):
    places = summarise(graph).places
    assert places.supra_local and {"brussels", "liege", "antwerpen"} <= places.districts
    assert places.international and {"ro", "md"} <= places.countries


def test_paths_shortest_time_ordered_and_expansion(graph):
    # Ion of the call records (with his phone); the register's Ion is another node until matched.
    ion = next(
        n
        for n, d in graph.nodes(data=True)
        if d.get("label") == "Ion Popescu" and d["kind"] == "Person" and d["properties"].get("phone")
    )
    worker = _node(graph, "Gheorghe Lungu", "Person")
    assert shortest_path(graph, ion, worker)[0] == ion and shortest_path(graph, ion, worker)[-1] == worker
    caller = next(
        a
        for a, _b, data in graph.edges(data=True)
        if data["kind"] == "Call" and graph.nodes[a]["label"] == "Ion Popescu"
    )
    steps = time_ordered_path(graph, caller, "phone:+32470333001")
    assert [(graph.nodes[b]["label"], kind, date) for _a, b, kind, date in steps] == [
        ("Vasile Rusu", "Call", "2026-01-04T07:02:11"),
        ("+32470333001", "Call", "2026-01-04T07:15:40"),
    ]
    # Back in time it does not go: the worker was called after Ion had spoken to Vasile.
    assert time_ordered_path(graph, "phone:+32470333001", caller) == []
    assert worker in expand(graph, "phone:+32470333001", 1) or "phone:+32470333001" in expand(
        graph, worker, 1
    )


def test_the_pages_chart_data_and_exports(loaded, investigator):
    client = client_with_second_factor(investigator)
    page = client.get(reverse("investigations:network", args=[loaded.uuid])).content.decode()
    assert "Marc Dubois" in page and "Supra-local:" in page and "International:" in page
    data = client.get(reverse("investigations:network-data", args=[loaded.uuid])).json()
    assert (
        len(data["nodes"]) > 20
        and data["edges"]
        and data["timeline"][0]["date"] <= data["timeline"][-1]["date"]
    )
    money = client.get(
        reverse("investigations:network-data", args=[loaded.uuid]), {"links": "Payment"}
    ).json()
    assert money["edges"] and {e["data"]["kind"] for e in money["edges"]} == {"Payment"}
    assert {n["data"]["kind"] for n in money["nodes"]} <= {"LegalEntity", "Person", "BankAccount", "Company"}
    only_people = client.get(
        reverse("investigations:network-data", args=[loaded.uuid]), {"kinds": "Person"}
    ).json()
    assert {n["data"]["kind"] for n in only_people["nodes"]} == {"Person"}
    january = client.get(
        reverse("investigations:network-data", args=[loaded.uuid]), {"from": "2026-01-10", "to": "2026-01-31"}
    ).json()
    assert all(
        "2026-01-10" <= e["data"]["date"][:10] <= "2026-01-31" for e in january["edges"] if e["data"]["date"]
    )
    focus = client.get(
        reverse("investigations:network-data", args=[loaded.uuid]),
        {"focus": "phone:+32470111002", "hops": "1"},
    ).json()
    assert 1 < len(focus["nodes"]) < len(data["nodes"])

    def export(fmt):
        response = client.get(reverse("investigations:export", args=[loaded.uuid, fmt]))
        assert response.status_code == 200 and f"{loaded.reference}." in response["Content-Disposition"]
        return response.content.decode()

    lines = export("ftm").splitlines()
    assert len(lines) == Entity.objects.filter(investigation=loaded).count()
    assert {json.loads(line)["schema"] for line in lines} >= {"Person", "Payment", "Call", "Company"}
    assert ElementTree.fromstring(export("gexf").encode()).tag.endswith("gexf")
    assert "MERGE (p { id: " in export("cypher")
    assert export("csv").startswith("source,source_type,target,target_type,link,date,amount")
    assert ElementTree.fromstring(export("svg").encode()).tag.endswith("svg")
    assert AuditEvent.objects.filter(action="investigations.export", object_uuid=loaded.uuid).count() == 5


def test_the_demo_investigation_is_loaded_once(demo_directory):
    from thb.investigations.demo import TITLE, load_demo_investigation
    from thb.investigations.models import Investigation

    assert "7 generated file(s) imported" in load_demo_investigation()
    assert "0 generated file(s) imported" in load_demo_investigation()
    investigation = Investigation.objects.get(title=TITLE)
    assert investigation.organisation.slug == "fjp-thb-brussels" and investigation.imports.count() == 7
