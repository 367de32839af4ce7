"""The residence procedure as a pure state machine (issue 7 §1): a path and a list of dated events in, the
phase, the document and its validity, the next actions with their due dates and owners, the history with
the legal source of each step, and warnings out. No database, no clock: the platform, the command
``thb residence simulate`` and the tests all call ``simulate``.

The rules come from data (rules.py) and are applied **as in force on each event's date**. An event the
rules do not allow in the current phase is refused with the phase and the events it allows — never
silently accepted (issue 7 §1).

Conventions of the platform (documented in docs/residence.md): a document "valid N days/months" covers N
days/months counting the first day (valid_until = first day + N - 1 day); an extension or a renewal starts
the day after the expiry it extends; issuing the document (``document_issued``) starts the period on the
day of issue when that is later than the provisional start.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .rules import EVENTS, PATHS, Document, Rules, Version, load_rules


class ResidenceInputError(ValueError):
    """The input is malformed: unknown path or event type, a bad date, events out of order."""


class EventNotAllowedError(ValueError):
    """The rules do not allow this event in the current phase."""

    def __init__(self, *, index: int, event: str, phase: str, path: str, allowed: list[str]) -> None:
        self.index, self.event, self.phase, self.path, self.allowed = index, event, phase, path, allowed
        allowed_text = ", ".join(allowed) if allowed else "none (the procedure has ended)"
        super().__init__(
            f"event {index + 1} ({event}) is not allowed in phase {phase!r} of the {path} path; "
            f"allowed: {allowed_text}"
        )


@dataclass(frozen=True)
class Event:
    type: str
    date: date
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class NextAction:
    action: str
    due: date
    by: str

    def as_json(self) -> dict[str, str]:
        return {"action": self.action, "due": self.due.isoformat(), "by": self.by}


@dataclass(frozen=True)
class Step:
    day: date
    event: str
    phase_before: str
    phase: str
    document: str | None
    valid_until: date | None
    rules_version: str
    source: str

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "event": self.event,
            "from": self.phase_before,
            "phase": self.phase,
            "document": self.document,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "rules": self.rules_version,
            "source": self.source,
        }


@dataclass(frozen=True)
class Warning:
    code: str
    message: str
    params: dict[str, str]


@dataclass
class State:
    path: str
    phase: str = "start"
    document: Document | None = None
    valid_until: date | None = None
    period_start: date | None = None
    period_issued: bool = False
    issued_on: date | None = None
    entered_on: date | None = None
    period_event_on: date | None = None  # the event that started the current period (entry, extension…)
    opened_on: date | None = None
    extensions: int = 0
    guardian: bool = False
    version: Version | None = None
    history: list[Step] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    next_actions: list[NextAction] = field(default_factory=list)

    @property
    def ended(self) -> bool:
        return self.phase in ("ended", "returned")

    def as_json(self) -> dict[str, Any]:
        """The contract of ``thb residence simulate``."""
        return {
            "phase": self.phase,
            "document": self.document.code if self.document else None,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "next_actions": [a.as_json() for a in self.next_actions],
            "history": [s.as_json() for s in self.history],
            "warnings": [w.message for w in self.warnings],
        }


def add_months(day: date, months: int) -> date:
    """Calendar months, clipped to the month's last day (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(document: Document, start: date) -> date | None:
    if document.unlimited:
        return None
    end = start + timedelta(days=document.days) if document.days else add_months(start, document.months)
    return end - timedelta(days=1)


def parse_input(raw: Any) -> tuple[str, list[Event], date | None]:
    """``{"path", "events": [{"type", "date", ...}], "as_of"?}`` → (path, events, as_of), or a clear
    ``ResidenceInputError``."""
    if not isinstance(raw, dict):
        raise ResidenceInputError('the input is a JSON object {"path": …, "events": […]}')
    path = raw.get("path")
    if path not in PATHS:
        raise ResidenceInputError(f"unknown path {path!r}; known: {', '.join(PATHS)}")
    items = raw.get("events")
    if not isinstance(items, list):
        raise ResidenceInputError('"events" must be a list')
    events: list[Event] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ResidenceInputError(f"event {i + 1}: an object with a type and a date is needed")
        kind = item.get("type")
        if kind not in EVENTS:
            raise ResidenceInputError(f"event {i + 1}: unknown type {kind!r}; known: {', '.join(EVENTS)}")
        day = _date(item.get("date"), f"event {i + 1}")
        if events and day < events[-1].date:
            raise ResidenceInputError(f"event {i + 1} ({day}) is dated before event {i} ({events[-1].date})")
        events.append(Event(kind, day, {k: v for k, v in item.items() if k not in ("type", "date")}))
    as_of = _date(raw["as_of"], "as_of") if raw.get("as_of") is not None else None
    return path, events, as_of


