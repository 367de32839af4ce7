"""Awareness campaigns (issue 9 §2): a campaign with its code, short links and QR codes, materials per
language, attribution of contacts without tracking, and the figures that followed."""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from thb.campaigns.models import Campaign, CampaignMaterial, CampaignVisit
from thb.campaigns.selectors import campaign_figures, week_start
from thb.campaigns.services import campaign_save, material_add, visit_count
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import AuditEvent, OrganisationKind
from thb.core.roles import Role
from thb.core.tests.access_matrix import assert_access_matrix, client_with_second_factor
from thb.core.tests.factories import OrganisationFactory, UserFactory
from thb.dispatch.models import Referral, ReferralStatus
from thb.hotline.models import Contact
from thb.hotline.services.console import contact_log_call
from thb.hotline.services.public_reports import public_report_submit

pytestmark = pytest.mark.django_db

TEXT = "Je travaille dans un car wash sans contrat et le patron garde mon passeport depuis des mois."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def coordinator(db):
    return UserFactory(
        role=Role.COORDINATOR, organisation=OrganisationFactory(kind=OrganisationKind.COORDINATION_CELL)
    )


@pytest.fixture
def hotline(db):
    return OrganisationFactory(slug="hotline", kind=OrganisationKind.HOTLINE)


def _data(**overrides):
    data = {
        "name": {"fr": "Travail domestique", "nl": "Huishoudelijk werk", "de": "", "en": "Domestic work"},
        "message": {"fr": "Vous avez des droits.", "en": "You have rights."},
        "target_groups": ["domestic_workers", "migrant_workers"],
        "sectors": ["domestic_work"],
        "languages": ["fr", "ro", "ar"],
        "default_language": "ro",
        "channels": ["posters", "social_media"],
        "departments": ["coordination_cell", "employment"],
        "starts_on": datetime.date(2026, 9, 1),
        "ends_on": datetime.date(2026, 12, 31),
    }
    data.update(overrides)
    return data


@pytest.fixture
def campaign(coordinator):
    return campaign_save(actor=coordinator, data=_data())


def test_a_campaign_gets_a_printable_code_and_is_audited(campaign, coordinator):
    assert re.fullmatch(r"[A-Z0-9]{6}", campaign.code)
    assert campaign.organisation == coordinator.organisation
    assert campaign.name_text == "Domestic work"
    assert campaign.name == {"fr": "Travail domestique", "nl": "Huishoudelijk werk", "en": "Domestic work"}
    event = AuditEvent.objects.get(action="campaign.create")
    assert event.object_uuid == campaign.uuid
    assert event.changes["languages"]["new"] == ["fr", "ro", "ar"]


def test_changing_a_campaign_keeps_its_code_and_records_what_changed(campaign, coordinator):
    changed = campaign_save(
        actor=coordinator, data=_data(ends_on=datetime.date(2027, 3, 31)), campaign=campaign
    )

    assert changed.code == campaign.code
    event = AuditEvent.objects.get(action="campaign.update")
    assert event.changes == {"ends_on": {"old": "2026-12-31", "new": "2027-03-31"}}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": {"fr": " ", "en": ""}}, "name"),
        ({"ends_on": datetime.date(2026, 8, 1)}, "ends_on"),
        ({"languages": ["fr", "xx"]}, "languages"),
        ({"languages": []}, "languages"),
        ({"default_language": "nl"}, "default_language"),
        ({"target_groups": ["aliens"]}, "target_groups"),
        ({"channels": []}, "channels"),
        ({"departments": ["ministry_of_magic"]}, "departments"),
    ],
)
def test_bad_campaigns_are_refused_and_nothing_is_written(coordinator, overrides, field):
    with pytest.raises(ValidationFailedError) as caught:
        campaign_save(actor=coordinator, data=_data(**overrides))

    assert caught.value.field == field
    assert not Campaign.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="campaign").exists()


