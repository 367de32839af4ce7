"""The hotline's short checklist of signs heard (staff only: kept out of the public catalogues)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScreeningIndicator(models.TextChoices):
    """The hotline's short checklist, asked in a call or read in a report: a few of the *strong* ILO/EC
    operational indicators (2009; BELGIUM.md §4) that a caller can tell without an interview. It flags a
    contact for the operator and the dispatch facts; the full assessment with the four ILO lists belongs
    to the victim case (issue 6), never to a hotline call."""

    DECEIVED = "deceived", _("Deceived about the job or its conditions")
    DOCUMENTS_TAKEN = "documents_taken", _("Identity documents taken away")
    DEBT = "debt", _("Debt to the employer or recruiter that cannot be paid off")
    CONFINED = "confined", _("Cannot leave freely, locked in or watched")
    VIOLENCE_THREATS = "violence_threats", _("Violence or threats, also against the family")
    NO_PAY = "no_pay", _("Little or no pay, or pay withheld")
    EXCESSIVE_HOURS = "excessive_hours", _("Excessive working days or hours")
    LIVES_AT_WORK = "lives_at_work", _("Lives where they work, in degrading conditions")
    CONTROLLED = "controlled", _("Someone else controls their money, phone or movements")
    MINOR_WORKING = "minor_working", _("A minor working, begging or in prostitution")
