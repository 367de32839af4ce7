"""Demo organisations and accounts (``thb load-demo``, run by ``make run``).

Why: a person trying the platform must be able to sign in as each role and see the partner directory the
hotline really dispatches to. So the organisations are the real partner set of BELGIUM.md §5 (the three
recognised specialised centres, the Immigration Office's MINTEH cell, Child Focus, the Guardianship Service,
FCCU, the Protocol Directorate, the coordination cell, the FJP THB sections and reference magistrates of
several districts, ECOSOC teams, the federal prosecutor, Myria, ...), with fictitious contact details except
the public numbers everyone may know (112, 101, Child Focus's 116 000). The data live in
``reference/data/demo.json``; this module only applies them through the services (``organisation_save``,
``user_save``), so the demo is audited and validated like any other change.

Rules it enforces:

* **Never in production** (issue 2 §4): refused when ``settings.IS_PRODUCTION`` or when
  ``THB_DEMO_PASSWORD`` is empty; the deploy check ``thb.E002`` also reports active demo accounts.
* **Reference data first**: organisations name judicial districts and regions; without them the load stops
  with the command to run.
* **Idempotent**: a rerun creates nothing and writes no audit row. The password is set only on a new
  account or when it no longer matches the setting (setting it again would write an audit row each run).
* **Only demo accounts are touched**: an existing account with a demo user name that is not ``is_demo`` is
  refused, so that a real administrator called ``demo-admin`` keeps their password.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from .exceptions import DomainError
from .models import AuditEvent, JudicialDistrict, Organisation, Region, User
from .reference import DATA_DIR
from .roles import ROLES_REQUIRING_2FA, Role
from .services import organisation_save, user_save

DEMO_JSON = DATA_DIR / "demo.json"
_ORGANISATION_KEYS = {
    "slug",
    "kind",
    "short_name",
    "names",
    "districts",
    "regions",
    "national",
    "languages",
    "takes_referrals",
    "channels",
    "notes",
}
_USER_KEYS = {"username", "organisation", "role", "preferred_language"}


class DemoDataError(DomainError):
    """The demo cannot be loaded here (production, no password, no reference data, a bad demo file)."""

    code = "demo_refused"
    status = 409


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation_slug: str
    organisation_name: str  # English: the command's output language
    needs_second_factor: bool


@dataclass(frozen=True)
class DemoResult:
    organisations: int
    organisations_created: int
    users_created: int
    audit_rows: int  # written by this run; 0 on a rerun
    logins: tuple[DemoLogin, ...]


def demo_allowed() -> None:
    """Raise ``DemoDataError`` unless demo accounts may exist here (never in production, issue 2 §4)."""
    if settings.IS_PRODUCTION:
        raise DemoDataError(
            "Demo data are refused in production (THB_ENV=production): "
            "demo accounts share one known password."
        )
    if not settings.THB_DEMO_PASSWORD:
        raise DemoDataError(
            "THB_DEMO_PASSWORD is empty: set it to the password the demo accounts should use."
        )


def read_demo(path: Path | None = None) -> dict[str, Any]:
    """The demo file, checked for shape; an error names the entry (the services check the values)."""
    path = path or DEMO_JSON
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DemoDataError(f"Cannot read the demo file {path}: {exc}") from exc
    if not isinstance(document, dict) or not {"organisations", "users"} <= set(document):
        raise DemoDataError(f"{path.name}: needs 'organisations' and 'users' lists")
    slugs: set[str] = set()
    for index, entry in enumerate(document["organisations"]):
        where = f"organisations[{index}] {entry.get('slug')!r}"
        _check_keys(entry, where, required={"slug", "kind", "names"}, allowed=_ORGANISATION_KEYS)
        if entry["slug"] in slugs:
            raise DemoDataError(f"{where}: slug appears twice")
        slugs.add(entry["slug"])
    usernames: set[str] = set()
    for index, entry in enumerate(document["users"]):
        where = f"users[{index}] {entry.get('username')!r}"
        _check_keys(entry, where, required={"username", "organisation", "role"}, allowed=_USER_KEYS)
        if entry["organisation"] not in slugs:
            raise DemoDataError(f"{where}: unknown organisation {entry['organisation']!r}")
        if entry["role"] not in Role.values:
            raise DemoDataError(f"{where}: unknown role {entry['role']!r}")
        if entry["username"] in usernames:
            raise DemoDataError(f"{where}: user name appears twice")
        usernames.add(entry["username"])
    return document


# Apps add their own demo data here in ``AppConfig.ready`` (core imports no app): each callable runs after
# the organisations and accounts exist, is idempotent, and returns a line for the ``thb load-demo`` output.
DEMO_EXTENSIONS: list[Callable[[], str]] = []


def load_demo_extensions() -> list[str]:
    demo_allowed()
    return [extension() for extension in DEMO_EXTENSIONS]


def load_demo(*, path: Path | None = None) -> DemoResult:
    """Create or update the demo organisations and accounts; see the module docstring for the rules."""
    demo_allowed()
    document = read_demo(path)
    _require_reference_data(document["organisations"])
    password = settings.THB_DEMO_PASSWORD
    last_audit = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    organisations: dict[str, Organisation] = {}
    organisations_created = users_created = 0
    with transaction.atomic():
        for entry in document["organisations"]:
            org, created = organisation_save(
                slug=entry["slug"],
                kind=entry["kind"],
                names=entry["names"],
                districts=entry.get("districts", ()),
                regions=entry.get("regions", ()),
                channels=entry.get("channels", ()),
                actor=None,
                **{
                    key: entry[key]
                    for key in ("short_name", "national", "languages", "takes_referrals", "notes")
                    if key in entry
                },
            )
            organisations[org.slug] = org
            organisations_created += created
        logins = []
        for entry in document["users"]:
            user, created = _save_demo_user(entry, organisations[entry["organisation"]], password)
            users_created += created
            org = organisations[entry["organisation"]]
            logins.append(
                DemoLogin(
                    username=user.username,
                    role=user.role,
                    organisation_slug=org.slug,
                    organisation_name=org.name_in("en"),
                    needs_second_factor=user.role in ROLES_REQUIRING_2FA,
                )
            )
    return DemoResult(
        organisations=len(organisations),
        organisations_created=organisations_created,
        users_created=users_created,
        audit_rows=AuditEvent.objects.filter(pk__gt=last_audit).count(),
        logins=tuple(logins),
    )


def _save_demo_user(entry: Mapping[str, Any], organisation: Organisation, password: str) -> tuple[User, bool]:
    username = entry["username"]
    existing = User.objects.filter(username=username).first()
    if existing is not None and not existing.is_demo:
        raise DemoDataError(
            f"The account {username!r} exists and is not a demo account; it was left unchanged."
        )
    needs_password = existing is None or not existing.check_password(password)
    return user_save(
        username=username,
        organisation=organisation,
        role=entry["role"],
        actor=None,
        password=password if needs_password else None,
        email=f"{username}@example.invalid",
        is_demo=True,
        is_active=True,
        preferred_language=entry.get("preferred_language", "fr"),
    )


def _require_reference_data(organisations: list[Mapping[str, Any]]) -> None:
    districts = {code for entry in organisations for code in entry.get("districts", ())}
    regions = {code for entry in organisations for code in entry.get("regions", ())}
    missing = (districts - set(JudicialDistrict.objects.values_list("code", flat=True))) | (
        regions - set(Region.objects.values_list("code", flat=True))
    )
    if missing:
        raise DemoDataError(
            "Reference data are missing (judicial districts / regions "
            f"{', '.join(sorted(missing))}): run `thb load-reference` first."
        )


def _check_keys(entry: Any, where: str, *, required: set[str], allowed: set[str]) -> None:
    if not isinstance(entry, dict):
        raise DemoDataError(f"{where}: must be an object")
    missing = required - set(entry)
    if missing:
        raise DemoDataError(f"{where}: missing {', '.join(sorted(missing))}")
    unknown = set(entry) - allowed
    if unknown:
        raise DemoDataError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
