"""The demo investigation of ``thb load-demo`` (``make run``): "Operation Scaffold (generated)" of the
Brussels federal police THB section, directed by the Brussels prosecutor's office, with the seven generated
files of scenario.py imported. Idempotent: files already imported are skipped."""

from __future__ import annotations

from thb.core.models import Organisation, User

from .models import Investigation
from .scenario import import_scenario
from .services import investigation_open

TITLE = "Operation Scaffold (generated)"


def load_demo_investigation() -> str:
    investigator = User.objects.get(username="demo-investigator")
    investigation = Investigation.objects.filter(organisation=investigator.organisation, title=TITLE).first()
    if investigation is None:
        investigation = investigation_open(
            actor=investigator,
            title=TITLE,
            magistrate_office=Organisation.objects.get(slug="prosecutor-brussels"),
        )
    imported = import_scenario(investigation=investigation, actor=investigator)
    return f"Investigations: {investigation.reference} {TITLE}, {imported} generated file(s) imported."
