"""A training session in a real browser (Playwright driving Debian's Chromium): the coordination cell
creates a course and a session in French; an inspector registers in German; after the session the
organiser records attendance, the inspector gives feedback and downloads the certificate; the feedback's
charts appear from five answers. With ``THB_SCREENSHOTS=<dir>`` the pages are saved under
``<dir>/expertise/`` — the screenshots of docs/expertise.md (``make screenshots``)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thb.core.models import OrganisationKind
from thb.core.roles import Role
from thb.core.tests.factories import OrganisationFactory, UserFactory
from thb.expertise.models import Registration, TrainingSession
from thb.expertise.trainings import feedback_give, registration_register

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_training_from_the_catalogue_to_the_certificate(as_user, live_server, shot):
    organiser = UserFactory(
        role=Role.COORDINATOR, organisation=OrganisationFactory(kind=OrganisationKind.COORDINATION_CELL)
    )
    inspector = UserFactory(
        role=Role.CASEWORKER,
        organisation=OrganisationFactory(kind=OrganisationKind.SOCIAL_INSPECTION),
        first_name="Jonas",
        last_name="Weber",
    )
    page = as_user(organiser, "fr")
    page.goto(f"{live_server.url}/fr/staff/library/trainings/new/")
    page.fill("#id_title_fr", "L'enquête financière dans les dossiers de traite")
    page.fill("#id_title_de", "Finanzermittlungen in Menschenhandelsfällen")
    page.fill("#id_description_fr", "Suivre l'argent : comptes, transferts, saisies.")
    page.fill("#id_hours", "6")
    page.check("input[name=themes][value=financial_investigation]")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(re.compile(r"/fr/staff/library/trainings/[0-9a-f-]{36}/$"))
    start = timezone.localtime() + datetime.timedelta(days=14)
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT09:00"))
    page.fill("#id_ends_at", start.strftime("%Y-%m-%dT16:00"))
    page.fill("#id_place", "Eupen, Gerichtsgebäude")
    page.select_option("#id_language", "de")
    page.fill("#id_trainers", "OCDEFO, Myria")
    page.fill("#id_capacity", "20")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(re.compile(r"/fr/staff/library/sessions/[0-9a-f-]{36}/$"))
    session = TrainingSession.objects.get()

    reader = as_user(inspector, "de")
    reader.goto(f"{live_server.url}/de/staff/library/trainings/")
    shot(reader, "trainings")
    reader.get_by_role("link", name=re.compile(r"\d")).first.click()
    reader.locator("form[action$='/do/register/'] button").click()
    expect(reader.locator("p.message-success")).to_be_visible()
    registration = Registration.objects.get(user=inspector)
    assert registration.status == "registered"

    others = [
        UserFactory(
            role=Role.INVESTIGATOR, organisation=OrganisationFactory(kind=OrganisationKind.POLICE_LOCAL)
        )
        for _ in range(4)
    ]
    registrations = [registration_register(actor=person, session=session) for person in others]
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=1, hours=7),
        ends_at=timezone.now() - datetime.timedelta(days=1),
    )
    session.refresh_from_db()
    page.goto(f"{live_server.url}/fr/staff/library/sessions/{session.uuid}/")
    for checkbox in page.locator("input[name=present]").all():
        checkbox.check()
    page.locator("form[action$='/do/attendance/'] button").click()
    expect(page.locator("p.message-success")).to_be_visible()
    assert Registration.objects.filter(session=session, attended=True).count() == 5
    for person, other in zip(others, registrations, strict=True):
        other.refresh_from_db()
        feedback_give(
            actor=person, registration=other, ratings={"relevance": 5, "quality": 4, "applicability": 4}
        )

    reader.goto(f"{live_server.url}/de/staff/library/sessions/{session.uuid}/")
    reader.locator("input[name=relevance][value='4']").check()
    reader.locator("input[name=quality][value='5']").check()
    reader.locator("input[name=applicability][value='3']").check()
    reader.locator("form.stacked button[type=submit]").click()
    expect(reader.locator("figure.chart img")).to_have_count(3)
    reader.wait_for_load_state("load")
    widths = [
        image.evaluate("image => image.naturalWidth") for image in reader.locator("figure.chart img").all()
    ]
    assert all(width > 0 for width in widths), widths
    shot(reader, "training-feedback")
    with reader.expect_download() as certificate:
        reader.locator("a[href$='.pdf']").first.click()
    assert certificate.value.suggested_filename.startswith("certificate-")
