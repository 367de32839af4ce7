"""Conditions of procedure rules over the facts (issue 4 §1), compiled once into plain Python predicates so
that evaluating a procedure costs a few microseconds per contact.

Grammar (documented for coordinators in docs/dispatch.md)::

    when:                      # every entry must hold (AND); an empty mapping always holds
      immediate_danger: true   # a yes/no fact: equals (unknown matches neither true nor false)
      signal_type: [tip, crisis]          # a one-value fact: one of
      exploitation: labour                # a list fact: contains
      exploitation: [labour, begging]     # a list fact: contains one of
      exploitation: {all_of: [labour, sexual]}
      minor_involved: {not: true}         # the opposite: false or unknown
      consent_to_police: {known: false}   # nobody recorded it
      any: [{...}, {...}]                 # one of several conditions (OR)
      all: [{...}, {...}]
      not: {...}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .facts import FACT_VALUES, LIST_FACTS
from .yamlsource import Path

Predicate = Callable[[Mapping[str, Any]], bool]
COMBINATORS = ("any", "all", "not")


class ConditionError(Exception):
    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(message)


def _check_value(fact: str, value: Any, path: Path) -> Any:
    allowed = FACT_VALUES[fact]
    if isinstance(value, bool) != (allowed == (True, False)):
        kind = "true or false" if allowed == (True, False) else "a value, not true/false"
        raise ConditionError(path, f"{fact} takes {kind}")
    if allowed is not None and value not in allowed:
        shown = ", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in allowed)
        raise ConditionError(path, f"{value!r} is not a value of {fact} (one of: {shown})")
    if allowed is None and not isinstance(value, str | int):
        raise ConditionError(path, f"{fact} takes a text value")
    if fact == "language":
        return str(value).split("-")[0].lower()
    return str(value) if fact == "postcode" else value


def _values(fact: str, raw: Any, path: Path) -> list[Any]:
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise ConditionError(path, "an empty list matches nothing")
    return [
        _check_value(fact, item, (*path, i) if isinstance(raw, list) else path)
        for i, item in enumerate(items)
    ]


def _fact_matcher(fact: str, raw: Any, path: Path) -> Predicate:
    if isinstance(raw, dict):
        if len(raw) != 1:
            raise ConditionError(path, "use one of not, known, all_of, any_of")
        ((op, arg),) = raw.items()
        if op == "not":
            inner = _fact_matcher(fact, arg, (*path, "not"))
            return lambda facts: not inner(facts)
        if op == "known":
            if not isinstance(arg, bool):
                raise ConditionError((*path, "known"), "known takes true or false")
            return lambda facts: (facts.get(fact) not in (None, ())) == arg
        if op in {"any_of", "all_of"}:
            values = _values(fact, arg, (*path, op))
            if op == "all_of" and fact not in LIST_FACTS:
                raise ConditionError((*path, op), f"all_of needs a list fact; {fact} holds one value")
            return _membership(fact, values, every=op == "all_of")
        raise ConditionError(path, f"unknown operator {op!r} (use not, known, all_of, any_of)")
    return _membership(fact, _values(fact, raw, path), every=False)


def _membership(fact: str, values: list[Any], *, every: bool) -> Predicate:
    wanted = frozenset(values)
    if fact in LIST_FACTS:
        if every:
            return lambda facts: wanted.issubset(facts.get(fact) or ())
        return lambda facts: not wanted.isdisjoint(facts.get(fact) or ())
    if fact == "language":
        return lambda facts: (facts.get("language") or "").split("-")[0].lower() in wanted
    if len(wanted) == 1:
        (only,) = wanted
        return lambda facts: facts.get(fact) is not None and facts.get(fact) == only
    return lambda facts: facts.get(fact) is not None and facts.get(fact) in wanted


def compile_condition(when: Any, path: Path) -> Predicate:
    """A predicate over a facts mapping; raises ``ConditionError`` with the path of the first mistake."""
    if when is None:
        return lambda facts: True
    if not isinstance(when, dict):
        raise ConditionError(path, "a condition is a mapping of facts to values")
    parts: list[Predicate] = []
    for key, raw in when.items():
        here = (*path, key)
        if key in ("any", "all"):
            if not isinstance(raw, list) or not raw:
                raise ConditionError(here, f"{key} takes a list of conditions")
            subs = [compile_condition(item, (*here, i)) for i, item in enumerate(raw)]
            parts.append(_any(subs) if key == "any" else _all(subs))
        elif key == "not":
            sub = compile_condition(raw, here)
            parts.append(lambda facts, sub=sub: not sub(facts))  # type: ignore[misc]
        elif key in FACT_VALUES:
            parts.append(_fact_matcher(key, raw, here))
        else:
            raise ConditionError(here, f"unknown fact {key!r} (facts: {', '.join(FACT_VALUES)})")
    return _all(parts)


def _any(parts: list[Predicate]) -> Predicate:
    return lambda facts: any(part(facts) for part in parts)


def _all(parts: list[Predicate]) -> Predicate:
    if len(parts) == 1:
        return parts[0]
    return lambda facts: all(part(facts) for part in parts)


def facts_mentioned(when: Any) -> set[str]:
    """The facts a condition reads (for the explanation of a decision)."""
    found: set[str] = set()
    if isinstance(when, dict):
        for key, raw in when.items():
            if key in COMBINATORS:
                for item in raw if isinstance(raw, list) else [raw]:
                    found |= facts_mentioned(item)
            else:
                found.add(key)
    return found
