"""The access-matrix helper itself (DESIGN.md §3.12): it must fail on a wrong policy, not only pass on a right
one. Pages with deliberately broken policies are mounted by this module's own URLconf; then the helper is
used on the partner directory, its detail page and the directory API."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from thb.core.models import OrganisationKind, User
from thb.core.roles import Perm, Role
from thb.core.tests.access_matrix import assert_access_matrix, roles_with
from thb.core.tests.factories import OrganisationFactory, UserFactory
from thb.core.tokens import api_token_create, api_token_revoke, user_for_token

CASE_ROLES = {Role.CASEWORKER, Role.INVESTIGATOR}  # the policy of the test pages: a case file's notes


def bearer(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, actor=None, days=1).secret}")


def _case_notes(*, roles: set[str] = CASE_ROLES, check_organisation: bool = True) -> Callable:
    @login_required
    def view(request: HttpRequest, organisation_uuid: str) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        if user.role not in roles:
            raise Http404
        if check_organisation and str(user.organisation.uuid) != str(organisation_uuid):
            raise Http404
        return HttpResponse("notes")

    return view


def _redirects_instead_of_refusing(request: HttpRequest, organisation_uuid: str) -> HttpResponse:
    if not request.user.is_authenticated or request.user.role not in CASE_ROLES:  # type: ignore[union-attr]
        return redirect("/en/staff/")
    return HttpResponse("notes")


def _open_to_anonymous(request: HttpRequest, organisation_uuid: str) -> HttpResponse:
    return _case_notes()(request, organisation_uuid) if request.user.is_authenticated else HttpResponse("hi")


def _api_plain_refusal(request: HttpRequest) -> HttpResponse:
    user = user_for_token(request.headers.get("Authorization", "").removeprefix("Bearer "))
    if user is None or user.role != Role.AUDITOR:
        return HttpResponse("no", status=403, content_type="text/plain")
    return JsonResponse({"items": [], "count": 0})


urlpatterns = [
    path("matrix/<uuid:organisation_uuid>/correct/", _case_notes()),
    path("matrix/<uuid:organisation_uuid>/leaky/", _case_notes(check_organisation=False)),
    path("matrix/<uuid:organisation_uuid>/refuses-investigator/", _case_notes(roles={Role.CASEWORKER})),
    path(
        "matrix/<uuid:organisation_uuid>/lets-operator-in/", _case_notes(roles={*CASE_ROLES, Role.OPERATOR})
    ),
    path("matrix/<uuid:organisation_uuid>/redirects/", _redirects_instead_of_refusing),
    path("matrix/<uuid:organisation_uuid>/anonymous/", _open_to_anonymous),
    path("matrix/api/plain-refusal", _api_plain_refusal),
    *site_urlpatterns,
]


@pytest.fixture
def broken_pages(settings):
    settings.ROOT_URLCONF = __name__


def notes(kind: str) -> Callable:
    return lambda org: f"/matrix/{org.uuid}/{kind}/"


# --- the helper fails on wrong policies ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_helper_passes_a_correct_owner_only_policy_and_reports_every_outcome(broken_pages):
    outcomes = assert_access_matrix(notes("correct"), allowed_roles=CASE_ROLES)

    assert {r: s for r, s in outcomes.items() if s == 200} == {"caseworker": 200, "investigator": 200}
    assert outcomes["other:caseworker"] == outcomes["other:investigator"] == 404
    assert outcomes["operator"] == 404 and outcomes["anonymous"] == 401


@pytest.mark.django_db
def test_the_helper_fails_when_a_user_of_another_organisation_gets_in(broken_pages):
    with pytest.raises(
        AssertionError, match=r"caseworker of another organisation should be refused .* got 200"
    ):
        assert_access_matrix(notes("leaky"), allowed_roles=CASE_ROLES)


@pytest.mark.django_db
def test_the_helper_fails_when_an_allowed_role_is_refused(broken_pages):
    with pytest.raises(AssertionError, match=r"investigator should be allowed .* got 404"):
        assert_access_matrix(notes("refuses-investigator"), allowed_roles=CASE_ROLES)


@pytest.mark.django_db
def test_the_helper_fails_when_a_role_outside_the_policy_gets_in(broken_pages):
    with pytest.raises(AssertionError, match=r"operator should be refused .* got 200"):
        assert_access_matrix(notes("lets-operator-in"), allowed_roles=CASE_ROLES)


@pytest.mark.django_db
def test_the_helper_does_not_count_a_redirect_elsewhere_as_a_refusal(broken_pages):
    with pytest.raises(AssertionError, match=r"operator should be refused .* got 302"):
        assert_access_matrix(notes("redirects"), allowed_roles=CASE_ROLES)


@pytest.mark.django_db
def test_the_helper_fails_when_an_anonymous_visitor_gets_in(broken_pages):
    with pytest.raises(AssertionError, match=r"anonymous should be refused .* got 200"):
        assert_access_matrix(notes("anonymous"), allowed_roles=CASE_ROLES)


@pytest.mark.django_db
def test_the_helper_fails_when_an_api_refusal_lacks_the_error_shape(broken_pages):
    with pytest.raises(AssertionError, match=r"caseworker refused .* with a refusal that is not JSON"):
        assert_access_matrix(
            "/matrix/api/plain-refusal", allowed_roles=[Role.AUDITOR], api=True, cross_organisation=False
        )


@pytest.mark.django_db
def test_the_helper_fails_when_a_page_for_every_organisation_refuses_another_one(broken_pages):
    with pytest.raises(AssertionError, match="caseworker of another organisation should be allowed"):
        assert_access_matrix(notes("correct"), allowed_roles=CASE_ROLES, cross_organisation=False)


@pytest.mark.django_db
def test_the_helper_refuses_an_unknown_role_name():
    with pytest.raises(ValueError, match="auditors"):
        assert_access_matrix("/en/staff/audit/", allowed_roles=["auditors"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("allowed", "message"),
    [
        ([Role.AUDITOR, Role.COORDINATOR], "coordinator should be allowed GET /en/staff/audit/, got 404"),
        ([], "auditor should be refused GET /en/staff/audit/, got 200"),
    ],
)
def test_the_helper_fails_on_a_real_page_given_the_wrong_allowed_roles(allowed, message):
    with pytest.raises(AssertionError, match=message):
        assert_access_matrix("/en/staff/audit/", allowed_roles=allowed, cross_organisation=False)


@pytest.mark.django_db
def test_the_helper_fails_on_a_real_endpoint_given_the_wrong_allowed_roles():
    with pytest.raises(AssertionError, match="auditor should be refused GET /api/v1/audit/events, got 200"):
        assert_access_matrix("/api/v1/audit/events", allowed_roles=[], api=True)


@pytest.mark.django_db
def test_the_helper_fails_on_the_directory_detail_if_told_it_belongs_to_one_organisation():
    """The directory is for everyone: the helper, told otherwise, sees strangers get in."""
    with pytest.raises(AssertionError, match="of another organisation should be refused"):
        assert_access_matrix(
            lambda org: f"/en/staff/organisations/{org.uuid}/", allowed_roles=roles_with(Perm.VIEW_DIRECTORY)
        )


# --- the partner directory ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_partner_directory_is_open_to_every_role_with_the_directory_permission():
    outcomes = assert_access_matrix(
        "/en/staff/organisations/", allowed_roles=roles_with(Perm.VIEW_DIRECTORY), cross_organisation=False
    )

    assert outcomes["isp_engineer"] == 404  # ISP engineers see no partner list


@pytest.mark.django_db
def test_an_organisation_page_is_open_to_every_role_with_the_directory_permission():
    assert_access_matrix(
        lambda org: f"/en/staff/organisations/{org.uuid}/",
        allowed_roles=roles_with(Perm.VIEW_DIRECTORY),
        owner_kind=OrganisationKind.SPECIALISED_CENTRE,
        cross_organisation=False,
    )


@pytest.mark.django_db
def test_a_deactivated_organisation_page_is_refused_to_everyone():
    gone = OrganisationFactory(is_active=False)

    assert_access_matrix(f"/en/staff/organisations/{gone.uuid}/", allowed_roles=[], owner=gone)


@pytest.mark.django_db
def test_the_directory_api_answers_every_role_that_uses_the_api():
    outcomes = assert_access_matrix(
        "/api/v1/organisations",
        allowed_roles=roles_with(Perm.USE_API_TOKENS),
        api=True,
        cross_organisation=False,
    )

    assert outcomes["registry_clerk"] == 401  # no API use in that role: its token is refused


@pytest.mark.django_db
def test_the_directory_api_shows_an_isp_engineer_only_its_own_organisation():
    isp = OrganisationFactory(kind=OrganisationKind.ISP)
    centre = OrganisationFactory(kind=OrganisationKind.SPECIALISED_CENTRE)
    engineer = UserFactory(organisation=isp, role=Role.ISP_ENGINEER)
    caseworker = UserFactory(organisation=centre, role=Role.CASEWORKER)

    mine = bearer(engineer).get("/api/v1/organisations").json()
    theirs = bearer(engineer).get(f"/api/v1/organisations/{centre.uuid}")
    everyone = bearer(caseworker).get("/api/v1/organisations").json()

    assert [o["uuid"] for o in mine["items"]] == [str(isp.uuid)]
    assert theirs.status_code == 404 and theirs.json()["error"] == "not_found"
    assert {str(isp.uuid), str(centre.uuid)} <= {o["uuid"] for o in everyone["items"]}


@pytest.mark.django_db
def test_a_revoked_or_unknown_token_is_refused_by_the_api():
    user = UserFactory(role=Role.AUDITOR)
    issued = api_token_create(user=user, actor=None, days=1)
    api_token_revoke(token=issued.token, actor=None)

    for secret in (issued.secret, "thb_not-a-token"):
        response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/audit/events")
        assert response.status_code == 401 and response.json()["error"] == "unauthorized"
