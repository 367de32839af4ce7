"""The hotline's vocabularies (TextChoices). Their values are contracts shared with the dispatch facts
(issue 4: ``signal_type``, ``exploitation``, ``sector``) and the API; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WEB = "web", _("Web report")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WALK_IN = "walk_in", _("Walk-in")
    PARTNER_REFERRAL = "partner_referral", _("Referral from a partner")
    # an alert of a civil registry on children's travel documents (issue 9 §3), sent through dispatch
    CIVIL_REGISTRY = "civil_registry", _("Civil-registry alert")


# What an operator logs by hand: not web reports (the public form writes them) nor civil-registry alerts.
OPERATOR_CHANNELS = tuple(c for c in Channel.values if c not in (Channel.WEB, Channel.CIVIL_REGISTRY))


class SignalType(models.TextChoices):
    """Polaris's signal types (BELGIUM.md §5): "not every signal becomes a case"."""

    CRISIS = "crisis", _("Crisis")
    TIP = "tip", _("Tip")
    SERVICE_REQUEST = "service_request", _("Request for services")
    INFORMATION = "information", _("Information request")
    TRAINING = "training", _("Training or technical request")
    NON_DATA = "non_data", _("Non-data (silent, hang-up, wrong number, test)")


class NonDataKind(models.TextChoices):
    SILENT = "silent", _("Silent call")
    HANG_UP = "hang_up", _("Hang-up")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    TEST = "test", _("Test")
    PRANK = "prank", _("Prank or abuse")


class Exploitation(models.TextChoices):
    """Forms of exploitation of Criminal Code art. 433quinquies, plus smuggling (Aliens Act art. 77bis)."""

    SEXUAL = "sexual", _("Sexual exploitation")
    LABOUR = "labour", _("Labour exploitation")
    DOMESTIC_SERVITUDE = "domestic_servitude", _("Domestic servitude")
    BEGGING = "begging", _("Exploitation of begging")
    FORCED_CRIME = "forced_crime", _("Forced criminality")
    ORGAN_REMOVAL = "organ_removal", _("Removal of organs or tissue")
    SMUGGLING = "smuggling", _("Smuggling of human beings")


class ReporterRole(models.TextChoices):
    SELF = "self", _("Person concerned")
    WITNESS = "witness", _("Witness")
    PROFESSIONAL = "professional", _("Professional")
    OTHER = "other", _("Other")


class Sector(models.TextChoices):
    """Risk groups and sectors named by the action plan's hotline point; NACE sections in the docstring of
    ``NACE_SECTIONS`` for statistics."""

    DOMESTIC_WORK = "domestic_work", _("Domestic work")
    CONSTRUCTION = "construction", _("Construction")
    AGRICULTURE = "agriculture", _("Agriculture and horticulture")
    HOSPITALITY = "hospitality", _("Hotels, restaurants and cafés")
    CLEANING = "cleaning", _("Cleaning")
    CAR_WASH = "car_wash", _("Car washes")
    TRANSPORT = "transport", _("Transport and logistics")
    BEAUTY = "beauty", _("Nail and beauty salons")
    PROSTITUTION = "prostitution", _("Prostitution")
    BEGGING = "begging", _("Begging")
    FORCED_CRIME = "forced_crime", _("Forced criminality")
    MEAT_PROCESSING = "meat_processing", _("Meat processing")
    RETAIL = "retail", _("Shops and night shops")
    OTHER = "other", _("Other")


# NACE Rev. 2 section (or division) per sector, for statistics exports (Eurostat uses NACE).
NACE_SECTIONS: dict[str, str] = {
    Sector.DOMESTIC_WORK: "T97",
    Sector.CONSTRUCTION: "F",
    Sector.AGRICULTURE: "A01",
    Sector.HOSPITALITY: "I",
    Sector.CLEANING: "N81.2",
    Sector.CAR_WASH: "S96.0/G45.2",
    Sector.TRANSPORT: "H",
    Sector.BEAUTY: "S96.02",
    Sector.PROSTITUTION: "S96.09",
    Sector.MEAT_PROCESSING: "C10.1",
    Sector.RETAIL: "G47",
}


class ContactStatus(models.TextChoices):
    # A context tells translators these are states, not the "Open" button or a "Closed" day of the week.
    NEW = "new", pgettext_lazy("contact status", "New")
    OPEN = "open", pgettext_lazy("contact status", "Open")
    WAITING = "waiting", _("Waiting for the reporter")
    CLOSED = "closed", pgettext_lazy("contact status", "Closed")


class Outcome(models.TextChoices):
    NONE = "", _("Not decided")
    INFORMATION_GIVEN = "information_given", _("Information given")
    REFERRED = "referred", _("Referred to partners")
    EMERGENCY_SERVICES = "emergency_services", _("Emergency services called")
    NO_ACTION = "no_action", _("No action needed")
    CASE_OPENED = "case_opened", _("Victim case opened")
