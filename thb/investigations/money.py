"""Money flows of an investigation (issue 8 §4): payments aggregated by party, account, country and month;
**structuring** — many transfers kept just under the reporting threshold to the same beneficiary abroad —
and **round trips** — money that comes back to where it left.

The threshold is the one above which a money remitter must identify an occasional customer sending funds:
EUR 1,000 (Belgian anti-money-laundering law of 18 September 2017, art. 21, and Regulation (EU) 2015/847
on transfers of funds), configurable as THB_STRUCTURING_THRESHOLD_EUR. Transfers within THB_STRUCTURING_MARGIN
below it (15 %: 850 to 999.99 euros), at least THB_STRUCTURING_MIN_COUNT of them (3) to one beneficiary
abroad within THB_STRUCTURING_WINDOW_DAYS (30), raise an alert: a signal to look at, not a finding.

Pure functions over entity rows; amounts in a currency other than the euro are counted apart, never
converted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import networkx as nx
from django.conf import settings

from .models import Entity
from .network.analysis import money_cycles
from .store import first_value

ROUND_TRIP_SHARE = 0.3  # a cycle is a round trip when at least this share of the first hop comes back
ROUND_TRIP_DAYS = 90


@dataclass(frozen=True)
class Payment:
    entity_id: str
    day: str  # ISO date or ""
    amount: Decimal
    currency: str
    payer: str  # node key: the party, else the account
    beneficiary: str
    payer_account: str
    beneficiary_account: str
    payer_country: str
    beneficiary_country: str


@dataclass
class Flow:
    source: str
    target: str
    count: int = 0
    total: Decimal = Decimal(0)
    first: str = ""
    last: str = ""

    def add(self, payment: Payment) -> None:
        self.count += 1
        self.total += payment.amount
        if payment.day:
            self.first = min(self.first or payment.day, payment.day)
            self.last = max(self.last, payment.day)


@dataclass(frozen=True)
class StructuringAlert:
    payer: str
    beneficiary: str
    country: str
    payments: tuple[Payment, ...]

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal(0))


@dataclass(frozen=True)
class RoundTrip:
    nodes: tuple[str, ...]  # from the origin, in the order the money went
    sent: float
    returned: float
    first: str
    last: str

    @property
    def share(self) -> float:
        return self.returned / self.sent if self.sent else 0.0


@dataclass
class MoneyFacts:
    payments: list[Payment]
    labels: dict[str, str]
    by_party: list[Flow] = field(default_factory=list)
    by_account: list[Flow] = field(default_factory=list)
    by_country: list[Flow] = field(default_factory=list)
    by_month: list[tuple[str, Decimal, int]] = field(default_factory=list)
    other_currencies: Counter = field(default_factory=Counter)
    structuring: list[StructuringAlert] = field(default_factory=list)
    round_trips: list[RoundTrip] = field(default_factory=list)

    @property
    def total_eur(self) -> Decimal:
        return sum((p.amount for p in self.payments if p.currency == "EUR"), Decimal(0))


def _amount(properties: dict) -> Decimal | None:
    raw = first_value(properties, "amountEur", "amount")
    try:
        return abs(Decimal(raw)) if raw else None
    except InvalidOperation:
        return None


def payments_of(entities: list[Entity]) -> tuple[list[Payment], dict[str, str]]:
    by_id = {e.entity_id: e for e in entities}
    labels = {e.entity_id: e.caption or e.entity_id for e in entities}

    def country(entity_id: str) -> str:
        entity = by_id.get(entity_id)
        return first_value(entity.properties, "country", "nationality", "jurisdiction") if entity else ""

    payments = []
    for entity in entities:
        if entity.schema != "Payment":
            continue
        props = entity.properties
        amount = _amount(props)
        if amount is None:
            continue
        payer_account, beneficiary_account = (
            first_value(props, "payerAccount"),
            first_value(props, "beneficiaryAccount"),
        )
        payer = first_value(props, "payer") or payer_account
        beneficiary = first_value(props, "beneficiary") or beneficiary_account
        if not payer or not beneficiary:
            continue
        payments.append(
            Payment(
                entity_id=entity.entity_id,
                day=first_value(props, "date", "startDate")[:10],
                amount=amount,
                currency=(first_value(props, "currency") or "EUR").upper(),
                payer=payer,
                beneficiary=beneficiary,
                payer_account=payer_account,
                beneficiary_account=beneficiary_account,
                payer_country=country(payer) or country(payer_account),
                beneficiary_country=country(beneficiary) or country(beneficiary_account),
            )
        )
    return sorted(payments, key=lambda p: (p.day, p.entity_id)), labels


def _aggregate(payments: list[Payment], key) -> list[Flow]:
    flows: dict[tuple[str, str], Flow] = {}
    for payment in payments:
        source, target = key(payment)
        if not source or not target:
            continue
        flows.setdefault((source, target), Flow(source, target)).add(payment)
    return sorted(flows.values(), key=lambda f: (-f.total, f.source, f.target))


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def structuring(payments: list[Payment]) -> list[StructuringAlert]:
    threshold = Decimal(str(settings.THB_STRUCTURING_THRESHOLD_EUR))
    floor = threshold * (1 - Decimal(str(settings.THB_STRUCTURING_MARGIN)))
    window, minimum = settings.THB_STRUCTURING_WINDOW_DAYS, settings.THB_STRUCTURING_MIN_COUNT
    series: dict[tuple[str, str], list[Payment]] = defaultdict(list)
    for payment in payments:
        abroad = payment.beneficiary_country not in ("", "be")
        if payment.currency == "EUR" and abroad and floor <= payment.amount < threshold and _day(payment.day):
            series[(payment.payer, payment.beneficiary)].append(payment)
    alerts = []
    for (payer, beneficiary), items in series.items():
        best: list[Payment] = []
        for start, first in enumerate(items):
            begin = _day(first.day)
            run = [p for p in items[start:] if begin and (_day(p.day) - begin).days <= window]  # type: ignore[operator]
            if len(run) > len(best):
                best = run
        if len(best) >= minimum:
            alerts.append(StructuringAlert(payer, beneficiary, best[0].beneficiary_country, tuple(best)))
    return sorted(alerts, key=lambda a: (-len(a.payments), a.payer))


def round_trips(payments: list[Payment]) -> list[RoundTrip]:
    graph = nx.MultiDiGraph()
    for payment in payments:
        graph.add_edge(
            payment.payer, payment.beneficiary, kind="Payment", amount=float(payment.amount), date=payment.day
        )
    trips = []
    for cycle in money_cycles(graph):
        hops = list(zip(cycle.nodes, [*cycle.nodes[1:], cycle.nodes[0]], strict=True))
        dated = []
        for source, target in hops:
            edges = graph.get_edge_data(source, target).values()
            earliest = min(edges, key=lambda d: d.get("date") or "9999")
            dated.append((earliest.get("date") or "", source, target, earliest["amount"]))
        dated.sort()
        start, origin = dated[0], dated[0][1]
        back = [hop for hop in dated if hop[2] == origin]
        if not back or not start[0] or not back[-1][0]:
            continue
        first_day, last_day = _day(start[0]), _day(back[-1][0])
        if first_day is None or last_day is None or (last_day - first_day).days > ROUND_TRIP_DAYS:
            continue
        order = [origin]
        for _day_value, _source, target, _amount in dated:
            if target != origin and target not in order:
                order.append(target)
        trip = RoundTrip(tuple(order), start[3], back[-1][3], start[0], back[-1][0])
        if trip.share >= ROUND_TRIP_SHARE:
            trips.append(trip)
    return trips


def money_facts(entities: list[Entity]) -> MoneyFacts:
    payments, labels = payments_of(entities)
    euros = [p for p in payments if p.currency == "EUR"]
    months: dict[str, list[Payment]] = defaultdict(list)
    for payment in euros:
        if payment.day:
            months[payment.day[:7]].append(payment)
    return MoneyFacts(
        payments=payments,
        labels=labels,
        by_party=_aggregate(euros, lambda p: (p.payer, p.beneficiary)),
        by_account=_aggregate(euros, lambda p: (p.payer_account, p.beneficiary_account)),
        by_country=_aggregate(euros, lambda p: (p.payer_country or "?", p.beneficiary_country or "?")),
        by_month=[(m, sum((p.amount for p in ps), Decimal(0)), len(ps)) for m, ps in sorted(months.items())],
        other_currencies=Counter(p.currency for p in payments if p.currency != "EUR"),
        structuring=structuring(payments),
        round_trips=round_trips(euros),
    )
