"""The public site's seed content (``thb load-public-content``) and the admin that edits it."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from thb.core.models import AuditEvent, OrganisationKind
from thb.core.roles import Role
from thb.core.tests.factories import OrganisationFactory
from thb.hotline.content import CONTENT_JSON, PublicContentError, load_public_content, read_content
from thb.hotline.models import HotlineLine, InfoPage, InfoPageText, Sector

pytestmark = pytest.mark.django_db

SLUGS = {
    "domestic-work",
    "construction",
    "agriculture",
    "hospitality",
    "cleaning",
    "car-washes",
    "transport",
    "beauty-salons",
    "prostitution",
    "begging",
    "forced-criminality",
}


@pytest.fixture
def hotline(settings):
    settings.THB_HOTLINE_ORGANISATION = "thb-hotline"
    return OrganisationFactory(slug="thb-hotline", kind=OrganisationKind.HOTLINE)


def _audit_rows() -> int:
    return AuditEvent.objects.filter(action="hotline.load_public_content").count()


# -- the file


def test_the_file_has_the_eleven_risk_groups_in_the_four_staff_languages():
    content = read_content()
    assert {page["slug"] for page in content["pages"]} == SLUGS
    for page in content["pages"]:
        assert set(page["texts"]) == {"en", "fr", "nl", "de"}, page["slug"]
        assert page["sector"] in Sector.values


def test_the_seed_number_is_fictitious_and_says_so():
    document = json.loads(CONTENT_JSON.read_text(encoding="utf-8"))
    line = document["hotline_line"]
    assert line["phone_number"] == "0800 00 000"
    assert line["toll_free"] is True
    assert "FICTITIOUS" in document["about"]
    assert "coordination cell" in document["about"]
    assert line["opening_hours"]["1"] == [["08:00", "20:00"]]
    assert line["opening_hours"]["6"] == [["10:00", "16:00"]]
    assert "7" not in line["opening_hours"]
    assert line["closed_on_public_holidays"] is True


@pytest.mark.parametrize("language", ["en", "fr", "nl", "de"])
def test_every_text_names_the_centres_the_law_child_focus_and_112(language):
    for page in read_content()["pages"]:
        rights = page["texts"][language]["rights"]
        for fact in ("Payoke", "PAG-ASA", "Sürya", "433quinquies", "116 000", "112"):
            assert fact in rights, (page["slug"], language, fact)


def test_labour_pages_tell_workers_about_their_rights_without_papers():
    pages = {page["slug"]: page for page in read_content()["pages"]}
    assert "social inspection" in pages["construction"]["texts"]["en"]["rights"]
    assert "inspection sociale" in pages["construction"]["texts"]["fr"]["rights"]
    assert "sociale inspectiediensten" in pages["construction"]["texts"]["nl"]["rights"]
    assert "Sozialinspektionsdienste" in pages["construction"]["texts"]["de"]["rights"]
    assert "social inspection" not in pages["begging"]["texts"]["en"]["rights"]


def test_texts_are_short_enough_for_a_phone_screen():
    for page in read_content()["pages"]:
        for language, text in page["texts"].items():
            where = (page["slug"], language)
            assert len(text["title"]) <= 60, where
            assert len(text["summary"]) <= 200, where
            signs = text["signs"].splitlines()
            assert 5 <= len(signs) <= 8, where
            assert all(len(sign) <= 130 for sign in signs), where
            assert all(len(line) <= 250 for line in text["rights"].splitlines()), where


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: d["hotline_line"].update(opening_hours={"1": [["20:00", "08:00"]]}), "opening_hours"),
        (lambda d: d["pages"][0].update(sector="mining"), "unknown sector"),
        (lambda d: d["pages"][1].update(slug=d["pages"][0]["slug"]), "slug appears twice"),
        (lambda d: d["pages"][0]["texts"]["en"].update(signs="not a list"), "list of non-empty strings"),
        (lambda d: d["pages"][0]["texts"].update(xx=d["pages"][0]["texts"]["en"]), "unknown language"),
        (lambda d: d["pages"][0]["texts"]["en"].update(title=""), "title"),
    ],
)
def test_a_bad_file_is_refused_naming_the_entry(tmp_path, change, says):
    document = json.loads(CONTENT_JSON.read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "content.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(PublicContentError, match=says):
        read_content(path)


# -- loading


def test_loading_creates_the_line_the_pages_and_the_texts_with_one_audit_row(hotline):
    result = load_public_content()
    line = HotlineLine.objects.get()
    assert (line.organisation, line.phone_number, line.toll_free) == (hotline, "0800 00 000", True)
    assert InfoPage.objects.filter(organisation=hotline, is_published=True).count() == 11
    assert InfoPageText.objects.count() == 44
    assert not InfoPageText.objects.filter(reviewed_by_native_speaker=True).exists()
    assert (result.pages, result.texts, result.line) == (11, 44, "created")
    assert result.created == {"hotline lines": 1, "pages": 11, "texts": 44}
    event = AuditEvent.objects.get(action="hotline.load_public_content")
    assert event.actor is None
    assert event.changes["created"]["texts"] == 44
    text = InfoPageText.objects.get(page__slug="construction", language="en")
    assert text.signs.count("\n") >= 4
    assert text.rights.endswith("In immediate danger: call 112.")


def test_a_second_run_changes_nothing_and_writes_no_audit_row(hotline):
    load_public_content()
    stamps = {text.pk: text.updated_at for text in InfoPageText.objects.all()}
    line_stamp = HotlineLine.objects.get().updated_at
    rows = _audit_rows()
    again = load_public_content()
    assert not again.changed
    assert again.created == again.updated == {}
    assert again.audit_rows == 0
    assert _audit_rows() == rows == 1
    assert {text.pk: text.updated_at for text in InfoPageText.objects.all()} == stamps
    assert HotlineLine.objects.get().updated_at == line_stamp
    assert InfoPageText.objects.count() == 44


def test_a_rerun_restores_an_edited_seed_text_with_one_audit_row(hotline):
    load_public_content()
    InfoPageText.objects.filter(page__slug="cleaning", language="nl").update(title="Gewijzigd")
    result = load_public_content()
    assert result.updated == {"texts": 1}
    assert InfoPageText.objects.get(page__slug="cleaning", language="nl").title == "Schoonmaak"
    assert _audit_rows() == 2


def test_a_text_reviewed_by_a_native_speaker_is_not_overwritten(hotline):
    load_public_content()
    InfoPageText.objects.filter(page__slug="cleaning", language="de").update(
        title="Reinigung (geprüft)", reviewed_by_native_speaker=True
    )
    assert not load_public_content().changed
    assert InfoPageText.objects.get(page__slug="cleaning", language="de").title == "Reinigung (geprüft)"


def test_the_real_number_configured_by_the_coordination_cell_is_kept(hotline):
    HotlineLine.objects.create(organisation=hotline, phone_number="0800 12 345", opening_hours={})
    result = load_public_content()
    assert result.line == "kept"
    assert list(HotlineLine.objects.values_list("phone_number", flat=True)) == ["0800 12 345"]


def test_loading_without_a_hotline_organisation_is_refused(db, settings):
    settings.THB_HOTLINE_ORGANISATION = ""
    with pytest.raises(CommandError, match="hotline organisation"):
        call_command("load-public-content", stdout=StringIO())
    assert not InfoPage.objects.exists()


def test_the_command_prints_the_counts(hotline):
    out = StringIO()
    call_command("load-public-content", stdout=out)
    assert "Information pages: 11; texts: 44; hotline line: created." in out.getvalue()
    assert "audit rows written: 1." in out.getvalue()
    out = StringIO()
    call_command("load-public-content", stdout=out)
    assert "Created: nothing; updated: nothing; audit rows written: 0." in out.getvalue()


# -- the admin


def _line_form(line: HotlineLine, **changes) -> dict:
    data = {
        "organisation": str(line.organisation_id),
        "phone_number": line.phone_number,
        "toll_free": "on",
        "opening_hours": json.dumps(line.opening_hours),
        "closed_on_public_holidays": "on",
        "email": "",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_the_admin_refuses_bad_opening_hours_with_the_validators_message(hotline, make_user, signed_in):
    load_public_content()
    line = HotlineLine.objects.get()
    client = signed_in(make_user(role=Role.ADMIN))
    bad = _line_form(line, opening_hours=json.dumps({"1": [["08:00", "12:00"], ["11:00", "14:00"]]}))
    response = client.post(f"/en/admin/hotline/hotlineline/{line.pk}/change/", bad)
    assert response.status_code == 200
    assert "Monday: the intervals 08:00-12:00 and 11:00-14:00 overlap." in response.content.decode()
    line.refresh_from_db()
    assert line.opening_hours["1"] == [["08:00", "20:00"]]


def test_a_supervisor_changes_the_number_and_the_change_is_audited(hotline, make_user, signed_in):
    load_public_content()
    line = HotlineLine.objects.get()
    supervisor = make_user(role=Role.SUPERVISOR, organisation=hotline)
    response = signed_in(supervisor).post(
        f"/en/admin/hotline/hotlineline/{line.pk}/change/", _line_form(line, phone_number="0800 99 999")
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.phone_number == "0800 99 999"
    event = AuditEvent.objects.get(action="admin.update", object_type="hotline.hotlineline")
    assert event.actor == supervisor
    assert event.changes["phone_number"]["new"] == "0800 99 999"


def test_a_supervisor_of_another_organisation_does_not_see_the_line(hotline, make_user, signed_in):
    load_public_content()
    line = HotlineLine.objects.get()
    other = make_user(role=Role.SUPERVISOR, organisation=OrganisationFactory(slug="other-hotline"))
    client = signed_in(other)
    assert "0800 00 000" not in client.get("/en/admin/hotline/hotlineline/").content.decode()
    response = client.get(f"/en/admin/hotline/hotlineline/{line.pk}/change/")
    assert response.status_code in {302, 403, 404}
    assert (
        "0800 00 000"
        not in client.get(f"/en/admin/hotline/hotlineline/{line.pk}/change/", follow=True).content.decode()
    )


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.CASEWORKER, Role.COORDINATOR])
def test_other_roles_cannot_edit_the_content(hotline, make_user, signed_in, role):
    client = signed_in(make_user(role=role, organisation=hotline))
    assert client.get("/en/admin/hotline/infopage/", follow=True).status_code == 404


def test_editing_a_text_in_the_page_inline_is_audited(hotline, make_user, signed_in):
    load_public_content()
    page = InfoPage.objects.get(slug="begging")
    texts = list(page.texts.order_by("language"))
    data = {
        "organisation": str(hotline.pk),
        "slug": page.slug,
        "sector": page.sector,
        "order": str(page.order),
        "is_published": "on",
        "texts-TOTAL_FORMS": str(len(texts)),
        "texts-INITIAL_FORMS": str(len(texts)),
        "texts-MIN_NUM_FORMS": "0",
        "texts-MAX_NUM_FORMS": "1000",
    }
    for index, text in enumerate(texts):
        prefix = f"texts-{index}-"
        data.update(
            {
                prefix + "id": str(text.pk),
                prefix + "page": str(page.pk),
                prefix + "language": text.language,
                prefix + "title": text.title + (" (edited)" if text.language == "fr" else ""),
                prefix + "summary": text.summary,
                prefix + "signs": text.signs,
                prefix + "rights": text.rights,
            }
        )
    admin = make_user(role=Role.ADMIN)
    response = signed_in(admin).post(f"/en/admin/hotline/infopage/{page.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert InfoPageText.objects.get(page=page, language="fr").title == "Mendicité (edited)"
    event = AuditEvent.objects.get(action="admin.update", object_type="hotline.infopagetext")
    assert event.actor == admin
    assert event.changes["title"]["new"] == "Mendicité (edited)"