def test_only_the_coordination_cell_writes_campaigns(db):
    supervisor = UserFactory(role=Role.SUPERVISOR)
    with pytest.raises(PermissionDeniedError):
        campaign_save(actor=supervisor, data=_data())


def test_the_short_link_opens_the_hotline_in_its_language_with_the_code_and_counts_the_visit(
    client, campaign
):
    response = client.get(f"/c/{campaign.code}/ar")

    assert response.status_code == 302
    assert response["Location"] == f"/ar/?c={campaign.code}"
    client.get(f"/c/{campaign.code.lower()}/ar")
    client.get(f"/c/{campaign.code}")  # no language: the campaign's main language
    visits = {(v.language, v.count) for v in CampaignVisit.objects.filter(campaign=campaign)}
    assert visits == {("ar", 2), ("ro", 1)}


def test_a_language_outside_the_campaign_falls_back_to_its_main_language(client, campaign):
    assert client.get(f"/c/{campaign.code}/nl")["Location"] == f"/ro/?c={campaign.code}"


def test_an_unknown_code_still_leads_to_the_hotline_without_a_code(client, db):
    response = client.get("/c/ZZZZZZ/ro")

    assert response.status_code == 302
    assert response["Location"] == "/ro/"
    assert client.get("/c/<script>")["Location"] == "/en/"
    assert not CampaignVisit.objects.exists()


def test_a_report_from_the_campaign_page_carries_the_code_and_nothing_about_the_person(
    client, campaign, hotline
):
    home = client.get(f"/ro/?c={campaign.code}").content.decode()
    assert f'href="/ro/report/?c={campaign.code}"' in home
    form = client.get(f"/ro/report/?c={campaign.code}").content.decode()
    assert f'name="campaign" value="{campaign.code}"' in form
    key = re.search(r'name="submission_key" value="(\w+)"', form).group(1)

    response = client.post(
        "/ro/report/",
        {"text": TEXT, "submission_key": key, "campaign": campaign.code},
        REMOTE_ADDR="203.0.113.9",
    )

    assert response.status_code == 200
    contact = Contact.objects.get()
    assert contact.campaign_code == campaign.code
    assert "203.0.113.9" not in json.dumps(list(AuditEvent.objects.values("changes")))


def test_the_api_takes_a_campaign_code_and_refuses_a_malformed_one(client, campaign, hotline):
    ok = client.post(
        "/api/v1/public/reports",
        data=json.dumps({"text": TEXT, "campaign": campaign.code.lower()}),
        content_type="application/json",
    )
    bad = client.post(
        "/api/v1/public/reports",
        data=json.dumps({"text": TEXT, "campaign": "<b>x</b>"}),
        content_type="application/json",
    )

    assert ok.status_code == 201
    assert bad.status_code == 422
    assert list(Contact.objects.values_list("campaign_code", flat=True)) == [campaign.code]


def test_an_operator_records_the_code_a_caller_quotes(campaign, hotline):
    operator = UserFactory(role=Role.OPERATOR, organisation=hotline)
    contact = contact_log_call(
        actor=operator, signal_type="tip", campaign_code=f" {campaign.code[:3].lower()}-{campaign.code[3:]} "
    )

    assert contact.campaign_code == campaign.code
    with pytest.raises(ValidationFailedError) as caught:
        contact_log_call(actor=operator, signal_type="tip", campaign_code="saw it on TV")
    assert caught.value.field == "campaign_code"


def _referral(contact, partner, status=ReferralStatus.SENT):
    return Referral.objects.create(
        organisation=partner,
        source_organisation=contact.organisation,
        contact=contact,
        partner_kind=partner.kind,
        legal_basis="consent",
        disclosure_profile="centre",
        ack_within_hours=24,
        status=status,
    )


