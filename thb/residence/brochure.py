"""The brochure for victims on the residence procedure (issue 7 §3; action point P7: "an explanatory
brochure"), in the 16 public languages, as a public page and a printable PDF.

It is written from the same rules the engine applies: every duration in the text (the reflection period,
the certificate of registration and its extensions, the permit and its renewal, the minor's document)
is read from ``data/rules.yaml`` in the version in force on the day — never typed into the text — so a
change of the law changes the brochure too (tests check the official-language versions against the rules).
Plain language, addressed to the person ("you"). The contacts are the specialised centres of the partner
directory and the hotline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thb.core.models import ChannelKind, ContactChannel, Organisation, OrganisationKind

from .rules import Rules, load_rules


@dataclass(frozen=True)
class Durations:
    """The figures of the brochure, from the rules in force on ``day``."""

    reflection_days: int
    ai_months: int
    ai_extensions: int
    cire_months: int
    minor_months: int
    renewal_days: int
    rules_version: str

    @classmethod
    def from_rules(cls, rules: Rules, day: date) -> Durations:
        version = rules.version_on(day)
        documents, params = version.documents, version.params
        return cls(
            reflection_days=documents["reflection_document"].days,
            ai_months=documents["ai"].months,
            ai_extensions=int(params["ai_extensions"]["adult"] or 0),
            cire_months=documents["cire"].months,
            minor_months=documents["ai_minor"].months,
            renewal_days=int(params["renewal_request_days_before_expiry"]),
            rules_version=version.id,
        )


@dataclass(frozen=True)
class Centre:
    name: str
    phones: list[str]
    emails: list[str]


@dataclass
class BrochureSection:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass
class Brochure:
    title: str
    intro: str
    sections: list[BrochureSection]
    centres: list[Centre]
    durations: Durations
    emergency: str


def specialised_centres() -> list[Centre]:
    """The recognised specialised centres of the partner directory (Payoke, PAG-ASA, Sürya)."""
    centres = []
    for organisation in Organisation.objects.filter(
        kind=OrganisationKind.SPECIALISED_CENTRE, is_active=True
    ).order_by("slug"):
        channels = ContactChannel.objects.filter(organisation=organisation)
        centres.append(
            Centre(
                organisation.name,
                [c.value for c in channels if c.kind == ChannelKind.PHONE],
                [c.value for c in channels if c.kind == ChannelKind.EMAIL],
            )
        )
    return centres


def build_brochure(*, day: date | None = None, rules: Rules | None = None) -> Brochure:
    """The brochure in the active language."""
    d = Durations.from_rules(rules or load_rules(), day or timezone.localdate())
    sections = [
        BrochureSection(
            _("Step 1: time to recover and to think"),
            [
                ngettext(
                    "A specialised centre helps you. You receive a document that lets you stay in Belgium "
                    "for %(days)s day. Use this time to recover and to decide whether you want to tell the "
                    "police or the labour inspectors what happened to you.",
                    "A specialised centre helps you. You receive a document that lets you stay in Belgium "
                    "for %(days)s days. Use this time to recover and to decide whether you want to tell the "
                    "police or the labour inspectors what happened to you.",
                    d.reflection_days,
                )
                % {"days": d.reflection_days},
            ],
        ),
        BrochureSection(
            _("Step 2: you make a statement or file a complaint"),
            [
                ngettext(
                    "If you make a statement or file a complaint against the people who exploited you, you "
                    "receive a certificate of registration valid for %(months)s month.",
                    "If you make a statement or file a complaint against the people who exploited you, you "
                    "receive a certificate of registration valid for %(months)s months.",
                    d.ai_months,
                )
                % {"months": d.ai_months},
                ngettext(
                    "It can be extended %(count)s time.",
                    "It can be extended %(count)s times.",
                    d.ai_extensions,
                )
                % {"count": d.ai_extensions},
            ],
        ),
        BrochureSection(
            _("Step 3: you are recognised as a victim"),
            [
                ngettext(
                    "When the prosecutor or the labour auditor considers that you are a victim, you receive "
                    "a residence permit for %(months)s month. It is renewed as long as the criminal case "
                    "continues.",
                    "When the prosecutor or the labour auditor considers that you are a victim, you receive "
                    "a residence permit for %(months)s months. It is renewed as long as the criminal case "
                    "continues.",
                    d.cire_months,
                )
                % {"months": d.cire_months},
                ngettext(
                    "Your centre asks for each new document %(days)s day before the one you have expires. "
                    "Keep your appointments with the centre.",
                    "Your centre asks for each new document %(days)s days before the one you have expires. "
                    "Keep your appointments with the centre.",
                    d.renewal_days,
                )
                % {"days": d.renewal_days},
            ],
        ),
        BrochureSection(
            _("Step 4: a permanent right to stay"),
            [
                _(
                    "When the people who exploited you are convicted, or when the prosecutor asks the court "
                    "to convict them for trafficking, you can receive a residence permit of unlimited "
                    "duration."
                )
            ],
        ),
        BrochureSection(
            _("What you must do during the whole procedure"),
            items=[
                _("Stop all contact with the people who exploited you."),
                _("Stay accompanied by a specialised centre."),
                _("Do not commit acts that endanger public order."),
                _(
                    "Keep cooperating with the police and the justice system (this is not required for "
                    "minors)."
                ),
            ],
        ),
        BrochureSection(
            _("If you are under 18 and alone in Belgium"),
            [
                ngettext(
                    "You do not need a period to think first: you receive a document valid for %(months)s "
                    "month at once. A guardian is appointed to help you and to defend your interests.",
                    "You do not need a period to think first: you receive a document valid for %(months)s "
                    "months at once. A guardian is appointed to help you and to defend your interests.",
                    d.minor_months,
                )
                % {"months": d.minor_months},
                _(
                    "You can receive a residence permit even if you do not want to cooperate with the "
                    "justice system."
                ),
            ],
        ),
        BrochureSection(
            _("If you work or worked for a diplomat's household"),
            [
                _(
                    "Diplomats cannot be prosecuted in Belgium. Instead of a criminal complaint, a "
                    "procedure under labour law is started with the Protocol Directorate of Foreign "
                    "Affairs. Your right to stay is linked to that procedure."
                )
            ],
        ),
        BrochureSection(
            _("When the right to stay can end"),
            [
                _(
                    "Your right to stay can end if you contact the people who exploited you again, if "
                    "you stop cooperating, if you gave false information, if you are a danger to public "
                    "order, or if the criminal case is closed. Your centre explains your options; other "
                    "procedures may still be open to you."
                )
            ],
        ),
        BrochureSection(
            _("Your rights"),
            items=[
                _("Help from a specialised centre, free of charge: shelter, medical and psychological care."),
                _("A lawyer and legal advice."),
                _("An interpreter in your language, free of charge."),
                _("Your personal information is protected."),
            ],
        ),
    ]
    return Brochure(
        title=_("Victims of human trafficking: your right to stay in Belgium"),
        intro=_(
            "If you were exploited — at work, in prostitution, forced to beg or to commit crimes — you "
            "can get protection, help and the right to stay in Belgium. This leaflet explains the steps."
        ),
        sections=sections,
        centres=specialised_centres(),
        durations=d,
        emergency=_("In immediate danger? Call 112 (police, ambulance, fire brigade)."),
    )
