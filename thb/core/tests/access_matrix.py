"""The access-matrix helper (DESIGN.md §3.12, RapidPro's ``assertReadFetch``), for every app's tests.

``assert_access_matrix(client, url, allowed_roles=…)`` signs in one user per role, of the organisation
that owns the object, and checks that the allowed roles get a success and the others are refused; then it
always checks that a user of *another* organisation with an allowed role is refused as well.

Refused means 403 or 404 (pages answer 404 so that existence does not leak, DESIGN.md §3.3), or a redirect
to the sign-in page. For the API, ``api=True`` authenticates with a bearer token instead of the session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.test import Client

from thb.core.models import Organisation, User
from thb.core.roles import Role

from .factories import OrganisationFactory, UserFactory

REFUSED = {401, 403, 404}


def _signed_in_client(user: User, *, api: bool) -> Client:
    client = Client()
    if api:
        from thb.core.tokens import api_token_create

        issued = api_token_create(user=user, actor=None, days=1)
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {issued.secret}"
    else:
        client.force_login(user)
        session = client.session
        # The second factor is tested on its own (test_auth); here it counts as passed.
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(user=user, name="matrix", defaults={"confirmed": True})
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def _outcome(client: Client, method: str, url: str, data: dict | None) -> int:
    response = getattr(client, method)(
        url,
        data=data or {},
        **({"content_type": "application/json"} if method in {"post", "put", "patch"} else {}),
    )
    if response.status_code in {301, 302} and "/login/" in response.get("Location", ""):
        return 401
    return response.status_code


def assert_access_matrix(
    url: str | Callable[[Organisation], str],
    *,
    allowed_roles: Iterable[str],
    owner: Organisation | None = None,
    owner_kind: str | None = None,
    method: str = "get",
    data: dict | None = None,
    api: bool = False,
    success: Iterable[int] = (200,),
    cross_organisation: bool = True,
) -> dict[str, int]:
    """Check ``url`` for every role; returns ``{role: status}`` for further assertions.

    ``url`` may be a callable receiving the owner organisation, for objects created per organisation.
    ``cross_organisation=False`` is only for pages meant for every organisation (the partner directory).
    """
    owner = owner or OrganisationFactory(**({"kind": owner_kind} if owner_kind else {}))
    other = OrganisationFactory(kind=owner.kind)
    allowed = set(allowed_roles)
    success = set(success)
    target = url(owner) if callable(url) else url
    outcomes: dict[str, int] = {}
    failures: list[str] = []
    for role in Role.values:
        user = UserFactory(organisation=owner, role=role, username=f"matrix-{owner.slug}-{role}")
        status = _outcome(_signed_in_client(user, api=api), method, target, data)
        outcomes[role] = status
        if role in allowed and status not in success:
            failures.append(f"{role} should be allowed {method.upper()} {target}, got {status}")
        if role not in allowed and status not in REFUSED:
            failures.append(f"{role} should be refused {method.upper()} {target}, got {status}")
    for role in allowed if cross_organisation else ():
        stranger = UserFactory(organisation=other, role=role, username=f"matrix-{other.slug}-{role}")
        status = _outcome(_signed_in_client(stranger, api=api), method, target, data)
        outcomes[f"other:{role}"] = status
        if status not in REFUSED:
            failures.append(f"{role} of another organisation should be refused {target}, got {status}")
    anonymous = _outcome(Client(), method, target, data)
    outcomes["anonymous"] = anonymous
    if anonymous not in REFUSED:
        failures.append(f"anonymous should be refused {target}, got {anonymous}")
    assert not failures, "\n".join(failures)
    return outcomes
