"""The case file as one document in the reader's language: the sections in order, each with what the
platform knows, the hand-written parts, its list and what is missing. The page, the PDF and the DOCX are
drawn from this one structure, so they say the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .autofill import platform_facts
from .completeness import missing
from .models import CaseFile, CaseFileEntry, EntryKind
from .sections import FLAG_LABELS, SECTIONS, category_label
from .services import case_file_texts


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass
class DocumentSection:
    number: int
    key: str
    title: str
    platform: list[str]
    parts: list[tuple[str, str, str]]  # (key, title, text)
    table: Table | None
    entries: list[CaseFileEntry]
    missing: list[str]
    entry_kind: str | None = None

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass
class CaseFileDocument:
    case_file: CaseFile
    title: str
    header: list[tuple[str, str]]
    sections: list[DocumentSection] = field(default_factory=list)

    @property
    def missing_count(self) -> int:
        return sum(len(s.missing) for s in self.sections)


def _money(value: Decimal | int | None) -> str:
    return (
        "—" if value is None else f"{formats.number_format(value, 2, use_l10n=True, force_grouping=True)} €"
    )


def _date(value: date | None) -> str:
    return "—" if value is None else formats.date_format(value, "SHORT_DATE_FORMAT")


def _table(kind: str, entries: list[CaseFileEntry], auto: list[list[str]] | None = None) -> Table:
    flag = str(FLAG_LABELS.get(kind, ""))
    if kind == EntryKind.SUSPECT:
        headers = [_("No."), _("Role"), _("Name"), flag, _("Description")]
        rows = [
            [
                str(e.number),
                category_label(kind, e.category),
                e.name or "—",
                _("yes") if e.flag else _("no"),
                e.description or "—",
            ]
            for e in entries
        ]
    elif kind == EntryKind.ASSET:
        headers = [_("No."), _("Type"), _("Description"), _("Value"), flag, _("Reference")]
        rows = [
            [
                str(e.number),
                category_label(kind, e.category),
                e.description or "—",
                _money(e.amount_eur),
                _("yes") if e.flag else _("no"),
                e.reference or "—",
            ]
            for e in entries
        ]
    elif kind == EntryKind.MEASURE:
        headers = [_("No."), _("Measure"), _("Date"), _("Reference"), _("Description")]
        rows = [
            [
                str(e.number),
                category_label(kind, e.category),
                _date(e.date),
                e.reference or "—",
                e.description or "—",
            ]
            for e in entries
        ]
    else:
        headers = [_("No."), _("Type"), _("Description"), _("Date"), _("Reference"), _("Where it is kept")]
        rows = [
            [
                str(e.number),
                category_label(kind, e.category),
                e.description or "—",
                _date(e.date),
                e.reference or "—",
                e.custody or "—",
            ]
            for e in entries
        ]
        rows += auto or []
    return Table([str(h) for h in headers], rows)


def build_document(case_file: CaseFile) -> CaseFileDocument:
    """Call inside ``translation.override(language)``: every label is in the active language."""
    facts = platform_facts(case_file)
    texts = case_file_texts(case_file)
    entries = list(case_file.entries.all())
    gaps = missing(case_file, texts, entries, facts)
    document = CaseFileDocument(
        case_file=case_file,
        title=f"{case_file.reference} — {case_file.title}",
        header=[
            (_("Investigating service"), case_file.organisation.short_name or case_file.organisation.slug),
            (_("Police reference (PV number)"), case_file.police_reference or "—"),
            (
                _("Magistrate's office"),
                case_file.magistrate_office.short_name or case_file.magistrate_office.slug,
            ),
            (_("Magistrate's reference"), case_file.magistrate_reference or "—"),
            (_("Status"), str(case_file.get_status_display())),
            (_("Estimated criminal proceeds"), _money(case_file.estimated_proceeds_eur)),
            (
                _("Produced on"),
                formats.date_format(timezone.localtime(timezone.now()), "SHORT_DATETIME_FORMAT"),
            ),
        ],
    )
    auto_evidence = [
        [f"H{i}", _("Hearing record"), item.label, item.date, item.reference, _("on the platform")]
        for i, item in enumerate(facts.evidence, start=1)
    ]
    for number, section in enumerate(SECTIONS, start=1):
        kind = section.entry_kind
        section_entries = [e for e in entries if e.kind == kind] if kind else []
        table = None
        if kind is not None:
            table = _table(kind, section_entries, auto_evidence if kind == EntryKind.EVIDENCE else None)
        platform = list(facts.lines.get(section.key, []))
        if section.key == "financial":
            seized = sum((e.amount_eur or 0) for e in section_entries if e.flag)
            total = sum((e.amount_eur or 0) for e in section_entries)
            if section_entries:
                platform.append(
                    _("Assets recorded: %(n)s, valued at %(total)s, of which seized: %(seized)s.")
                    % {"n": len(section_entries), "total": _money(total), "seized": _money(seized)}
                )
        document.sections.append(
            DocumentSection(
                number=number,
                key=section.key,
                title=str(section.title),
                platform=platform,
                parts=[(p.key, str(p.title), texts.get(p.key, "")) for p in section.parts],
                table=table,
                entries=section_entries,
                missing=gaps[section.key],
                entry_kind=kind,
            )
        )
    return document
