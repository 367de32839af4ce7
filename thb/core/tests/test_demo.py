"""Demo data (issue 2 §3 and §4): the real partner set, one account per role, never in production."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from thb.core.demo import DEMO_JSON, DemoDataError, load_demo, read_demo
from thb.core.models import AuditEvent, ContactChannel, Organisation, OrganisationKind, User
from thb.core.roles import ROLES_REQUIRING_2FA, Role
from thb.core.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

# username -> (role, organisation slug): the accounts issue 2 §4 asks for, one per role.
DEMO_ACCOUNTS = {
    "demo-operator": (Role.OPERATOR, "hotline"),
    "demo-supervisor": (Role.SUPERVISOR, "hotline"),
    "demo-caseworker": (Role.CASEWORKER, "pag-asa"),
    "demo-investigator": (Role.INVESTIGATOR, "fjp-thb-brussels"),
    "demo-analyst": (Role.ANALYST, "fjp-thb-brussels"),
    "demo-magistrate": (Role.MAGISTRATE, "prosecutor-brussels"),
    "demo-fccu-1": (Role.BLOCKLIST_OFFICER, "fccu"),
    "demo-fccu-2": (Role.BLOCKLIST_OFFICER, "fccu"),
    "demo-isp": (Role.ISP_ENGINEER, "isp-demonet-alpha"),
    "demo-registry": (Role.REGISTRY_CLERK, "civil-registry-brussels"),
    "demo-immigration": (Role.IMMIGRATION_OFFICER, "minteh"),
    "demo-coordinator": (Role.COORDINATOR, "coordination-cell"),
    "demo-auditor": (Role.AUDITOR, "coordination-cell"),
    "demo-admin": (Role.ADMIN, "coordination-cell"),
}
# Real public numbers; every other phone number of the demo is fictitious.
REAL_NUMBERS = {"112", "101", "116 000"}


@pytest.fixture
def demo(reference_data):
    return load_demo()


def test_every_demo_account_exists_with_its_role_and_organisation(demo):
    users = {u.username: u for u in User.objects.filter(is_demo=True).select_related("organisation")}
    assert set(users) == set(DEMO_ACCOUNTS)
    for username, (role, slug) in DEMO_ACCOUNTS.items():
        user = users[username]
        assert (user.role, user.organisation.slug) == (role, slug), username
        assert user.is_active
        assert user.email == f"{username}@example.invalid"
    assert {login.username for login in demo.logins} == set(DEMO_ACCOUNTS)
    assert set(Role.values) == {role for role, _ in DEMO_ACCOUNTS.values()}  # every role can be tried


def test_demo_password_from_the_setting_signs_in(demo, settings):
    request = RequestFactory().post("/fr/login/")
    for username in ("demo-operator", "demo-admin", "demo-isp"):
        user = authenticate(request, username=username, password=settings.THB_DEMO_PASSWORD)
        assert user is not None and user.username == username
    assert authenticate(request, username="demo-operator", password="wrong-password-123") is None


def test_demo_organisations_include_every_partner_kind_of_belgium_md(demo):
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    # "ngo" is the catch-all for organisations BELGIUM.md §5 does not name; every other kind is a partner.
    assert set(OrganisationKind.values) - {OrganisationKind.NGO} <= kinds


def test_specialised_centres_cover_their_region(demo):
    centres = {o.slug: o for o in Organisation.objects.filter(kind=OrganisationKind.SPECIALISED_CENTRE)}
    assert set(centres) == {"payoke", "pag-asa", "surya"}
    assert list(centres["payoke"].regions.values_list("code", flat=True)) == ["flanders"]
    assert list(centres["pag-asa"].regions.values_list("code", flat=True)) == ["brussels"]
    assert list(centres["surya"].regions.values_list("code", flat=True)) == ["wallonia"]
    assert centres["payoke"].judicial_districts.filter(code="antwerpen").exists()
    assert centres["surya"].judicial_districts.filter(code="liege").exists()
    assert all(c.takes_referrals for c in centres.values())


@pytest.mark.parametrize("district", ["antwerpen", "brussels", "liege", "oost-vlaanderen"])
def test_each_demo_district_has_police_both_reference_magistrates_and_ecosoc(demo, district):
    kinds = set(Organisation.objects.filter(judicial_districts__code=district).values_list("kind", flat=True))
    assert {
        OrganisationKind.POLICE_FEDERAL_THB,
        OrganisationKind.PROSECUTOR_REFERENCE,
        OrganisationKind.LABOUR_AUDITOR_REFERENCE,
        OrganisationKind.SOCIAL_INSPECTION,
    } <= kinds


def test_national_partners_are_national(demo):
    for slug in (
        "hotline",
        "minteh",
        "child-focus",
        "guardianship-service",
        "fccu",
        "federal-prosecutor",
        "fps-foreign-affairs-protocol",
        "coordination-cell",
        "myria",
    ):
        assert Organisation.objects.get(slug=slug).national, slug
    assert not Organisation.objects.get(slug="myria").takes_referrals  # anonymised statistics only


def test_real_public_numbers_are_the_known_ones_and_every_other_contact_is_fictitious(demo):
    child_focus = ContactChannel.objects.get(organisation__slug="child-focus", kind="phone")
    assert (child_focus.value, child_focus.available_24_7) == ("116 000", True)
    emergency = set(
        ContactChannel.objects.filter(organisation__slug="police-emergency").values_list("value", flat=True)
    )
    assert emergency == {"112", "101"}
    for channel in ContactChannel.objects.all():
        if channel.kind in ("phone", "emergency_phone") and channel.value not in REAL_NUMBERS:
            assert channel.value.startswith("+32 2 000 "), channel.value
        if channel.kind == "email":
            assert channel.value.endswith("@example.invalid"), channel.value


def test_demo_file_gives_every_name_in_the_four_staff_languages():
    document = read_demo()
    for entry in document["organisations"]:
        assert set(entry["names"]) == {"fr", "nl", "de", "en"}, entry["slug"]
        assert all(entry["names"].values()), entry["slug"]
    assert {u["username"] for u in document["users"]} == set(DEMO_ACCOUNTS)


def test_rerun_changes_nothing_and_writes_no_audit_row(demo):
    hashes = dict(User.objects.values_list("username", "password"))
    counts = (Organisation.objects.count(), ContactChannel.objects.count(), User.objects.count())
    audit = AuditEvent.objects.count()
    again = load_demo()
    assert again.audit_rows == 0
    assert (again.organisations_created, again.users_created) == (0, 0)
    assert AuditEvent.objects.count() == audit
    assert (Organisation.objects.count(), ContactChannel.objects.count(), User.objects.count()) == counts
    assert dict(User.objects.values_list("username", "password")) == hashes
    assert demo.audit_rows == AuditEvent.objects.count() - 1  # all but the reference load's row


def test_a_changed_demo_password_is_applied_on_rerun(demo, settings):
    settings.THB_DEMO_PASSWORD = "another-demo-password-2026"
    result = load_demo()
    assert result.audit_rows == len(DEMO_ACCOUNTS)  # one user.update per account, the password as [secret]
    request = RequestFactory().post("/fr/login/")
    assert authenticate(request, username="demo-coordinator", password="another-demo-password-2026")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"IS_PRODUCTION": True}, "refused in production"),
        ({"THB_DEMO_PASSWORD": ""}, "THB_DEMO_PASSWORD is empty"),
    ],
)
def test_demo_is_refused_in_production_or_without_a_password(reference_data, settings, overrides, message):
    for key, value in overrides.items():
        setattr(settings, key, value)
    with pytest.raises(DemoDataError, match=message):
        load_demo()
    with pytest.raises(CommandError, match=message):
        call_command("load-demo", stdout=StringIO())
    assert not User.objects.filter(is_demo=True).exists()
    assert not Organisation.objects.exists()


def test_demo_requires_reference_data():
    with pytest.raises(DemoDataError, match="thb load-reference"):
        load_demo()
    with pytest.raises(CommandError, match="thb load-reference"):
        call_command("load-demo", stdout=StringIO())
    assert not Organisation.objects.exists()


def test_a_real_account_with_a_demo_name_is_left_alone(reference_data):
    real = UserFactory(username="demo-admin", organisation=OrganisationFactory(), role=Role.ADMIN)
    password = real.password
    with pytest.raises(DemoDataError, match="'demo-admin' exists and is not a demo account"):
        load_demo()
    real.refresh_from_db()
    assert (real.password, real.is_demo) == (password, False)
    assert not User.objects.filter(is_demo=True).exists()  # one transaction: nothing half-loaded


def test_a_demo_file_with_an_unknown_organisation_is_refused(reference_data, tmp_path):
    document = json.loads(DEMO_JSON.read_text(encoding="utf-8"))
    document["users"][0]["organisation"] = "nowhere"
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"users\[0\] 'demo-operator': unknown organisation 'nowhere'"):
        load_demo(path=path)


def test_command_prints_the_logins_password_and_url(reference_data, settings, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    settings.THB_OTP_RELAXED = False
    out = StringIO()
    call_command("load-demo", stdout=out)
    text = out.getvalue()
    lines = text.splitlines()
    for username, (role, slug) in DEMO_ACCOUNTS.items():
        line = next(line for line in lines if line.strip().startswith(username + " "))
        assert str(Role(role).label) in line
        assert Organisation.objects.get(slug=slug).name_en in line
        assert line.strip().startswith(f"{username} *") == (role in ROLES_REQUIRING_2FA), line
    assert f"Password of every demo account: {settings.THB_DEMO_PASSWORD}" in text
    assert "http://127.0.0.1:8123/fr/staff/" in text
    assert "enrol a TOTP app" in text


def test_command_says_nothing_about_totp_when_relaxed(reference_data, settings, monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    settings.THB_OTP_RELAXED = True
    out = StringIO()
    call_command("load-demo", stdout=out)
    assert "http://127.0.0.1:8000/fr/staff/" in out.getvalue()
    assert "TOTP" not in out.getvalue()
