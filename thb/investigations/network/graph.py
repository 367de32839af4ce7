"""The link graph of one or more investigations (issue 8 §3: "a link graph per investigation (and across
shared ones) with value nodes for shared phones, addresses, IBANs and vehicles").

Nodes are the followthemoney "things" (people, companies, accounts, vehicles, real estate, addresses,
online accounts) and **value nodes** for the phones, e-mails and addresses they hold: two people who never
appear in one record but share a phone number are two steps apart. Entities confirmed as the same by
matching (``canonical_id``) are one node. Edges are FtM's edge entities (payments, ownership, directorship,
family, associates, employment) from source to target, calls between the parties or their numbers, and the
entity properties of things (a vehicle's owner, an address entity). A payment edge weighs its amount;
every other edge weighs 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
from followthemoney import model
from followthemoney.schema import Schema

from ..models import Entity
from ..normalise import address_key

VALUE_PROPS = {"phone": "phone", "email": "email"}
PAYMENT_ENDS = (("payer", "payerAccount"), ("beneficiary", "beneficiaryAccount"))


@dataclass(frozen=True)
class NodeInfo:
    key: str
    kind: str  # an FtM schema name, or "phone" / "email" / "address" for value nodes
    label: str


def _amount(entity: Entity) -> float:
    for value in entity.properties.get("amountEur") or entity.properties.get("amount") or []:
        try:
            return abs(float(value))
        except ValueError:
            continue
    return 0.0


def _date(entity: Entity) -> str:
    for prop in ("date", "startDate", "createdAt", "registrationDate"):
        values = entity.properties.get(prop)
        if values:
            return str(min(values))[:19]
    return ""


class GraphBuilder:
    """Build a ``networkx.MultiDiGraph`` from entities; node keys are FtM ids (or canonical ids) and
    ``phone:…``, ``email:…``, ``address:…`` for values."""

    def __init__(self) -> None:
        self.graph = nx.MultiDiGraph()
        self.key_of: dict[str, str] = {}  # entity id → node key
        self.address_nodes: dict[str, str] = {}  # address key → node key

    def _add_node(self, key: str, kind: str, label: str, **attrs: object) -> str:
        if key not in self.graph:
            self.graph.add_node(key, kind=kind, label=label[:120], **attrs)
        return key

    def _value_node(self, kind: str, value: str) -> str:
        if kind == "address":
            akey = address_key(value)
            existing = self.address_nodes.get(akey)
            if existing:
                return existing
            key = self._add_node(f"address:{akey}", "address", value)
            self.address_nodes[akey] = key
            return key
        return self._add_node(f"{kind}:{value}", kind, value)

    def _edge(
        self, source: str | None, target: str | None, kind: str, entity: Entity | None, weight=1.0, **attrs
    ):
        if source and target and source != target and source in self.graph and target in self.graph:
            self.graph.add_edge(
                source,
                target,
                kind=kind,
                weight=float(weight) or 1.0,
                amount=_amount(entity) if entity is not None and kind == "Payment" else 0.0,
                date=_date(entity) if entity is not None else "",
                entity_id=entity.entity_id if entity is not None else "",
                **attrs,
            )

    def add_things(self, entities: Iterable[Entity]) -> None:
        for entity in entities:
            key = entity.canonical_id or entity.entity_id
            self.key_of[entity.entity_id] = key
            self._add_node(
                key,
                entity.schema,
                entity.caption or entity.entity_id,
                entity_id=entity.entity_id,
                investigation=entity.investigation_id,
                properties=entity.properties,
            )
            if entity.schema == "Address":
                for full in entity.properties.get("full", []):
                    self.address_nodes.setdefault(address_key(full), key)

    def add_values_and_references(self, entities: Iterable[Entity]) -> None:
        for entity in entities:
            key = self.key_of[entity.entity_id]
            for value_prop, kind in VALUE_PROPS.items():
                for value in entity.properties.get(value_prop, []):
                    self._edge(key, self._value_node(kind, value), value_prop, None)
            if entity.schema != "Address":
                for value in entity.properties.get("address", []):
                    self._edge(key, self._value_node("address", value), "address", None)
            schema = model.get(entity.schema)
            for prop_name, values in entity.properties.items():
                prop = schema.get(prop_name) if schema else None
                if prop is None or prop.type.name != "entity":
                    continue
                for value in values:
                    self._edge(key, self.key_of.get(value), prop_name, None)

    def _ends(self, entity: Entity, schema: Schema) -> tuple[str | None, str | None]:
        props = entity.properties
        if entity.schema == "Payment":
            ends = []
            for party, account in PAYMENT_ENDS:
                ref = (props.get(party) or props.get(account) or [None])[0]
                ends.append(self.key_of.get(ref) if ref else None)
            return ends[0], ends[1]
        if entity.schema == "Call":
            ends = []
            for party, number in (("caller", "callerNumber"), ("receiver", "receiverNumber")):
                ref = (props.get(party) or [None])[0]
                if ref and ref in self.key_of:
                    ends.append(self.key_of[ref])
                elif props.get(number):
                    ends.append(self._value_node("phone", props[number][0]))
                else:
                    ends.append(None)
            return ends[0], ends[1]
        source = (props.get(schema.edge_source or "") or [None])[0]
        target = (props.get(schema.edge_target or "") or [None])[0]
        return self.key_of.get(source or ""), self.key_of.get(target or "")

    def add_events(self, entities: Iterable[Entity]) -> None:
        for entity in entities:
            schema = model.get(entity.schema)
            if schema is None:
                continue
            source, target = self._ends(entity, schema)
            weight = _amount(entity) if entity.schema == "Payment" else 1.0
            self._edge(source, target, entity.schema, entity, weight=weight or 1.0)


def is_event(schema_name: str) -> bool:
    schema = model.get(schema_name)
    return bool(schema and (schema.edge or schema_name == "Call"))


def build_graph(entities: Iterable[Entity]) -> nx.MultiDiGraph:
    entities = list(entities)
    things = [e for e in entities if not is_event(e.schema)]
    events = [e for e in entities if is_event(e.schema)]
    builder = GraphBuilder()
    builder.add_things(things)
    builder.add_values_and_references(things)
    builder.add_events(events)
    return builder.graph


def simple_undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """One undirected edge per pair of nodes, weighing the sum of the parallel edges."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for source, target, data in graph.edges(data=True):
        weight = data.get("weight", 1.0)
        if simple.has_edge(source, target):
            simple[source][target]["weight"] += weight
            simple[source][target]["count"] += 1
        else:
            simple.add_edge(source, target, weight=weight, count=1)
    return simple
