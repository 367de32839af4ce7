"""The directive's three patterns as detection rules (issue 9 §3; action point P4), in pure functions over
events, so that each can be tested and explained without the database.

1. **One adult accompanying several unrelated minors** within the period. Not counted: children of whom
   the adult is a registered parent or guardian (the adult's pseudonym is among the child's parents'),
   brothers and sisters (children who share a parent count as one family), and trips declared as such by a
   school or an organiser, with their reference.
2. **Repeated loss declarations** for one child within the period (a "lost" document may travel with
   another child who looks alike).
3. **Many unrelated minors at one address** requesting documents within the period (families, not
   children, are counted: one large family is not a pattern).

The defaults (``DEFAULTS``) are a starting point for the coordination cell [verify with the FPS Home Affairs
directive]; the cell changes them on the rules page, and every change is audited.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import DECLARED_GROUP_PURPOSES, DocumentKind, RuleKey

# key: (window_days, threshold)
DEFAULTS: dict[str, tuple[int, int]] = {
    RuleKey.SAME_ADULT: (90, 3),
    RuleKey.REPEATED_LOSS: (365, 2),
    RuleKey.ONE_ADDRESS: (180, 4),
}


@dataclass(frozen=True)
class EventFacts:
    """What a rule needs of an event (a row of ``TravelDocumentEvent``, or a generated one in tests)."""

    id: int
    kind: str
    occurred_on: datetime.date
    child_ref: str
    parent_refs: tuple[str, ...]
    address_ref: str
    adult_ref: str
    purpose: str
    purpose_reference: str


@dataclass(frozen=True)
class Finding:
    rule: str
    subject_ref: str
    count: int  # families (rules 1 and 3) or declarations (rule 2)
    children: int
    event_ids: tuple[int, ...]


def families(events: Iterable[EventFacts]) -> list[set[str]]:
    """The children of ``events`` grouped into families: two children are of one family when they share a
    registered parent (union-find over the parents' pseudonyms)."""
    parent_of: dict[str, str] = {}

    def find(key: str) -> str:
        while parent_of.setdefault(key, key) != key:
            parent_of[key] = parent_of[parent_of[key]]
            key = parent_of[key]
        return key

    children: dict[str, set[str]] = {}
    for event in events:
        node = f"child:{event.child_ref}"
        find(node)
        for parent in event.parent_refs:
            parent_of[find(node)] = find(f"parent:{parent}")
    for node in [key for key in parent_of if key.startswith("child:")]:
        children.setdefault(find(node), set()).add(node.removeprefix("child:"))
    return list(children.values())


def accompanied_unrelated(events: Sequence[EventFacts], adult_ref: str) -> list[EventFacts]:
    return [
        event
        for event in events
        if event.adult_ref == adult_ref
        and adult_ref not in event.parent_refs
        and not (event.purpose in DECLARED_GROUP_PURPOSES and event.purpose_reference)
    ]


def same_adult(events: Sequence[EventFacts], adult_ref: str, threshold: int) -> Finding | None:
    relevant = accompanied_unrelated(events, adult_ref)
    groups = families(relevant)
    if len(groups) < threshold:
        return None
    return Finding(
        RuleKey.SAME_ADULT,
        adult_ref,
        len(groups),
        sum(len(group) for group in groups),
        tuple(event.id for event in relevant),
    )


def repeated_loss(events: Sequence[EventFacts], child_ref: str, threshold: int) -> Finding | None:
    losses = [e for e in events if e.child_ref == child_ref and e.kind == DocumentKind.LOSS_DECLARATION]
    if len(losses) < threshold:
        return None
    return Finding(RuleKey.REPEATED_LOSS, child_ref, len(losses), 1, tuple(event.id for event in losses))


def one_address(events: Sequence[EventFacts], address_ref: str, threshold: int) -> Finding | None:
    relevant = [event for event in events if event.address_ref == address_ref]
    groups = families(relevant)
    if len(groups) < threshold:
        return None
    return Finding(
        RuleKey.ONE_ADDRESS,
        address_ref,
        len(groups),
        sum(len(group) for group in groups),
        tuple(event.id for event in relevant),
    )


def explain(rule: str, *, count: int, children: int, window_days: int, threshold: int) -> str:
    """The alert in words, for the clerk and for the partners who receive it (issue 9 §3: "explained")."""
    values = {"count": count, "children": children, "days": window_days, "threshold": threshold}
    if rule == RuleKey.SAME_ADULT:
        text = _(
            "The same adult accompanied %(children)s minors of %(count)s different families within "
            "%(days)s days (the rule alerts from %(threshold)s families). Not counted: children of whom "
            "the adult is a registered parent or guardian, brothers and sisters (one family), and trips "
            "declared as such by a school or an organiser."
        )
    elif rule == RuleKey.REPEATED_LOSS:
        text = _(
            "%(count)s declarations of loss or theft of a travel document for the same child within "
            "%(days)s days (the rule alerts from %(threshold)s)."
        )
    else:
        text = _(
            "%(children)s minors of %(count)s different families registered at the same address "
            "requested travel documents within %(days)s days (the rule alerts from %(threshold)s families)."
        )
    return text % values
