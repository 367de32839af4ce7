"""The good-practice library (issue 10, first slice): items and versions, visibility by organisation kind,
full-text search per language, safe Markdown, attachments, anonymised case studies with a second person's
approval, the library beside the hearing framework, the identification form and investigations."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.urls import reverse

from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import AuditEvent, Organisation, OrganisationKind
from thb.core.roles import Role
from thb.core.tests.access_matrix import assert_access_matrix, client_with_second_factor
from thb.core.tests.factories import OrganisationFactory, UserFactory
from thb.expertise.case_studies import case_study_draft
from thb.expertise.markdown import render_markdown
from thb.expertise.models import ItemStatus
from thb.expertise.search import search_items
from thb.expertise.selectors import published_visible_to
from thb.expertise.services import attachment_add, item_approve, item_create, item_publish, item_revise
from thb.victims.hearings import load_hearing_guides
from thb.victims.models import HearingGuide
from thb.victims.services import case_open, case_record_identity, case_set_status

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def centre(db):
    return OrganisationFactory(kind=OrganisationKind.SPECIALISED_CENTRE)


@pytest.fixture
def author(centre):
    return UserFactory(organisation=centre, role=Role.CASEWORKER)


def _note(author, *, language="fr", title="Repérer les victimes dans les car wash", body=None, **tags):
    data = {
        "title": title,
        "summary": "",
        "body": body or "Les victimes travaillent souvent douze heures par jour.",
        "themes": tags.pop("themes", ["identification"]),
        "audience": tags.pop("audience", []),
        **tags,
    }
    item = item_create(actor=author, kind="note", language=language, data=data)
    return item_publish(actor=author, item=item)


def test_a_note_is_a_draft_until_published_and_every_step_is_audited(author):
    reader = UserFactory(
        role=Role.INVESTIGATOR, organisation=OrganisationFactory(kind=OrganisationKind.POLICE_LOCAL)
    )
    item = item_create(
        actor=author,
        kind="note",
        language="fr",
        data={"title": "Titre", "body": "Texte", "themes": ["hearings"]},
    )
    assert item.status == ItemStatus.DRAFT
    assert not published_visible_to(user=reader).exists()

    item = item_publish(actor=author, item=item)

    assert published_visible_to(user=reader).get() == item
    assert item.published_version.number == 1
    assert [e.action for e in AuditEvent.objects.filter(object_uuid=item.uuid).order_by("pk")] == [
        "expertise.create",
        "expertise.publish",
    ]


def test_a_new_version_is_kept_and_readers_see_the_published_one_until_it_is_republished(author):
    item = _note(author)
    item_revise(
        actor=author,
        item=item,
        data={"title": "Titre 2", "body": "Texte 2", "themes": ["identification"]},
        note="typo",
    )

    item.refresh_from_db()
    assert item.versions.count() == 2
    assert item.published_version.number == 1
    item_publish(actor=author, item=item)
    item.refresh_from_db()
    assert item.published_version.title == "Titre 2"


def test_an_item_for_the_police_only_is_hidden_from_a_centre_of_another_organisation(author):
    item = _note(author, audience=["police_local", "police_federal_thb"])
    police = UserFactory(
        role=Role.INVESTIGATOR, organisation=OrganisationFactory(kind=OrganisationKind.POLICE_LOCAL)
    )
    other_centre = UserFactory(
        role=Role.CASEWORKER, organisation=OrganisationFactory(kind=OrganisationKind.SPECIALISED_CENTRE)
    )

    assert list(published_visible_to(user=police)) == [item]
    assert not published_visible_to(user=other_centre).exists()
    assert (
        client_with_second_factor(other_centre).get(reverse("expertise:item", args=[item.uuid])).status_code
        == 404
    )
    assert (
        client_with_second_factor(police).get(reverse("expertise:item", args=[item.uuid])).status_code == 200
    )
    assert list(published_visible_to(user=author)) == [item]  # the author's own organisation


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "body": "x", "themes": ["hearings"]}, "title"),
        ({"title": "x", "body": " ", "themes": ["hearings"]}, "body"),
        ({"title": "x", "body": "x", "themes": []}, "themes"),
        ({"title": "x", "body": "x", "themes": ["astrology"]}, "themes"),
        ({"title": "x", "body": "x", "themes": ["hearings"], "audience": ["martians"]}, "audience"),
    ],
)
def test_bad_items_are_refused_and_nothing_is_written(author, data, field):
    with pytest.raises(ValidationFailedError) as caught:
        item_create(actor=author, kind="note", language="fr", data=data)
    assert caught.value.field == field
    assert not AuditEvent.objects.filter(action__startswith="expertise").exists()


def test_markdown_is_rendered_without_any_active_content():
    html = render_markdown(
        "# Titre\n\n<script>alert(1)</script>\n\n[lien](javascript:alert(2)) [ok](https://example.org)"
        "\n\n<img src=x onerror=alert(3)>\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )

    assert "<h1>Titre</h1>" in html
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(3)&gt;" in html  # shown as text
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer"' in html
    assert "<table>" in html


def test_attachments_are_checked_and_only_downloaded(author, settings):
    item = _note(author)
    with pytest.raises(ValidationFailedError, match="does not match"):
        attachment_add(
            actor=author, item=item, upload=io.BytesIO(b"<html><script></script>"), filename="guide.pdf"
        )
    settings.THB_LIBRARY_ATTACHMENT_MAX_MB = 1
    with pytest.raises(ValidationFailedError, match="larger than 1 MB"):
        attachment_add(actor=author, item=item, upload=io.BytesIO(PDF + b"0" * 1_000_000), filename="big.pdf")
    attachment = attachment_add(actor=author, item=item, upload=io.BytesIO(PDF), filename="guide.pdf")

    response = client_with_second_factor(author).get(
        reverse("expertise:attachment", args=[item.uuid, attachment.uuid])
    )
    assert response.content == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL text search (CI runs on PostgreSQL)"
)
def test_search_stems_each_language_with_its_own_configuration(author):
    fr = _note(
        author, language="fr", title="Entretiens avec les victimes", body="Comment mener un entretien."
    )
    nl = _note(
        author, language="nl", title="Verhoren van slachtoffers", body="Hoe verhoor je een slachtoffer."
    )
    de = _note(author, language="de", title="Befragung von Opfern", body="Wie man Opfer befragt.")
    en = _note(
        author, language="en", title="Financial investigation", body="Following the money of networks."
    )
    items = published_visible_to(user=author)

    assert search_items(items, "victime") == [fr]
    assert search_items(items, "slachtoffer") == [nl]
    assert search_items(items, "Opfer") == [de]
    assert search_items(items, "network") == [en]
    assert search_items(items, "entretien victimes") == [fr]
    assert search_items(items, "banane") == []


def _closed_case(worker):
    case = case_open(
        actor=worker,
        opened_via="partner",
        legal_basis="consent",
        exploitation=["labour"],
        sector="construction",
        age_band="25_34",
        nationalities=["MD"],
        places="Chantier rue Blaes 12, Bruxelles",
    )
    case_record_identity(case=case, actor=worker, name="Ion Popescu", details="born 1990-03-04 in Chisinau")
    return case_set_status(case=case, actor=worker, status="closed", reason="Back home, safe")


def test_a_case_study_is_drafted_without_identities_and_published_only_by_a_second_person(demo_directory):
    worker = UserFactory(organisation=Organisation.objects.get(slug="pag-asa"), role=Role.CASEWORKER)
    colleague = UserFactory(organisation=worker.organisation, role=Role.CASEWORKER)
    stranger = UserFactory(organisation=Organisation.objects.get(slug="payoke"), role=Role.CASEWORKER)
    case = _closed_case(worker)

    item = case_study_draft(actor=worker, case_uuid=case.uuid, language="en")

    body = item.versions.get().body
    assert "Labour exploitation".lower() in item.versions.get().title.lower()
    for secret in (
        "Ion",
        "Popescu",
        case.pseudonym,
        "Blaes",
        "Chisinau",
        "1990",
        case.reference,
        "MD",
        "Moldova",
    ):
        assert secret not in body, secret
    assert "Construction" in body or "construction" in body
    item = item_publish(actor=worker, item=item)
    assert item.status == ItemStatus.AWAITING_APPROVAL
    with pytest.raises(PermissionDeniedError):
        item_approve(actor=worker, item=item)  # not the author
    with pytest.raises(PermissionDeniedError):
        item_approve(actor=stranger, item=item)  # not of the organisation
    item = item_approve(actor=colleague, item=item)
    assert item.status == ItemStatus.PUBLISHED and item.approved_by == colleague

    item_revise(
        actor=worker,
        item=item,
        data={"title": "Case study", "body": "Revised.", "themes": ["identification"]},
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.AWAITING_APPROVAL
    assert item.published_version.number == 1  # readers keep the approved text


def test_only_a_closed_case_becomes_a_case_study(demo_directory):
    worker = UserFactory(organisation=Organisation.objects.get(slug="pag-asa"), role=Role.CASEWORKER)
    case = case_open(actor=worker, opened_via="partner", legal_basis="consent", exploitation=["sexual"])
    with pytest.raises(ValidationFailedError, match="closed"):
        case_study_draft(actor=worker, case_uuid=case.uuid, language="fr")


def test_the_library_stands_beside_the_hearing_framework_identification_and_investigations(demo_directory):
    load_hearing_guides()
    worker = UserFactory(organisation=Organisation.objects.get(slug="pag-asa"), role=Role.CASEWORKER)
    _note(worker, title="Auditions de mineurs : les bonnes pratiques", themes=["hearings"])
    _note(worker, title="Les indicateurs dans l'horeca", themes=["identification"])
    client = client_with_second_factor(worker)
    slug = HearingGuide.objects.filter(is_active=True).values_list("slug", flat=True).first()

    hearing_page = client.get(reverse("victims:guide", args=[slug])).content.decode()
    assert "Auditions de mineurs : les bonnes pratiques" in hearing_page
    assert "Les indicateurs dans l&#x27;horeca" not in hearing_page
    case = case_open(actor=worker, opened_via="partner", legal_basis="consent", exploitation=["labour"])
    assessment = client.get(reverse("victims:assess", args=[case.uuid])).content.decode()
    assert "Les indicateurs dans l&#x27;horeca" in assessment


def test_the_pages_search_write_and_publish(author):
    client = client_with_second_factor(author)
    response = client.post(
        reverse("expertise:new"),
        {"kind": "note", "language": "fr", "title": "Note", "body": "**gras**", "themes": ["campaigns"]},
    )
    assert response.status_code == 302
    item_url = response["Location"]
    assert "<strong>gras</strong>" in client.get(item_url).content.decode()
    client.post(item_url + "publish/")
    assert "Note" in client.get(reverse("expertise:library") + "?theme=campaigns").content.decode()
    assert (
        client.post(
            reverse("expertise:new"), {"kind": "note", "language": "xx", "title": "x", "body": "x"}
        ).status_code
        == 422
    )


def test_access_matrix(author):
    item = _note(author)
    readers = [role for role in Role.values if role != Role.ISP_ENGINEER]
    contributors = [
        Role.SUPERVISOR,
        Role.CASEWORKER,
        Role.INVESTIGATOR,
        Role.ANALYST,
        Role.MAGISTRATE,
        Role.IMMIGRATION_OFFICER,
        Role.COORDINATOR,
    ]
    assert_access_matrix(reverse("expertise:library"), allowed_roles=readers, cross_organisation=False)
    assert_access_matrix(
        reverse("expertise:item", args=[item.uuid]), allowed_roles=readers, cross_organisation=False
    )
    assert_access_matrix(reverse("expertise:new"), allowed_roles=contributors, cross_organisation=False)
    assert_access_matrix(
        reverse("expertise:edit", args=[item.uuid]), allowed_roles=contributors, owner=author.organisation
    )


def test_the_investigation_page_shows_items_on_networks_and_money(demo_directory):
    from thb.investigations.services import investigation_open

    investigator = UserFactory(
        organisation=Organisation.objects.get(slug="fjp-thb-brussels"), role=Role.INVESTIGATOR
    )
    investigation = investigation_open(
        actor=investigator,
        title="Operation Scaffold",
        magistrate_office=Organisation.objects.get(slug="prosecutor-brussels"),
    )
    _note(
        investigator,
        language="nl",
        title="Geldstromen volgen via money transfers",
        themes=["financial_investigation"],
    )
    _note(investigator, language="en", title="Mapping a network's facilitators", themes=["network_analysis"])
    _note(investigator, language="en", title="Hearing children", themes=["hearings"])

    page = (
        client_with_second_factor(investigator)
        .get(reverse("investigations:detail", args=[investigation.uuid]))
        .content.decode()
    )

    assert (
        "Geldstromen volgen via money transfers" in page and "Mapping a network&#x27;s facilitators" in page
    )
    assert "Hearing children" not in page
    assert page.index("Mapping a network") < page.index(
        "Geldstromen"
    )  # the reader's language (English) first
