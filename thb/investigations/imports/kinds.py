"""The kinds of files investigators import (issue 8 §1): call detail records, bank transactions, money
transfer records, company-register extracts (KBO/BCE), vehicle registrations and online ads.

A kind declares **slots** — the facts a row of such a file may hold, each with the normaliser of its value
(normalise.py) — and the followthemoney **entities** a row becomes. An investigator's saved column mapping
only says which column of *their* file fills which slot (operators and banks each name columns their own
way); the entities are built here, the same way for every file of a kind.

Entity ids are derived from the investigation and the key values (FtM's ``make_entity_id``), so the same
IBAN, company number or plate imported twice — from one bank's file and a money-transfer file — is one
entity whose statements add up. Rows that are events (a call, a payment) are keyed by the import and the
row number: two identical transfers on one day stay two.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ROW = "@row"  # a key part: the import and the row number (events)


@dataclass(frozen=True)
class Slot:
    key: str
    kind: str  # a key of normalise.NORMALISERS
    label: Promise
    required: bool = False
    aliases: tuple[str, ...] = ()  # column names that fill it without asking (normalised: lower, _)


@dataclass(frozen=True)
class EntitySpec:
    """One entity per row, present when every ``keys`` slot has a value.

    ``properties`` maps an FtM property to a slot, to ``@name`` (the id of another entity of the same row,
    left out when that one is absent) or to ``=value`` (a constant)."""

    name: str
    schema: str
    keys: tuple[str, ...]
    properties: dict[str, str]
    key_extras: tuple[str, ...] = ()  # optional parts of the key (a name with a birth date when known)


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: Promise
    help: Promise
    slots: tuple[Slot, ...]
    entities: tuple[EntitySpec, ...] = field(default=())
    one_of: tuple[str, ...] = ()  # at least one of these slots must have a value in every row

    @property
    def slot_by_key(self) -> dict[str, Slot]:
        return {slot.key: slot for slot in self.slots}


CDR = ImportKind(
    key="cdr",
    label=_("Call detail records"),
    help=_("One row per call or text message, as the operator delivers them on the magistrate's order."),
    slots=(
        Slot(
            "caller_number", "phone", _("Calling number"), True, ("a_number", "calling", "msisdn_a", "from")
        ),
        Slot("receiver_number", "phone", _("Called number"), True, ("b_number", "called", "msisdn_b", "to")),
        Slot("start", "datetime", _("Start (date and time)"), True, ("date_time", "datetime", "start_time")),
        Slot("duration_seconds", "integer", _("Duration (seconds)"), False, ("duration", "seconds")),
        Slot("cell_id", "text", _("Cell (antenna) of the caller"), False, ("cell", "cgi", "antenna")),
        Slot("caller_name", "name", _("Subscriber of the calling number"), False, ("a_name",)),
        Slot("receiver_name", "name", _("Subscriber of the called number"), False, ("b_name",)),
    ),
    entities=(
        EntitySpec(
            "caller",
            "Person",
            ("caller_name", "caller_number"),
            {"name": "caller_name", "phone": "caller_number"},
        ),
        EntitySpec(
            "receiver",
            "Person",
            ("receiver_name", "receiver_number"),
            {"name": "receiver_name", "phone": "receiver_number"},
        ),
        EntitySpec(
            "call",
            "Call",
            (ROW,),
            {
                "caller": "@caller",
                "receiver": "@receiver",
                "callerNumber": "caller_number",
                "receiverNumber": "receiver_number",
                "startDate": "start",
                "duration": "duration_seconds",
                "description": "cell_id",
            },
        ),
    ),
)

BANK = ImportKind(
    key="bank",
    label=_("Bank transactions"),
    help=_("One row per transfer between two accounts (a bank's answer to a requisition)."),
    slots=(
        Slot("date", "date", _("Date"), True, ("booking_date", "value_date", "datum")),
        Slot("amount", "amount", _("Amount"), True, ("bedrag", "montant", "betrag")),
        Slot("currency", "currency", _("Currency"), False, ("munt", "devise", "wahrung")),
        Slot("payer_iban", "iban", _("Payer's IBAN"), True, ("from_iban", "debtor_iban", "account")),
        Slot("payer_name", "name", _("Payer's name"), False, ("from_name", "debtor", "debtor_name")),
        Slot(
            "beneficiary_iban",
            "iban",
            _("Beneficiary's IBAN"),
            True,
            ("to_iban", "creditor_iban", "counterparty_iban"),
        ),
        Slot(
            "beneficiary_name",
            "name",
            _("Beneficiary's name"),
            False,
            ("to_name", "creditor", "counterparty"),
        ),
        Slot("description", "text", _("Communication"), False, ("communication", "mededeling", "purpose")),
        Slot("reference", "identifier", _("Transaction reference"), False, ("transaction_id", "ref")),
    ),
    entities=(
        EntitySpec(
            "payer_account",
            "BankAccount",
            ("payer_iban",),
            {"iban": "payer_iban", "country": "payer_iban__country"},
        ),
        EntitySpec(
            "beneficiary_account",
            "BankAccount",
            ("beneficiary_iban",),
            {"iban": "beneficiary_iban", "country": "beneficiary_iban__country"},
        ),
        EntitySpec("payer", "LegalEntity", ("payer_name", "payer_iban"), {"name": "payer_name"}),
        EntitySpec(
            "beneficiary",
            "LegalEntity",
            ("beneficiary_name", "beneficiary_iban"),
            {"name": "beneficiary_name"},
        ),
        EntitySpec(
            "payer_holds",
            "Ownership",
            ("payer_name", "payer_iban"),
            {"owner": "@payer", "asset": "@payer_account", "role": "=account holder"},
        ),
        EntitySpec(
            "beneficiary_holds",
            "Ownership",
            ("beneficiary_name", "beneficiary_iban"),
            {"owner": "@beneficiary", "asset": "@beneficiary_account", "role": "=account holder"},
        ),
        EntitySpec(
            "payment",
            "Payment",
            (ROW,),
            {
                "date": "date",
                "amount": "amount",
                "currency": "currency",
                "payer": "@payer",
                "payerAccount": "@payer_account",
                "beneficiary": "@beneficiary",
                "beneficiaryAccount": "@beneficiary_account",
                "purpose": "description",
                "transactionNumber": "reference",
            },
        ),
    ),
)

MONEY_TRANSFER = ImportKind(
    key="money_transfer",
    label=_("Money transfer records"),
    help=_("One row per transfer through a money-transfer company (sender, receiver, countries, agent)."),
    slots=(
        Slot("date", "datetime", _("Date"), True, ("send_date", "transaction_date")),
        Slot("amount", "amount", _("Amount"), True, ("principal", "sent_amount")),
        Slot("currency", "currency", _("Currency"), False, ()),
        Slot("sender_name", "name", _("Sender's name"), True, ("sender",)),
        Slot("sender_country", "country", _("Sender's country"), False, ("send_country",)),
        Slot("sender_phone", "phone", _("Sender's phone"), False, ()),
        Slot("sender_id_number", "identifier", _("Sender's identity document number"), False, ("sender_id",)),
        Slot("receiver_name", "name", _("Receiver's name"), True, ("receiver", "beneficiary")),
        Slot(
            "receiver_country", "country", _("Receiver's country"), False, ("payout_country", "destination")
        ),
        Slot("receiver_phone", "phone", _("Receiver's phone"), False, ()),
        Slot("reference", "identifier", _("Transfer number (MTCN)"), False, ("mtcn", "control_number")),
        Slot("agent", "text", _("Agent (place of sending)"), False, ("agent_location", "location")),
    ),
    entities=(
        EntitySpec(
            "sender",
            "Person",
            ("sender_name",),
            {
                "name": "sender_name",
                "country": "sender_country",
                "phone": "sender_phone",
                "idNumber": "sender_id_number",
            },
            key_extras=("sender_id_number", "sender_phone"),
        ),
        EntitySpec(
            "receiver",
            "Person",
            ("receiver_name",),
            {"name": "receiver_name", "country": "receiver_country", "phone": "receiver_phone"},
            key_extras=("receiver_country", "receiver_phone"),
        ),
        EntitySpec(
            "transfer",
            "Payment",
            (ROW,),
            {
                "date": "date",
                "amount": "amount",
                "currency": "currency",
                "payer": "@sender",
                "beneficiary": "@receiver",
                "transactionNumber": "reference",
                "description": "agent",
            },
        ),
    ),
)

KBO = ImportKind(
    key="kbo",
    label=_("Company register extract (KBO/BCE)"),
    help=_(
        "One row per company, or per company and one of its directors, from the Crossroads Bank for "
        "Enterprises."
    ),
    slots=(
        Slot(
            "enterprise_number",
            "enterprise_number",
            _("Enterprise number"),
            True,
            ("ondernemingsnummer", "numero_entreprise", "kbo", "bce"),
        ),
        Slot("company_name", "name", _("Company name"), True, ("denomination", "naam", "name")),
        Slot("legal_form", "text", _("Legal form"), False, ("rechtsvorm", "forme_juridique")),
        Slot("status", "text", _("Status"), False, ("statut",)),
        Slot("start_date", "date", _("Start date"), False, ("startdatum", "date_debut")),
        Slot("address", "address", _("Registered office"), False, ("adres", "adresse", "seat")),
        Slot(
            "person_name", "name", _("Director's name"), False, ("director", "bestuurder", "administrateur")
        ),
        Slot("person_birth_date", "date", _("Director's date of birth"), False, ("director_birth_date",)),
        Slot(
            "person_role",
            "text",
            _("Director's function"),
            False,
            ("function", "functie", "fonction", "role"),
        ),
        Slot("role_start", "date", _("Function since"), False, ("function_start",)),
    ),
    entities=(
        EntitySpec("office", "Address", ("address__key",), {"full": "address", "country": "=be"}),
        EntitySpec(
            "company",
            "Company",
            ("enterprise_number",),
            {
                "name": "company_name",
                "registrationNumber": "enterprise_number",
                "legalForm": "legal_form",
                "status": "status",
                "incorporationDate": "start_date",
                "address": "address",
                "addressEntity": "@office",
                "jurisdiction": "=be",
            },
        ),
        EntitySpec(
            "director",
            "Person",
            ("person_name",),
            {"name": "person_name", "birthDate": "person_birth_date"},
            key_extras=("person_birth_date",),
        ),
        EntitySpec(
            "directorship",
            "Directorship",
            ("enterprise_number", "person_name"),
            {
                "director": "@director",
                "organization": "@company",
                "role": "person_role",
                "startDate": "role_start",
            },
            key_extras=("person_birth_date", "person_role"),
        ),
    ),
)

VEHICLES = ImportKind(
    key="vehicles",
    label=_("Vehicle registrations"),
    help=_("One row per vehicle and holder, from the vehicle registration service (DIV)."),
    slots=(
        Slot(
            "plate",
            "plate",
            _("Number plate"),
            True,
            ("registration", "nummerplaat", "plaque", "kennzeichen"),
        ),
        Slot("make", "text", _("Make"), False, ("merk", "marque", "brand")),
        Slot("model", "text", _("Model"), False, ("type",)),
        Slot("vin", "identifier", _("Chassis number (VIN)"), False, ("chassis",)),
        Slot(
            "registration_date",
            "date",
            _("Registered on"),
            False,
            ("inschrijvingsdatum", "date_immatriculation"),
        ),
        Slot("owner_name", "name", _("Holder's name"), False, ("holder", "houder", "titulaire", "owner")),
        Slot("owner_birth_date", "date", _("Holder's date of birth"), False, ()),
        Slot("owner_enterprise_number", "enterprise_number", _("Holder's enterprise number"), False, ()),
        Slot("owner_address", "address", _("Holder's address"), False, ()),
    ),
    entities=(
        EntitySpec("holder_address", "Address", ("owner_address__key",), {"full": "owner_address"}),
        EntitySpec(
            "holder",
            "Person",
            ("owner_name",),
            {
                "name": "owner_name",
                "birthDate": "owner_birth_date",
                "address": "owner_address",
                "addressEntity": "@holder_address",
            },
            key_extras=("owner_birth_date", "owner_address__key"),
        ),
        EntitySpec(
            "holder_company",
            "Company",
            ("owner_enterprise_number",),
            {"registrationNumber": "owner_enterprise_number", "name": "owner_name", "jurisdiction": "=be"},
        ),
        EntitySpec(
            "vehicle",
            "Vehicle",
            ("plate",),
            {
                "registrationNumber": "plate",
                "name": "plate",
                "model": "model",
                "type": "make",
                "registrationDate": "registration_date",
                "owner": "@holder",
                "operator": "@holder_company",
                "description": "vin",
                "country": "=be",
            },
        ),
    ),
)

ONLINE_ADS = ImportKind(
    key="online_ads",
    label=_("Online ads and profiles"),
    help=_(
        "One row per ad or profile seen online (escort sites, job offers, rooms to let), with its contact "
        "details."
    ),
    slots=(
        Slot("platform", "text", _("Website or app"), True, ("site", "website", "service")),
        Slot("account_name", "text", _("Account or profile name"), False, ("username", "profile", "pseudo")),
        Slot("phone", "phone", _("Phone in the ad"), False, ("telephone", "tel")),
        Slot("email", "email", _("E-mail in the ad"), False, ("mail",)),
        Slot("ad_url", "url", _("Address of the ad (URL)"), False, ("url", "link")),
        Slot("posted_at", "datetime", _("Posted"), False, ("date", "published")),
        Slot("title", "text", _("Title"), False, ("headline",)),
        Slot("location", "text", _("Place in the ad"), False, ("city", "place")),
    ),
    entities=(
        EntitySpec(
            "account",
            "UserAccount",
            ("platform",),
            {
                "service": "platform",
                "username": "account_name",
                "phone": "phone",
                "email": "email",
                "sourceUrl": "ad_url",
                "createdAt": "posted_at",
                "notes": "title",
                "address": "location",
            },
            key_extras=("account_name", "phone", "email"),
        ),
    ),
    one_of=("account_name", "phone", "email"),
)

KINDS: dict[str, ImportKind] = {
    kind.key: kind for kind in (CDR, BANK, MONEY_TRANSFER, KBO, VEHICLES, ONLINE_ADS)
}
