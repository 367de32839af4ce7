"""The facts a dispatch procedure decides on (issue 4 §1). Their names and values are a contract, documented
in docs/dispatch.md: procedures written by coordinators, the ``thb dispatch simulate`` command and other
teams' tools use them.

A fact that nobody recorded is *unknown* (``None``), which is not the same as ``false``: a victim whose
consent was not asked has not refused. Conditions in procedures respect the difference (``consent_to_police:
false`` matches only a recorded refusal; ``{not: true}`` matches a refusal or the unknown).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from thb.core.reference.postcodes import area_for_postcode, parse_postcode
from thb.hotline.models import Contact, Exploitation, Sector, SignalType

SIGNAL_TYPES = tuple(SignalType.values)
EXPLOITATION = tuple(Exploitation.values)
SECTORS = tuple(Sector.values)
REGIONS = ("flanders", "brussels", "wallonia")

SignalTypeFact = Literal[SIGNAL_TYPES]  # type: ignore[valid-type]
ExploitationFact = Literal[EXPLOITATION]  # type: ignore[valid-type]
SectorFact = Literal[SECTORS]  # type: ignore[valid-type]
RegionFact = Literal[REGIONS]  # type: ignore[valid-type]

BOOLEAN_FACTS = (
    "minor_involved",
    "unaccompanied_minor",
    "immediate_danger",
    "victim_wants_assistance",
    "consent_to_police",
    "diplomatic_household",
    "online_csam",
)
# fact name → the values it may take (None: free text, checked by the Facts model)
FACT_VALUES: dict[str, tuple[Any, ...] | None] = {
    "signal_type": SIGNAL_TYPES,
    "exploitation": EXPLOITATION,
    "sector": SECTORS,
    **{name: (True, False) for name in BOOLEAN_FACTS},
    "postcode": None,
    "region": REGIONS,
    "language": None,
}
LIST_FACTS = frozenset({"exploitation"})


class Facts(BaseModel):
    """What is known about a contact or case, as dispatch sees it. Unknown facts are refused (a typo in a
    facts file must not silently match nothing)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    signal_type: SignalTypeFact | None = None
    exploitation: tuple[ExploitationFact, ...] = ()
    sector: SectorFact | None = None
    minor_involved: bool | None = None
    unaccompanied_minor: bool | None = None
    immediate_danger: bool | None = None
    victim_wants_assistance: bool | None = None
    consent_to_police: bool | None = None
    postcode: str | None = Field(None, description="Belgian postcode, 1000-9999")
    region: RegionFact | None = Field(None, description="derived from the postcode when absent")
    diplomatic_household: bool | None = None
    online_csam: bool | None = None
    language: str | None = Field(None, max_length=35, description="BCP 47 code; routing uses its first part")

    @field_validator("postcode", mode="before")
    @classmethod
    def _postcode(cls, value: Any) -> str | None:
        if value is None or value == "":
            return None
        number = parse_postcode(value)
        if number is None or area_for_postcode(number) is None:
            raise ValueError("not a Belgian postcode (1000-9999)")
        return str(number)

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if not value:
            return None
        primary = value.split("-")[0].lower()
        if not (2 <= len(primary) <= 3 and primary.isalpha() and primary.isascii()):
            raise ValueError("not a language code (BCP 47, e.g. ro or ar-MA)")
        return value

    @field_validator("exploitation", mode="before")
    @classmethod
    def _exploitation(cls, value: Any) -> Any:
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list | tuple):
            return tuple(sorted(set(value), key=str))
        return value

    @model_validator(mode="after")
    def _derived(self) -> Facts:
        """The region follows from the postcode when not given; an unaccompanied minor is a minor."""
        if self.region is None and self.postcode:
            area = area_for_postcode(self.postcode)
            object.__setattr__(self, "region", area.region if area else None)
        if self.unaccompanied_minor and not self.minor_involved:
            object.__setattr__(self, "minor_involved", True)
        return self

    @cached_property
    def judicial_district(self) -> str | None:
        """Not a fact of the vocabulary: where the police and magistrates of the place are found."""
        area = area_for_postcode(self.postcode) if self.postcode else None
        return area.judicial_district if area else None

    @cached_property
    def primary_language(self) -> str | None:
        return self.language.split("-")[0].lower() if self.language else None

    def as_dict(self) -> dict[str, Any]:
        """Known facts only, lists as lists (the JSON of ``thb dispatch simulate``'s input)."""
        out: dict[str, Any] = {}
        for name, value in self.model_dump().items():
            if value is None or value == ():
                continue
            out[name] = list(value) if isinstance(value, tuple) else value
        return out


def facts_from_contact(contact: Contact) -> Facts:
    """The facts a hotline contact gives dispatch. A minor counts as involved when the operator said so, when
    minors were counted among the potential victims, or when the checklist says a minor works or begs."""
    minor = contact.minor_involved
    if (contact.minors_count or 0) > 0 or "minor_working" in (contact.indicators or []):
        minor = True
    return Facts(
        signal_type=contact.signal_type or None,
        exploitation=tuple(contact.exploitation or ()),
        sector=contact.sector or None,
        minor_involved=minor,
        unaccompanied_minor=contact.unaccompanied_minor,
        immediate_danger=contact.immediate_danger or None,
        victim_wants_assistance=contact.victim_wants_assistance,
        consent_to_police=contact.consent_to_police,
        postcode=contact.postcode or None,
        region=contact.region or None,
        diplomatic_household=contact.diplomatic_household,
        online_csam=contact.online_csam,
        language=contact.language or None,
    )
