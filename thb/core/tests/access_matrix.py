"""The access-matrix helper (DESIGN.md §3.12, RapidPro's ``assertReadFetch``), for every app's tests.

``assert_access_matrix(url, allowed_roles=roles_with(Perm.X))`` signs in one user per role (every value of
``Role``), all of the organisation that owns the object, and checks that the allowed roles get a success
and every other role is refused. Then, for each allowed role, it signs in a user of *another* organisation
(of the same kind):

* by default (``cross_organisation=True``) that user must be refused as well — the page or endpoint belongs
  to the owner organisation;
* with ``cross_organisation=False`` — only for what is meant for every organisation, such as the partner
  directory or a page whose rows are filtered per organisation — that user must get the same success. Rows
  filtered per organisation are then checked by the test itself.

Last, an anonymous visitor must be refused. Every failure is collected and reported in one
``AssertionError``, one line per role, so that a wrong policy shows in full.

Refused means 403 or 404 (pages answer 404 so that existence does not leak, DESIGN.md §3.3), 401, or a
redirect to the sign-in page. With ``api=True`` the helper authenticates with a bearer token (issued by
``thb.core.tokens.api_token_create``) instead of the session, sends ``data`` as JSON, and also requires each
refusal to carry the API's error shape ``{"error": code, "message": text}`` (DESIGN.md §3.9). Page requests
send ``data`` form-encoded, with the second factor counted as passed (it is tested on its own).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpResponse
from django.test import Client

from thb.core.models import Organisation, User
from thb.core.roles import ROLE_PERMISSIONS, Perm, Role

from .factories import OrganisationFactory, UserFactory

REFUSED = {401, 403, 404}


def roles_with(perm: Perm) -> list[str]:
    """The roles holding ``perm`` in the one role table (core/roles.py), for ``allowed_roles``."""
    return sorted(str(role) for role, perms in ROLE_PERMISSIONS.items() if perm in perms)


def _token_for(user: User) -> str:
    """A valid token. For roles without ``Perm.USE_API_TOKENS`` the service refuses to issue one, so it is
    written directly: the matrix then proves that the API itself refuses such a token."""
    import secrets
    from datetime import timedelta

    from django.utils import timezone

    from thb.core.models import ApiToken
    from thb.core.roles import Perm, has_perm
    from thb.core.tokens import TOKEN_PREFIX, api_token_create, token_digest

    if has_perm(user, Perm.USE_API_TOKENS):
        return api_token_create(user=user, actor=None, days=1).secret
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        prefix=secret[:10],
        digest=token_digest(secret),
        expires_at=timezone.now() + timedelta(days=1),
    )
    return secret


def client_with_second_factor(user: User) -> Client:
    """A client signed in as ``user`` with the second factor passed (the factor itself is tested on its own,
    in test_auth). Used by the ``signed_in`` fixture too."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def _signed_in_client(user: User, *, api: bool) -> Client:
    if not api:
        return client_with_second_factor(user)
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {_token_for(user)}"
    return client


def _request(client: Client, method: str, url: str, data: dict | None, *, api: bool) -> HttpResponse:
    kwargs = {"content_type": "application/json"} if api and method in {"post", "put", "patch"} else {}
    return getattr(client, method)(url, data=data or {}, **kwargs)


def _status(response: HttpResponse) -> int:
    if response.status_code in {301, 302} and "/login/" in response.get("Location", ""):
        return 401
    return response.status_code


def _api_error_shape_problem(response: HttpResponse) -> str | None:
    try:
        body = response.json()  # type: ignore[attr-defined]
    except ValueError:
        return "a refusal that is not JSON"
    if not isinstance(body, dict) or not {"error", "message"} <= body.keys():
        return f'a refusal without {{"error", "message"}}: {body!r:.200}'
    return None


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
    """Check ``url`` for every role; returns ``{role: status, "other:<role>": status, "anonymous": status}``.

    ``url`` may be a callable receiving the owner organisation, for objects created per organisation.
    ``owner`` (or a new organisation of ``owner_kind``) is the organisation of the signed-in users.
    ``cross_organisation=False`` is only for what is meant for every organisation (the partner directory):
    users of another organisation with an allowed role must then succeed too.
    """
    allowed = set(allowed_roles)
    unknown = allowed - set(Role.values)
    if unknown:
        raise ValueError(f"Unknown roles in allowed_roles: {', '.join(sorted(unknown))}")
    owner = owner or OrganisationFactory(**({"kind": owner_kind} if owner_kind else {}))
    other = OrganisationFactory(kind=owner.kind)
    success = set(success)
    target = url(owner) if callable(url) else url
    where = f"{method.upper()} {target}"
    outcomes: dict[str, int] = {}
    failures: list[str] = []

    def check(key: str, client: Client, should_succeed: bool, who: str) -> None:
        response = _request(client, method, target, data, api=api)
        status = outcomes[key] = _status(response)
        if should_succeed and status not in success:
            failures.append(f"{who} should be allowed {where}, got {status}")
        elif not should_succeed and status not in REFUSED:
            failures.append(f"{who} should be refused {where}, got {status}")
        elif not should_succeed and api and (problem := _api_error_shape_problem(response)):
            failures.append(f"{who} refused {where} with {problem}")

    for role in Role.values:
        user = UserFactory(organisation=owner, role=role, username=f"matrix-{owner.slug}-{role}")
        check(role, _signed_in_client(user, api=api), role in allowed, role)
    for role in sorted(allowed):
        stranger = UserFactory(organisation=other, role=role, username=f"matrix-{other.slug}-{role}")
        check(
            f"other:{role}",
            _signed_in_client(stranger, api=api),
            not cross_organisation,
            f"{role} of another organisation",
        )
    check("anonymous", Client(), False, "anonymous")
    assert not failures, "\n".join(failures)
    return outcomes
