"""The investigation pages (issue 8 §1): open, upload and map a file (a saved mapping reused), refusals
listed, an entity with the provenance of each value, recording by hand, and the magistrate's sharing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thb.core.models import AuditEvent, Organisation
from thb.core.roles import Role
from thb.core.tests.access_matrix import assert_access_matrix, client_with_second_factor
from thb.core.tests.factories import UserFactory
from thb.investigations.models import Entity, ImportDraft, ImportMapping, Investigation
from thb.investigations.services import investigation_open, share_authorise

from .conftest import BANK_CSV

pytestmark = pytest.mark.django_db


def _upload(client, investigation, text=BANK_CSV, kind="bank", name="bank.csv"):
    return client.post(
        reverse("investigations:import", args=[investigation.uuid]),
        {"kind": kind, "file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")},
    )


MAPPED = {
    "slot_date": "Date",
    "slot_amount": "Bedrag",
    "slot_payer_iban": "From IBAN",
    "slot_payer_name": "Debtor",
    "slot_beneficiary_iban": "To IBAN",
    "action": "import",
}


def test_an_investigator_opens_an_investigation(investigator, office):
    client = client_with_second_factor(investigator)
    response = client.post(
        reverse("investigations:new"), {"title": "Operation Scaffold", "magistrate_office": office.pk}
    )
    investigation = Investigation.objects.get(title="Operation Scaffold")
    assert response.status_code == 302 and investigation.organisation == investigator.organisation
    assert (
        client.post(reverse("investigations:new"), {"title": "", "magistrate_office": office.pk}).status_code
        == 422
    )


def test_upload_map_and_import_with_the_columns_guessed_then_saved(investigation, investigator):
    client = client_with_second_factor(investigator)
    response = _upload(client, investigation)
    draft = ImportDraft.objects.get(investigation=investigation)
    assert response.url == reverse("investigations:import-map", args=[investigation.uuid, draft.uuid])
    assert bytes(draft.content)[:6] != b"Date;B"  # encrypted at rest
    page = client.get(response.url).content.decode()
    assert '<option value="Bedrag" selected>' in page  # guessed from the column names
    assert "BE71096123456769" in page  # the preview shows the normalised IBAN
    response = client.post(response.url, {**MAPPED, "save_as": "Bank X export"})
    assert response.status_code == 302
    assert Entity.objects.filter(investigation=investigation, schema="Payment").count() == 2
    assert not ImportDraft.objects.exists()
    mapping = ImportMapping.objects.get(name="Bank X export")
    assert mapping.columns["amount"] == "Bedrag"
    # The next file of that source: the saved mapping is offered and applied.
    other = BANK_CSV.replace("2026", "2025")
    response = _upload(client, investigation, text=other, name="bank-2025.csv")
    page = client.get(f"{response.url}?mapping={mapping.uuid}").content.decode()
    assert "Bank X export" in page and '<option value="Debtor" selected>' in page


def test_a_refused_import_lists_each_problem_and_keeps_the_file_for_a_new_try(investigation, investigator):
    client = client_with_second_factor(investigator)
    response = _upload(
        client, investigation, text=BANK_CSV + "03/03/2026;abc;BE71096123456769;;RO49AAAA1B31007593840000;;\n"
    )
    page = client.post(response.url, MAPPED)
    assert page.status_code == 422
    html = page.content.decode()
    assert "Nothing was imported." in html and "&#x27;abc&#x27; is not an amount" in html
    assert not Entity.objects.exists() and ImportDraft.objects.count() == 1


def test_an_unreadable_file_is_refused_at_upload(investigation, investigator):
    client = client_with_second_factor(investigator)
    response = _upload(client, investigation, text="a,a\n1,2\n")
    assert response.status_code == 422 and "two columns are called" in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_ftm_lines_import_at_once_and_the_entity_page_shows_each_values_source(investigation, investigator):
    client = client_with_second_factor(investigator)
    line = (
        '{"id": "p1", "schema": "Person", "properties": {"name": ["Ion Popescu"], "phone": ["+32470123456"]}}'
    )
    response = _upload(client, investigation, text=line, kind="ftm", name="aleph.ftm.json")
    assert response.status_code == 302
    page = client.get(reverse("investigations:entity", args=[investigation.uuid, "p1"])).content.decode()
    assert "Ion Popescu" in page and "Import of aleph.ftm.json" in page and investigator.username in page


def test_recording_by_hand_needs_the_document_and_normalises(investigation, investigator):
    client = client_with_second_factor(investigator)
    url = reverse("investigations:entity-new", args=[investigation.uuid]) + "?schema=Person"
    assert client.post(url, {"schema": "Person", "p_name": "Ion Popescu", "document": ""}).status_code == 422
    bad = client.post(url, {"schema": "Person", "p_phone": "12", "document": "PV 123/26"})
    assert bad.status_code == 422 and "not a phone number" in bad.content.decode()
    response = client.post(
        url,
        {"schema": "Person", "p_name": "Ion Popescu", "p_phone": "0470 12 34 56", "document": "PV 123/26"},
    )
    entity = Entity.objects.get(investigation=investigation, schema="Person")
    assert response.status_code == 302 and entity.properties["phone"] == ["+32470123456"]
    page = client.get(response.url).content.decode()
    assert "Document PV 123/26" in page


def test_a_magistrate_of_the_directing_office_shares_and_revokes(investigation, investigator, magistrate):
    other_police = (
        Organisation.objects.filter(kind="police_federal_thb")
        .exclude(pk=investigation.organisation_id)
        .first()
    )
    colleague = UserFactory(organisation=other_police, role=Role.INVESTIGATOR)
    detail = reverse("investigations:detail", args=[investigation.uuid])
    assert client_with_second_factor(colleague).get(detail).status_code == 404
    # The investigator cannot share their own investigation; the magistrate can.
    owner_client = client_with_second_factor(investigator)
    owner_client.post(
        detail, {"action": "share", "organisation": other_police.pk, "legal_basis": "x", "reason": "y"}
    )
    assert not investigation.shares.exists()
    magistrate_client = client_with_second_factor(magistrate)
    assert magistrate_client.get(detail).status_code == 200
    magistrate_client.post(
        detail,
        {
            "action": "share",
            "organisation": other_police.pk,
            "legal_basis": "art. 28quinquies CIC",
            "reason": "Joint case",
        },
    )
    share = investigation.shares.get()
    assert share.authorised_by == magistrate
    colleague_client = client_with_second_factor(colleague)
    page = colleague_client.get(detail).content.decode()
    assert "Operation Scaffold" in page and "Import a file" not in page  # read only
    assert (
        colleague_client.get(reverse("investigations:import", args=[investigation.uuid])).status_code == 404
    )
    magistrate_client.post(detail, {"action": "revoke", "share": str(share.uuid), "reason": "Case closed"})
    assert colleague_client.get(detail).status_code == 404
    assert list(
        AuditEvent.objects.filter(object_uuid=investigation.uuid, action__startswith="investigations.share")
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["investigations.share", "investigations.share_revoke"]


def test_a_magistrate_of_another_office_cannot_share(investigation, investigator):
    other_office = (
        Organisation.objects.filter(kind="prosecutor_reference")
        .exclude(pk=investigation.magistrate_office_id)
        .first()
    )
    stranger = UserFactory(organisation=other_office, role=Role.MAGISTRATE)
    detail = reverse("investigations:detail", args=[investigation.uuid])
    assert client_with_second_factor(stranger).get(detail).status_code == 404
    with pytest.raises(Exception, match="permission"):
        share_authorise(
            investigation=investigation,
            actor=stranger,
            organisation=other_office,
            legal_basis="x",
            reason="y",
        )


def test_access_matrix_of_the_investigation_pages(office):
    def detail_of(owner):
        user = UserFactory(organisation=owner, role=Role.INVESTIGATOR)
        return reverse(
            "investigations:detail",
            args=[investigation_open(actor=user, title="Op", magistrate_office=office).uuid],
        )

    assert_access_matrix(
        detail_of, allowed_roles=[Role.INVESTIGATOR, Role.ANALYST], owner_kind="police_federal_thb"
    )
    assert_access_matrix(
        reverse("investigations:list"),
        allowed_roles=[Role.INVESTIGATOR, Role.ANALYST, Role.MAGISTRATE],
        owner_kind="police_federal_thb",
        cross_organisation=False,
    )


@pytest.mark.parametrize(
    "page", ["matches", "network", "network-data", "money", "assets", "financial-report"]
)
def test_access_matrix_of_the_analysis_pages(office, page):
    """Investigators and analysts of the owning service read every analysis page; another service's are
    refused, and so is every other role (the directing magistrates' reading is tested apart)."""

    def url_of(owner):
        user = UserFactory(organisation=owner, role=Role.INVESTIGATOR)
        investigation = investigation_open(actor=user, title="Op", magistrate_office=office)
        return reverse(f"investigations:{page}", args=[investigation.uuid])

    assert_access_matrix(
        url_of, allowed_roles=[Role.INVESTIGATOR, Role.ANALYST], owner_kind="police_federal_thb"
    )


@pytest.mark.parametrize("page", ["import", "entity-new"])
def test_access_matrix_of_the_writing_pages(office, page):
    def url_of(owner):
        user = UserFactory(organisation=owner, role=Role.INVESTIGATOR)
        investigation = investigation_open(actor=user, title="Op", magistrate_office=office)
        return reverse(f"investigations:{page}", args=[investigation.uuid])

    assert_access_matrix(
        url_of, allowed_roles=[Role.INVESTIGATOR, Role.ANALYST], owner_kind="police_federal_thb"
    )