def test_the_figures_count_contacts_by_language_and_the_referrals_with_small_cells_hidden(campaign, hotline):
    for _ in range(6):
        public_report_submit(text=TEXT, language="ro", campaign_code=campaign.code)
    for _ in range(2):
        public_report_submit(text=TEXT, language="ar", campaign_code=campaign.code)
    public_report_submit(text=TEXT, language="fr")  # no campaign
    centre = OrganisationFactory(kind=OrganisationKind.SPECIALISED_CENTRE)
    police = OrganisationFactory(kind=OrganisationKind.POLICE_FEDERAL_THB)
    contacts = list(Contact.objects.filter(campaign_code=campaign.code))
    for contact in contacts[:6]:
        _referral(contact, centre)
    _referral(contacts[6], police)
    _referral(contacts[7], police, status=ReferralStatus.PROPOSED)  # never made: not counted

    figures = campaign_figures(campaign)

    assert figures.contacts == 8
    # ar = 2 is small; ro = 6 is hidden too, or 8 - 6 would give ar away
    assert dict(figures.by_language.cells) == {"fr": 0, "ro": None, "ar": None}
    assert figures.by_language.total == 8
    assert dict(figures.referrals_by_partner_kind.cells) == {
        "specialised_centre": None,
        "police_federal_thb": None,
    }
    assert figures.referrals_by_partner_kind.total == 7
    weeks = dict(figures.by_week.cells)
    assert min(weeks) == datetime.date(2026, 8, 31)  # the Monday of the campaign's first week
    this_week = week_start(timezone.localdate())
    assert weeks[this_week] == 8
    assert set(weeks.values()) == {0, 8}


def test_visits_are_counted_per_day_and_language_only(campaign):
    visit_count(campaign=campaign, language="ro")
    visit_count(campaign=campaign, language="ro")

    visit = CampaignVisit.objects.get()
    assert visit.count == 2
    assert {f.name for f in CampaignVisit._meta.get_fields()} == {
        "id",
        "campaign",
        "day",
        "language",
        "count",
    }


