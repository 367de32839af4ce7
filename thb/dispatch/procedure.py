"""A dispatch procedure: the written rules by which the hotline passes a complaint to partners (action
point P10: "clearly established procedures to dispatch complaints to the partners"; issue 4 §1).

A procedure is a YAML document (docs/dispatch.md explains it to coordinators, with the default Belgian
procedure as the worked example). ``parse_procedure`` checks it completely and returns either the compiled
procedure or every problem found, each with its line and path, never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from thb.core.models import OrganisationKind

from .conditions import ConditionError, Predicate, compile_condition
from .directory import RESOLUTION_METHODS
from .facts import Facts
from .yamlsource import Located, SourceError, YamlSourceError, format_path, load

LEGAL_BASES = ("consent", "minor", "vital_interest", "legal_obligation")
PRIORITIES = ("emergency", "high", "normal", "low")
PRIORITY_RANK = {name: rank for rank, name in enumerate(PRIORITIES)}

# What a referral may show its partner, field by field (the disclosure profiles choose among these).
DISCLOSABLE_FIELDS = (
    "reference",
    "received_at",
    "channel",
    "signal_type",
    "language",
    "interpreter",
    "reporter_role",
    "sector",
    "exploitation",
    "indicators",
    "place",
    "country",
    "victims",
    "minors",
    "nationalities",
    "urgency",
    "narrative",
    "caller_name",
    "caller_phone",
    "hotline_contact",
)
IDENTITY_FIELDS = frozenset({"caller_name", "caller_phone"})

LegalBasis = Literal[LEGAL_BASES]  # type: ignore[valid-type]
Priority = Literal[PRIORITIES]  # type: ignore[valid-type]
PartnerKind = Literal[tuple(OrganisationKind.values)]  # type: ignore[valid-type]
Method = Literal[RESOLUTION_METHODS]  # type: ignore[valid-type]
FieldName = Literal[DISCLOSABLE_FIELDS]  # type: ignore[valid-type]
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Texts(_Strict):
    """A text in French, Dutch and English (German optional): the languages coordinators review in."""

    fr: str = Field(min_length=1, max_length=2000)
    nl: str = Field(min_length=1, max_length=2000)
    en: str = Field(min_length=1, max_length=2000)
    de: str | None = Field(None, min_length=1, max_length=2000)

    def in_language(self, language: str) -> str:
        primary = (language or "en").split("-")[0]
        if primary == "de" and self.de:
            return self.de
        return {"fr": self.fr, "nl": self.nl}.get(primary, self.en)


class DisclosureProfile(_Strict):
    description: Texts
    fields: tuple[FieldName, ...] = Field(min_length=1)


class ReferAction(_Strict):
    partner_kind: PartnerKind  # type: ignore[valid-type]
    resolve: tuple[Method, ...] = ("judicial_district", "region", "national")
    fallback: Slug | None = None
    disclosure: Slug
    legal_basis: LegalBasis
    ack_within_hours: int = Field(ge=1, le=720)
    priority: Priority = "normal"

    @field_validator("fallback", mode="before")
    @classmethod
    def _none(cls, value: Any) -> Any:
        return value or None


class RuleDoc(_Strict):
    id: Slug
    description: Texts
    when: dict[str, Any] | None = None
    refer: tuple[ReferAction, ...] = ()
    guidance: Texts | None = None
    stop: bool = False


class FirewallDoc(_Strict):
    id: Slug
    description: Texts
    when: dict[str, Any] | None = None
    never_refer: tuple[PartnerKind, ...] = Field(min_length=1)  # type: ignore[valid-type]


class ExpectedReferral(_Strict):
    partner_kind: PartnerKind  # type: ignore[valid-type]
    organisation: str | None = None
    rule: str | None = None
    legal_basis: LegalBasis | None = None
    disclosure: str | None = None
    ack_within_hours: int | None = None
    priority: Priority | None = None


class ExampleDoc(_Strict):
    name: str = Field(min_length=1, max_length=200)
    facts: dict[str, Any]
    expect: tuple[ExpectedReferral, ...]


class ProcedureDoc(_Strict):
    procedure: Slug
    version: int = Field(ge=1)
    title: Texts
    description: Texts | None = None
    disclosure_profiles: dict[str, DisclosureProfile] = Field(min_length=1)
    firewalls: tuple[FirewallDoc, ...] = ()
    rules: tuple[RuleDoc, ...] = Field(min_length=1)
    examples: tuple[ExampleDoc, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Rule:
    doc: RuleDoc
    applies: Predicate


@dataclass(frozen=True)
class Firewall:
    doc: FirewallDoc
    applies: Predicate


@dataclass(frozen=True)
class Example:
    doc: ExampleDoc
    facts: Facts


@dataclass(frozen=True)
class Procedure:
    """A checked, compiled procedure: ready for the engine."""

    doc: ProcedureDoc
    rules: tuple[Rule, ...]
    firewalls: tuple[Firewall, ...]
    examples: tuple[Example, ...]
    source: str = field(repr=False, default="")

    @property
    def slug(self) -> str:
        return self.doc.procedure

    @property
    def version(self) -> int:
        return self.doc.version

    def profile_fields(self, name: str) -> tuple[str, ...]:
        return tuple(self.doc.disclosure_profiles[name].fields)


@dataclass
class ParseResult:
    procedure: Procedure | None
    errors: list[SourceError]

    @property
    def ok(self) -> bool:
        return self.procedure is not None and not self.errors


def _pydantic_errors(
    exc: ValidationError, located: Located, prefix: tuple[str | int, ...] = (), *, unknown: str = "key"
) -> list[SourceError]:
    errors = []
    for problem in exc.errors():
        path = (*prefix, *problem["loc"])
        message = problem["msg"]
        if problem["type"] == "extra_forbidden":
            message = f"unknown {unknown} (a typo?)"
        elif problem["type"] == "missing":
            message = "this key is required"
        errors.append(SourceError(located.line_of(path), format_path(path), message))
    return errors


def parse_procedure(text: str) -> ParseResult:
    """Check a procedure document: YAML, structure, conditions, references between its parts and the facts
    of its examples. Returns every problem found (up to the first YAML error, which stops reading)."""
    try:
        located = load(text)
    except YamlSourceError as exc:
        return ParseResult(None, [exc.error])
    if not isinstance(located.data, dict):
        return ParseResult(
            None, [SourceError(1, "", "a procedure is a mapping (procedure:, version:, rules:, …)")]
        )
    try:
        doc = ProcedureDoc.model_validate(located.data)
    except ValidationError as exc:
        return ParseResult(None, _pydantic_errors(exc, located))
    errors: list[SourceError] = []

    def error(path: tuple[str | int, ...], message: str) -> None:
        errors.append(SourceError(located.line_of(path), format_path(path), message))

    profiles = doc.disclosure_profiles
    for name in profiles:
        if not _slug_ok(name):
            error(("disclosure_profiles", name), "a profile name is lower case letters, digits and dashes")
    seen: set[str] = set()
    rules: list[Rule] = []
    for i, rule in enumerate(doc.rules):
        if rule.id in seen:
            error(("rules", i, "id"), f"the rule id {rule.id!r} is used twice")
        seen.add(rule.id)
        for j, action in enumerate(rule.refer):
            if action.disclosure not in profiles:
                error(
                    ("rules", i, "refer", j, "disclosure"),
                    f"no disclosure profile named {action.disclosure!r}",
                )
            if len(set(action.resolve)) != len(action.resolve):
                error(("rules", i, "refer", j, "resolve"), "a method appears twice")
        try:
            rules.append(Rule(rule, compile_condition(rule.when, ("rules", i, "when"))))
        except ConditionError as exc:
            error(exc.path, exc.message)
    firewalls: list[Firewall] = []
    for i, wall in enumerate(doc.firewalls):
        try:
            firewalls.append(Firewall(wall, compile_condition(wall.when, ("firewalls", i, "when"))))
        except ConditionError as exc:
            error(exc.path, exc.message)
    examples: list[Example] = []
    for i, example in enumerate(doc.examples):
        try:
            examples.append(Example(example, Facts.model_validate(example.facts)))
        except ValidationError as exc:
            errors.extend(_pydantic_errors(exc, located, ("examples", i, "facts"), unknown="fact"))
        for j, expected in enumerate(example.expect):
            if expected.rule and expected.rule not in seen:
                error(("examples", i, "expect", j, "rule"), f"no rule with id {expected.rule!r}")
            if expected.disclosure and expected.disclosure not in profiles:
                error(
                    ("examples", i, "expect", j, "disclosure"),
                    f"no disclosure profile {expected.disclosure!r}",
                )
    if errors:
        return ParseResult(None, errors)
    return ParseResult(Procedure(doc, tuple(rules), tuple(firewalls), tuple(examples), text), [])


def _slug_ok(name: str) -> bool:
    return bool(re.fullmatch(SLUG_PATTERN, name))