def _date(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ResidenceInputError(f"{where}: the date must be YYYY-MM-DD, not {value!r}") from exc


def _warn(state: State, rules: Rules, code: str, **params: Any) -> None:
    text = {k: str(v) for k, v in params.items()}
    state.warnings.append(Warning(code, rules.warnings[code].format(**text), text))


def _enter(state: State, rules: Rules, version: Version, phase: str, day: date) -> None:
    state.phase, state.entered_on, state.extensions = phase, day, 0
    key = rules.document_key(state.path, phase)
    state.document = version.documents[key] if key else None
    state.period_start, state.period_issued, state.issued_on = day, False, None
    state.period_event_on = day
    state.valid_until = period_end(state.document, day) if state.document else None


def _next_period(state: State, start: date, event_day: date) -> None:
    assert state.document is not None
    state.period_start, state.period_issued, state.period_event_on = start, False, event_day
    state.valid_until = period_end(state.document, start)


def _apply(state: State, rules: Rules, index: int, event: Event) -> None:
    version = rules.version_on(event.date)
    if event.date < rules.versions[0].in_force_from and not any(
        w.code == "before_rules" for w in state.warnings
    ):
        _warn(state, rules, "before_rules", on=event.date, since=rules.versions[0].in_force_from)
    allowed = rules.allowed(state.path, state.phase)
    transition = allowed.get(event.type)
    if transition is None:
        raise EventNotAllowedError(
            index=index, event=event.type, phase=state.phase, path=state.path, allowed=sorted(allowed)
        )
    before = state.phase
    late = state.phase == "reflection" and state.valid_until is not None and event.date > state.valid_until
    if state.opened_on is None:
        state.opened_on = event.date
    if transition.effect == "enter":
        assert transition.to is not None
        if late and transition.to == "complaint":
            _warn(state, rules, "late_after_reflection", until=state.valid_until)
        _enter(state, rules, version, transition.to, event.date)
    elif transition.effect == "extend":
        limit = version.params.get("ai_extensions", {}).get(state.path)
        if limit is not None and state.extensions >= limit:
            raise EventNotAllowedError(
                index=index,
                event=event.type,
                phase=state.phase,
                path=state.path,
                allowed=sorted(e for e in allowed if e != event.type),
            )
        state.extensions += 1
        _next_period(state, (state.valid_until or event.date) + timedelta(days=1), event.date)
    elif transition.effect == "renew":
        if state.valid_until is not None and event.date > state.valid_until:
            _warn(state, rules, "renewed_after_expiry", until=state.valid_until)
            _next_period(state, event.date, event.date)
        else:
            _next_period(state, (state.valid_until or event.date) + timedelta(days=1), event.date)
    elif transition.effect == "issue":
        _issue(state, rules, index, event)
    elif transition.effect == "record" and event.type == "guardian_appointed":
        state.guardian = True
    if transition.to is not None and transition.effect != "enter":
        state.phase = transition.to
        state.document, state.valid_until = None, None
        state.entered_on = state.period_event_on = event.date
    if transition.warning:
        _warn(state, rules, transition.warning)
    state.version = version
    state.history.append(
        Step(
            event.date,
            event.type,
            before,
            state.phase,
            state.document.code if state.document else None,
            state.valid_until,
            version.id,
            rules.cite(transition.source),
        )
    )


def _issue(state: State, rules: Rules, index: int, event: Event) -> None:
    document = state.document
    if document is None:
        raise EventNotAllowedError(
            index=index, event=event.type, phase=state.phase, path=state.path, allowed=[]
        )
    named = event.data.get("document")
    if named is not None and named != document.code:
        raise ResidenceInputError(
            f"event {index + 1}: the document of phase {state.phase!r} is {document.code!r}, not {named!r}"
        )
    if state.period_issued:
        _warn(state, rules, "issued_twice", on=state.issued_on)
        return
    start = max(state.period_start or event.date, event.date)
    state.period_start, state.period_issued, state.issued_on = start, True, event.date
    given = event.data.get("valid_until")
    state.valid_until = (
        _date(given, f"event {index + 1}: valid_until") if given else period_end(document, start)
    )


def _due(rule_due: str, state: State, params: dict[str, Any]) -> date | None:
    if rule_due == "expiry":
        return state.valid_until
    if rule_due == "opened":
        return state.opened_on
    if rule_due.startswith("expiry-"):
        return state.valid_until - timedelta(days=int(params[rule_due[7:]])) if state.valid_until else None
    if rule_due.startswith("event+"):
        day = state.period_event_on or state.entered_on
        return day + timedelta(days=int(params[rule_due[6:]])) if day else None
    raise ValueError(f"unknown due rule {rule_due!r}")


def _next_actions(state: State, rules: Rules) -> list[NextAction]:
    if state.version is None:
        return []
    params = state.version.params
    rules_for_phase = list(rules.next_actions.get(state.phase, ()))
    if not state.ended:
        rules_for_phase += list(rules.path_actions.get(state.path, ()))
    actions = []
    for rule in rules_for_phase:
        if rule.unless == "issued" and state.period_issued:
            continue
        if rule.unless == "guardian" and state.guardian:
            continue
        due = _due(rule.due, state, params)
        if due is not None:
            actions.append(NextAction(rule.action, due, rule.by))
    if any(w.code == "minor_case_closed" for w in state.warnings) and not state.ended:
        due = (state.entered_on or state.opened_on or date.min) + timedelta(
            days=int(params["issue_document_within_days"])
        )
        actions.append(NextAction("decide_durable_solution", due, "immigration_office"))
    return sorted(actions, key=lambda a: (a.due, a.by, a.action))


def simulate(
    path: str, events: list[Event], *, as_of: date | None = None, rules: Rules | None = None
) -> State:
    """Apply ``events`` in order; ``as_of`` (the day the state is read) adds the warnings of what has
    expired by then."""
    rules = rules or load_rules()
    if path not in PATHS:
        raise ResidenceInputError(f"unknown path {path!r}; known: {', '.join(PATHS)}")
    state = State(path=path)
    for index, event in enumerate(events):
        _apply(state, rules, index, event)
    if path == "minor" and not state.guardian and state.opened_on is not None and not state.ended:
        _warn(state, rules, "no_guardian")
    if as_of is not None and state.valid_until is not None and as_of > state.valid_until and not state.ended:
        if state.phase == "reflection":
            _warn(state, rules, "reflection_ended", until=state.valid_until)
        elif state.document is not None:
            _warn(state, rules, "expired", document=state.document.name["en"], until=state.valid_until)
    state.next_actions = _next_actions(state, rules)
    return state