def test_materials_are_checked_on_their_bytes_and_served_only_as_downloads(campaign, coordinator, settings):
    material = material_add(
        actor=coordinator,
        campaign=campaign,
        language="ro",
        kind="poster",
        title="Afiș",
        upload=io.BytesIO(PDF),
        filename="../../afiș ro.pdf",
    )
    assert material.filename == "afiș ro.pdf"
    assert material.content_type == "application/pdf"

    for name, data, message in [
        ("poster.pdf", b"<html><script>alert(1)</script></html>", "does not match"),
        ("poster.html", b"<html></html>", "not accepted"),
        ("poster.svg", b"<svg onload='alert(1)'/>", "not accepted"),
        ("empty.pdf", b"", "empty"),
    ]:
        with pytest.raises(ValidationFailedError, match=message):
            material_add(
                actor=coordinator,
                campaign=campaign,
                language="ro",
                kind="poster",
                title="x",
                upload=io.BytesIO(data),
                filename=name,
            )
    settings.THB_CAMPAIGN_MATERIAL_MAX_MB = 1
    with pytest.raises(ValidationFailedError, match="larger than 1 MB"):
        material_add(
            actor=coordinator,
            campaign=campaign,
            language="ro",
            kind="poster",
            title="x",
            upload=io.BytesIO(PDF + b"0" * 1_000_000),
            filename="big.pdf",
        )
    with pytest.raises(ValidationFailedError) as caught:
        material_add(
            actor=coordinator,
            campaign=campaign,
            language="nl",
            kind="poster",
            title="x",
            upload=io.BytesIO(PDF),
            filename="a.pdf",
        )
    assert caught.value.field == "language"
    assert CampaignMaterial.objects.count() == 1

    client = client_with_second_factor(coordinator)
    response = client.get(reverse("campaigns:material", args=[campaign.uuid, material.uuid]))
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''afi%C8%99%20ro.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_the_pages_upload_a_material_and_show_the_links_qr_codes_and_charts(campaign, coordinator, settings):
    settings.THB_BASE_URL = "https://thb.example.be"
    client = client_with_second_factor(coordinator)
    detail = reverse("campaigns:detail", args=[campaign.uuid])

    refused = client.post(
        detail,
        {
            "title": "Poster",
            "language": "ar",
            "kind": "poster",
            "file": SimpleUploadedFile("p.pdf", b"GIF89a"),
        },
    )
    assert refused.status_code == 422
    assert "does not match its name" in refused.content.decode()
    added = client.post(
        detail,
        {"title": "Poster", "language": "ar", "kind": "poster", "file": SimpleUploadedFile("p.pdf", PDF)},
    )
    assert added.status_code == 302
    page = client.get(detail).content.decode()
    assert f"https://thb.example.be/c/{campaign.code}/ar" in page
    assert "p.pdf" in page

    svg = client.get(reverse("campaigns:qr", args=[campaign.uuid, "ar", "svg"]))
    png = client.get(reverse("campaigns:qr", args=[campaign.uuid, "ar", "png"]))
    assert svg["Content-Type"] == "image/svg+xml"
    assert f"<title>https://thb.example.be/c/{campaign.code}/ar</title>" in svg.content.decode()
    assert png.content.startswith(b"\x89PNG")
    assert client.get(reverse("campaigns:qr", args=[campaign.uuid, "nl", "png"])).status_code == 404

    chart = client.get(reverse("campaigns:chart", args=[campaign.uuid, "language", "svg"]))
    assert chart.status_code == 200
    assert chart["Content-Type"] == "image/svg+xml"
    assert "Contacts by language" in chart.content.decode()
    assert client.get(reverse("campaigns:chart", args=[campaign.uuid, "language", "png"])).content.startswith(
        b"\x89PNG"
    )
    assert client.get(reverse("campaigns:chart", args=[campaign.uuid, "names", "svg"])).status_code == 404
    csv_text = client.get(reverse("campaigns:figures-csv", args=[campaign.uuid])).content.decode()
    assert csv_text.splitlines()[0] == "campaign,breakdown,category,count"


def test_the_form_creates_a_campaign(coordinator):
    client = client_with_second_factor(coordinator)
    partner = OrganisationFactory(kind=OrganisationKind.NGO)
    form = {
        "name_fr": "Saisonniers",
        "target_groups": ["seasonal_workers"],
        "languages": ["fr", "bg"],
        "default_language": "bg",
        "channels": ["radio"],
        "partners": [partner.pk],
        "starts_on": "2027-03-01",
    }
    response = client.post(reverse("campaigns:new"), {**form, "ends_on": "2027-02-01"})
    assert response.status_code == 422
    assert "cannot end before it starts" in response.content.decode()
    assert not Campaign.objects.exists()

    response = client.post(reverse("campaigns:new"), {**form, "ends_on": "2027-06-01"})
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert list(campaign.partners.all()) == [partner]
    assert campaign.default_language == "bg"


def test_access_matrix(campaign):
    readers = [Role.COORDINATOR, Role.SUPERVISOR, Role.ANALYST]
    assert_access_matrix(reverse("campaigns:list"), allowed_roles=readers, cross_organisation=False)
    assert_access_matrix(
        reverse("campaigns:detail", args=[campaign.uuid]), allowed_roles=readers, cross_organisation=False
    )
    assert_access_matrix(
        reverse("campaigns:chart", args=[campaign.uuid, "week", "svg"]),
        allowed_roles=readers,
        cross_organisation=False,
    )
    assert_access_matrix(reverse("campaigns:new"), allowed_roles=[Role.COORDINATOR], cross_organisation=False)
    assert_access_matrix(
        reverse("campaigns:edit", args=[campaign.uuid]),
        allowed_roles=[Role.COORDINATOR],
        cross_organisation=False,
    )
