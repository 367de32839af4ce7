"""Operators' languages and shifts (services/operators.py, views_operators.py): language routing's input."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import AuditEvent, OrganisationKind
from thb.core.roles import Perm, Role
from thb.core.tests.access_matrix import assert_access_matrix, roles_with
from thb.core.tests.factories import OrganisationFactory, UserFactory
from thb.hotline.models import OperatorLanguage, Shift
from thb.hotline.selectors import speakers_on_duty
from thb.hotline.services.operators import operator_languages_set, shift_add, shift_remove

pytestmark = pytest.mark.django_db

URL = "/en/staff/hotline/availability/"


@pytest.fixture
def hotline(db):
    return OrganisationFactory(slug="hotline", kind=OrganisationKind.HOTLINE)


@pytest.fixture
def operator(hotline):
    return UserFactory(username="op-lena", organisation=hotline, role=Role.OPERATOR)


def _local(hours: float) -> str:
    """A datetime-local form value ``hours`` from now, in the current time zone."""
    return timezone.localtime(timezone.now() + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def test_the_page_is_for_those_who_handle_contacts():
    assert_access_matrix(URL, allowed_roles=roles_with(Perm.HANDLE_CONTACTS), cross_organisation=False)


def test_an_operator_declares_languages_and_a_shift_and_the_queue_routes_to_them(
    signed_in, operator, hotline
):
    client = signed_in(operator)
    saved = client.post(URL, {"form": "languages", "languages": ["ro", "zh-hans"], "other": "TR"})
    assert saved.status_code == 302
    assert set(OperatorLanguage.objects.filter(user=operator).values_list("language", flat=True)) == {
        "ro",
        "zh",
        "tr",
    }
    planned = client.post(URL, {"form": "shift", "starts_at": _local(-1), "ends_at": _local(3)})
    assert planned.status_code == 302
    assert speakers_on_duty(organisation_id=hotline.pk, now=timezone.now())["ro"] == ("op-lena",)
    page = client.get(URL).content.decode()
    checked = set(re.findall(r'<input type="checkbox" name="languages" value="([^"]+)"[^>]* checked>', page))
    assert checked == {"ro", "zh-hans"} and 'value="tr"' in page
    assert AuditEvent.objects.filter(action="hotline.operator_languages", actor=operator).exists()


def test_a_bad_shift_is_refused_with_its_reason_and_nothing_is_saved(signed_in, operator):
    client = signed_in(operator)
    cases = [
        ({"starts_at": _local(5), "ends_at": _local(2)}, "A shift ends after it starts."),
        ({"starts_at": _local(1), "ends_at": _local(30)}, "A shift lasts at most 16 hours."),
        ({"starts_at": _local(-10), "ends_at": _local(-2)}, "This shift is already over."),
        ({"starts_at": "tomorrow", "ends_at": _local(2)}, "Enter a valid date/time."),
    ]
    for data, message in cases:
        response = client.post(URL, {"form": "shift", **data})
        assert response.status_code == 422 and message in response.content.decode(), data
    assert not Shift.objects.exists()


def test_overlapping_shifts_of_one_person_are_refused(operator):
    now = timezone.now()
    shift_add(actor=operator, user=operator, starts_at=now, ends_at=now + timedelta(hours=4))
    with pytest.raises(ValidationFailedError) as error:
        shift_add(
            actor=operator,
            user=operator,
            starts_at=now + timedelta(hours=3),
            ends_at=now + timedelta(hours=6),
        )
    assert error.value.field == "starts_at"
    shift_add(
        actor=operator, user=operator, starts_at=now + timedelta(hours=4), ends_at=now + timedelta(hours=6)
    )
    assert Shift.objects.filter(user=operator).count() == 2


def test_a_supervisor_plans_the_team_an_operator_only_themself(operator, hotline, signed_in):
    supervisor = UserFactory(organisation=hotline, role=Role.SUPERVISOR)
    now = timezone.now()
    shift = shift_add(actor=supervisor, user=operator, starts_at=now, ends_at=now + timedelta(hours=2))
    colleague = UserFactory(organisation=hotline, role=Role.OPERATOR)
    with pytest.raises(PermissionDeniedError):
        shift_add(actor=colleague, user=operator, starts_at=now, ends_at=now + timedelta(hours=2))
    with pytest.raises(PermissionDeniedError):
        shift_remove(actor=colleague, shift=shift)
    stranger = UserFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.HOTLINE), role=Role.SUPERVISOR
    )
    with pytest.raises(PermissionDeniedError):
        shift_add(actor=stranger, user=operator, starts_at=now, ends_at=now + timedelta(hours=2))
    # The colleague's page shows none of it and cannot cancel it by its id.
    page = signed_in(colleague)
    assert str(shift.uuid) not in page.get(URL).content.decode()
    assert page.post(URL, {"form": "cancel_shift", "shift": str(shift.uuid)}).status_code == 404
    # The supervisor's page shows it, with a choice of operator, and cancels it.
    team_page = signed_in(supervisor)
    assert "op-lena" in team_page.get(URL).content.decode()
    assert team_page.post(URL, {"form": "cancel_shift", "shift": str(shift.uuid)}).status_code == 302
    assert not Shift.objects.filter(pk=shift.pk).exists()
    assert AuditEvent.objects.filter(action="hotline.shift_remove", actor=supervisor).exists()


def test_a_bad_language_code_is_refused_on_the_form(signed_in, operator):
    response = signed_in(operator).post(URL, {"form": "languages", "other": "not a code!"})
    assert response.status_code == 422
    assert not OperatorLanguage.objects.filter(user=operator).exists()


def test_languages_are_replaced_not_added(operator):
    operator_languages_set(actor=operator, languages=["ro", "bg"])
    assert operator_languages_set(actor=operator, languages=["bg", "ar-MA"]) == ["ar", "bg"]
    assert sorted(OperatorLanguage.objects.filter(user=operator).values_list("language", flat=True)) == [
        "ar",
        "bg",
    ]


def test_cancelling_a_shift_that_is_not_a_uuid_is_a_404(signed_in, operator):
    assert signed_in(operator).post(URL, {"form": "cancel_shift", "shift": "not-a-uuid"}).status_code == 404
