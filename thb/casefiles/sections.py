"""The sections of the police case file, in the order a magistrate reads them (issue 6 §4; action point P3
asks for "a scenario that structures police case files").

Each section has narrative **parts** written by hand, may have a **list** (suspects, assets, measures,
evidence), and is also filled from the platform where data exists (autofill.py). The keys are stable:
they are stored in the encrypted texts of a file and named in exports.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import EntryKind


@dataclass(frozen=True)
class Part:
    key: str
    title: str | Promise
    hint: str | Promise


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    parts: tuple[Part, ...]
    entry_kind: str | None = None


SECTIONS: tuple[Section, ...] = (
    Section(
        "origin",
        _("Origin and first information"),
        (
            Part(
                "origin",
                _("How the facts came to the police"),
                _("The first information: report, hotline, inspection, partner, another investigation."),
            ),
        ),
    ),
    Section(
        "victims",
        _("Victims"),
        (
            Part(
                "victims",
                _("About the victims"),
                _(
                    "Identification, statements, assistance and residence status, beyond what the platform "
                    "shows."
                ),
            ),
        ),
    ),
    Section(
        "suspects",
        _("Suspects and their roles"),
        (Part("suspects", _("About the suspects"), _("Hierarchy, relations, what each one did.")),),
        EntryKind.SUSPECT,
    ),
    Section(
        "modus_operandi",
        _("Modus operandi"),
        (
            Part("mo_recruitment", _("Recruitment"), _("Where, by whom, with which promises or pressure.")),
            Part("mo_transport", _("Transport"), _("Routes, documents, who paid and who accompanied.")),
            Part("mo_housing", _("Housing"), _("Where the victims lived, who provided it, the conditions.")),
            Part("mo_exploitation", _("Exploitation"), _("The work or activity, hours, pay, conditions.")),
            Part(
                "mo_control", _("Control"), _("Threats, violence, debts, documents withheld, surveillance.")
            ),
            Part("mo_money", _("Money"), _("How the proceeds were collected, moved and spent.")),
        ),
    ),
    Section(
        "financial",
        _("Financial investigation"),
        (
            Part(
                "financial",
                _("Assets, flows and proceeds"),
                _("The flows found, how the proceeds were estimated, seizure and confiscation requested."),
            ),
        ),
        EntryKind.ASSET,
    ),
    Section(
        "links",
        _("Links to other cases and abroad"),
        (
            Part(
                "links",
                _("Links found"),
                _(
                    "Other investigations, supra-local and international links, requests to other countries; "
                    "or that none were found."
                ),
            ),
        ),
    ),
    Section(
        "measures",
        _("Measures taken"),
        (Part("measures", _("About the measures"), _("Context of the searches, seizures and phone taps.")),),
        EntryKind.MEASURE,
    ),
    Section(
        "evidence",
        _("Evidence inventory"),
        (Part("evidence", _("About the evidence"), _("Chain of custody, analyses pending.")),),
        EntryKind.EVIDENCE,
    ),
    Section(
        "conclusions",
        _("Conclusions for the magistrate"),
        (
            Part(
                "conclusions",
                _("Conclusions"),
                _(
                    "The facts established, their qualification (Criminal Code art. 433quinquies ff.) and "
                    "what is asked of the magistrate."
                ),
            ),
        ),
    ),
)

SECTION_BY_KEY = {section.key: section for section in SECTIONS}
PART_KEYS = frozenset(part.key for section in SECTIONS for part in section.parts)

# The type or role of each entry, per list (stable codes; labels in the reader's language).
CATEGORIES: dict[str, tuple[tuple[str, str | Promise], ...]] = {
    EntryKind.SUSPECT: (
        ("recruiter", _("Recruiter")),
        ("transporter", _("Transport and travel")),
        ("housing", _("Housing provider")),
        ("exploiter", _("Exploiter, employer")),
        ("controller", _("Control, surveillance")),
        ("money", _("Money collection and laundering")),
        ("facilitator", _("Facilitator (documents, company, intermediary)")),
        ("organiser", _("Head of the network")),
        ("other", _("Other role")),
    ),
    EntryKind.ASSET: (
        ("real_estate", _("Real estate")),
        ("vehicle", _("Vehicle")),
        ("bank_account", _("Bank account")),
        ("cash", _("Cash")),
        ("business", _("Business, shares")),
        ("crypto", _("Crypto-assets")),
        ("other", _("Other asset")),
    ),
    EntryKind.MEASURE: (
        ("search", _("Search")),
        ("seizure", _("Seizure")),
        ("phone_tap", _("Phone tap")),
        ("arrest", _("Arrest")),
        ("financial_seizure", _("Seizure of assets")),
        ("observation", _("Observation")),
        ("international_request", _("Request to another country (EIO, letter rogatory, JIT)")),
        ("other", _("Other measure")),
    ),
    EntryKind.EVIDENCE: (
        ("document", _("Document")),
        ("device", _("Telephone or computer")),
        ("digital_extraction", _("Digital extraction")),
        ("financial_record", _("Financial record")),
        ("statement", _("Statement, hearing record")),
        ("photo_video", _("Photo or video")),
        ("other", _("Other item")),
    ),
}

# What each list asks for (the form shows these fields; completeness.py checks the required ones).
ENTRY_FIELDS: dict[str, tuple[str, ...]] = {
    EntryKind.SUSPECT: ("category", "name", "description", "flag"),
    EntryKind.ASSET: ("category", "description", "amount_eur", "flag", "reference"),
    EntryKind.MEASURE: ("category", "date", "reference", "description"),
    EntryKind.EVIDENCE: ("category", "description", "date", "reference", "custody"),
}
REQUIRED_ENTRY_FIELDS: dict[str, tuple[str, ...]] = {
    EntryKind.SUSPECT: ("category",),
    EntryKind.ASSET: ("category", "description"),
    EntryKind.MEASURE: ("category", "date", "reference"),
    EntryKind.EVIDENCE: ("category", "description", "custody"),
}
FLAG_LABELS: dict[str, str | Promise] = {
    EntryKind.SUSPECT: _("identified"),
    EntryKind.ASSET: _("seized"),
}


def category_label(kind: str, code: str) -> str:
    return str(dict(CATEGORIES.get(kind, ())).get(code, code))
