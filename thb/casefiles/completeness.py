"""The completeness check (issue 6 §4): per section, what is still missing before the file goes to the
magistrate. It is a checklist for the investigators, not a gate: a file can be submitted incomplete, and
the magistrate sees the same list."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .autofill import PlatformFacts
from .models import CaseFile, CaseFileEntry, EntryKind
from .sections import REQUIRED_ENTRY_FIELDS, SECTIONS, category_label


def _entry_gaps(entry: CaseFileEntry) -> list[str]:
    labels = {
        "category": _("type"),
        "description": _("description"),
        "date": _("date"),
        "reference": _("reference"),
        "custody": _("where it is kept"),
    }
    return [str(labels[name]) for name in REQUIRED_ENTRY_FIELDS[entry.kind] if not getattr(entry, name)]


def missing(
    case_file: CaseFile, texts: dict[str, str], entries: list[CaseFileEntry], facts: PlatformFacts
) -> dict[str, list[str]]:
    """``{section key: [what is missing]}``, every section present (an empty list: complete)."""
    out: dict[str, list[str]] = {section.key: [] for section in SECTIONS}
    by_kind: dict[str, list[CaseFileEntry]] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry)

    def has_text(key: str) -> bool:
        return bool(texts.get(key, "").strip())

    if not case_file.police_reference:
        out["origin"].append(_("The police reference (PV number) is missing."))
    if not has_text("origin") and not any(list(case.contacts.all()) for case in facts.victims):
        out["origin"].append(_("Say how the facts came to the police."))

    if not facts.victims:
        out["victims"].append(_("No victim case is linked to the file."))
    for case in facts.victims:
        if case.pk not in facts.assessed:
            out["victims"].append(_("%(p)s: no identification assessment.") % {"p": case.pseudonym})
        if case.pk not in facts.heard:
            out["victims"].append(_("%(p)s: no completed hearing.") % {"p": case.pseudonym})
        if case.accompanying_centre_id is None:
            out["victims"].append(_("%(p)s: no specialised centre recorded.") % {"p": case.pseudonym})

    if not by_kind.get(EntryKind.SUSPECT):
        out["suspects"].append(_("No suspect is recorded."))

    for section in SECTIONS:
        if section.key != "modus_operandi":
            continue
        for part in section.parts:
            if not has_text(part.key):
                out["modus_operandi"].append(_("%(part)s is not described.") % {"part": part.title})

    if case_file.estimated_proceeds_eur is None:
        out["financial"].append(_("The criminal proceeds are not estimated."))
    if not by_kind.get(EntryKind.ASSET) and not has_text("financial"):
        out["financial"].append(_("No asset and no description of the money flows."))

    if not has_text("links"):
        out["links"].append(_("Say which links were found, or that none were."))

    if not by_kind.get(EntryKind.MEASURE):
        out["measures"].append(_("No measure is recorded."))

    if not by_kind.get(EntryKind.EVIDENCE) and not facts.evidence:
        out["evidence"].append(_("The inventory is empty."))

    for kind, section_key in (
        (EntryKind.SUSPECT, "suspects"),
        (EntryKind.ASSET, "financial"),
        (EntryKind.MEASURE, "measures"),
        (EntryKind.EVIDENCE, "evidence"),
    ):
        for entry in by_kind.get(kind, []):
            gaps = _entry_gaps(entry)
            if gaps:
                out[section_key].append(
                    _("No. %(n)s (%(what)s): %(gaps)s missing.")
                    % {
                        "n": entry.number,
                        "what": category_label(kind, entry.category),
                        "gaps": ", ".join(gaps),
                    }
                )

    if not has_text("conclusions"):
        out["conclusions"].append(_("The conclusions for the magistrate are not written."))
    return out
