"""The residence rules as data (issue 7 §1; Aliens Act art. 61/2 to 61/5, Royal Decree of 8 October 1981
art. 110bis ff., circular of 23 December 2016 replacing that of 26 September 2008; action plan P6, P8).

``data/rules.yaml`` holds the phases, the events each phase allows per path, the documents and their
durations **by version in force** (the law changes: the 45-day order to leave became the annex 15 document
on 20 May 2017), the next actions and their owners, and the warnings. This module reads it once and checks
its shape, so an error in the data is found when the platform starts, not in front of a victim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data" / "rules.yaml"

PATHS = ("adult", "minor", "diplomatic_domestic")
EVENTS = (
    "reflection_requested",
    "complaint_filed",
    "ai_extended",
    "prosecutor_confirms_victim",
    "cire_renewed",
    "conviction",
    "charge_retained",
    "contact_with_exploiters",
    "cooperation_stopped",
    "case_closed",
    "fraud_established",
    "public_order_danger",
    "voluntary_return",
    "guardian_appointed",
    "labour_procedure_started",
    "document_issued",
)
EFFECTS = ("enter", "extend", "renew", "issue", "stay", "record")
OWNERS = ("centre", "immigration_office", "magistrate", "guardianship_service")
LANGUAGES = ("fr", "nl", "de", "en")


class RulesError(ValueError):
    """The rules data is malformed (a developer's or a legal editor's mistake, caught at load time)."""


@dataclass(frozen=True)
class Document:
    key: str  # the role of the document in the rules: reflection_document, ai, ai_minor, cire, permanent
    code: str
    name: dict[str, str]
    days: int = 0
    months: int = 0
    unlimited: bool = False
    source: str = ""


@dataclass(frozen=True)
class Version:
    id: str
    in_force_from: date
    sources: tuple[str, ...]
    documents: dict[str, Document]
    params: dict[str, Any]


@dataclass(frozen=True)
class Transition:
    event: str
    to: str | None
    effect: str
    source: str
    warning: str | None = None


@dataclass(frozen=True)
class ActionRule:
    action: str
    by: str
    due: str
    unless: str | None = None


@dataclass(frozen=True)
class Rules:
    sources: dict[str, str]
    versions: tuple[Version, ...]
    phases: dict[str, dict[str, Any]]
    paths: dict[str, dict[str, dict[str, Transition]]]
    path_documents: dict[str, dict[str, str]]
    next_actions: dict[str, tuple[ActionRule, ...]]
    path_actions: dict[str, tuple[ActionRule, ...]]
    warnings: dict[str, str]
    path_sources: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def version_on(self, day: date) -> Version:
        """The version in force on ``day`` (the first one for earlier days, with the engine's warning)."""
        current = self.versions[0]
        for version in self.versions:
            if version.in_force_from <= day:
                current = version
        return current

    def document_key(self, path: str, phase: str) -> str | None:
        """Which document a phase gives on a path (the minor's three-month document differs)."""
        return self.path_documents.get(path, {}).get(phase) or self.phases[phase].get("document")

    def allowed(self, path: str, phase: str) -> dict[str, Transition]:
        return self.paths[path].get(phase, {})

    def cite(self, source: str) -> str:
        return self.sources.get(source, source)


def _fail(where: str, message: str) -> RulesError:
    return RulesError(f"{DATA.name}: {where}: {message}")


def _document(key: str, raw: dict[str, Any], sources: dict[str, str], where: str) -> Document:
    if not isinstance(raw, dict) or not raw.get("code"):
        raise _fail(where, "a document needs a code")
    name = raw.get("name") or {}
    if any(not str(name.get(language, "")).strip() for language in LANGUAGES):
        raise _fail(where, "a document needs its name in fr, nl, de and en")
    if raw.get("source") not in sources:
        raise _fail(where, f"unknown source {raw.get('source')!r}")
    days, months, unlimited = (
        int(raw.get("days") or 0),
        int(raw.get("months") or 0),
        bool(raw.get("unlimited")),
    )
    if not unlimited and (days <= 0) == (months <= 0):
        raise _fail(where, "a document lasts a number of days or of months (or is unlimited)")
    return Document(key, raw["code"], dict(name), days, months, unlimited, raw["source"])


def _versions(raw: list[dict[str, Any]], sources: dict[str, str]) -> tuple[Version, ...]:
    versions: list[Version] = []
    documents: dict[str, Document] = {}
    params: dict[str, Any] = {}
    for i, item in enumerate(raw):
        where = f"versions[{i}]"
        start = item.get("in_force_from")
        if not isinstance(start, date):
            raise _fail(where, "in_force_from must be a date (YYYY-MM-DD)")
        if versions and start <= versions[-1].in_force_from:
            raise _fail(where, "versions must be in the order they came into force")
        for key, document in (item.get("documents") or {}).items():
            documents = {**documents, key: _document(key, document, sources, f"{where}.documents.{key}")}
        params = {**params, **(item.get("params") or {})}
        unknown = [s for s in item.get("sources", []) if s not in sources]
        if unknown:
            raise _fail(where, f"unknown source {unknown[0]!r}")
        versions.append(Version(str(item["id"]), start, tuple(item.get("sources", [])), documents, params))
    if not versions:
        raise _fail("versions", "at least one version is needed")
    return tuple(versions)


def _transitions(path: str, phases: dict[str, Any], raw: dict[str, Any], sources: dict[str, str]) -> dict:
    table: dict[str, dict[str, Transition]] = {}
    for phase, events in raw.items():
        if phase in ("source", "documents"):
            continue
        if phase not in phases:
            raise _fail(f"paths.{path}", f"unknown phase {phase!r}")
        table[phase] = {}
        for event, spec in (events or {}).items():
            where = f"paths.{path}.{phase}.{event}"
            if event not in EVENTS:
                raise _fail(where, "unknown event")
            effect = spec.get("effect", "enter" if spec.get("to") else "stay")
            if effect not in EFFECTS:
                raise _fail(where, f"unknown effect {effect!r}")
            to = spec.get("to")
            if to is not None and to not in phases:
                raise _fail(where, f"unknown phase {to!r}")
            if spec.get("source") not in sources:
                raise _fail(where, f"unknown source {spec.get('source')!r}")
            table[phase][event] = Transition(event, to, effect, spec["source"], spec.get("warning"))
    return table


def _actions(raw: list[dict[str, Any]], where: str) -> tuple[ActionRule, ...]:
    rules = []
    for i, item in enumerate(raw or []):
        if item.get("by") not in OWNERS:
            raise _fail(f"{where}[{i}]", f"unknown owner {item.get('by')!r}")
        rules.append(ActionRule(item["action"], item["by"], item["due"], item.get("unless")))
    return tuple(rules)


def parse_rules(raw: dict[str, Any]) -> Rules:
    sources = dict(raw.get("sources") or {})
    phases = dict(raw.get("phases") or {})
    versions = _versions(raw.get("versions") or [], sources)
    paths: dict[str, dict[str, dict[str, Transition]]] = {}
    path_documents: dict[str, dict[str, str]] = {}
    path_sources: dict[str, tuple[str, ...]] = {}
    for path in PATHS:
        if path not in (raw.get("paths") or {}):
            raise _fail("paths", f"the {path} path is missing")
        spec = raw["paths"][path]
        paths[path] = _transitions(path, phases, spec, sources)
        path_documents[path] = dict(spec.get("documents") or {})
        path_sources[path] = tuple(spec.get("source") or ())
    for phase, spec in phases.items():
        key = spec.get("document")
        if key is not None and key not in versions[0].documents:
            raise _fail(f"phases.{phase}", f"unknown document {key!r}")
    rules = Rules(
        sources=sources,
        versions=versions,
        phases=phases,
        paths=paths,
        path_documents=path_documents,
        next_actions={
            k: _actions(v, f"next_actions.{k}") for k, v in (raw.get("next_actions") or {}).items()
        },
        path_actions={
            k: _actions(v, f"path_actions.{k}") for k, v in (raw.get("path_actions") or {}).items()
        },
        warnings=dict(raw.get("warnings") or {}),
        path_sources=path_sources,
    )
    for path, table in paths.items():
        for phase, transitions in table.items():
            for transition in transitions.values():
                if transition.warning and transition.warning not in rules.warnings:
                    raise _fail(f"paths.{path}.{phase}", f"unknown warning {transition.warning!r}")
    return rules


@cache
def load_rules() -> Rules:
    with DATA.open(encoding="utf-8") as handle:
        return parse_rules(yaml.safe_load(handle))
