"""The ISPs' API (issue 5 §2; contracts — keep the paths): per-ISP bearer tokens (``thb tokens create`` for
an ``isp_engineer``), or a staff session.

    GET  /api/v1/blocklist/releases/latest            metadata of the latest release
    GET  /api/v1/blocklist/releases/{serial}/rpz      the RPZ zone file
    GET  /api/v1/blocklist/releases/{serial}/domains.txt
    GET  /api/v1/blocklist/releases/{serial}/diff
    GET  /api/v1/blocklist/releases/{serial}/signature  Ed25519 over the RPZ file's bytes, base64
    GET  /api/v1/blocklist/public-key                 the public key, PEM (no login: it is public)
    POST /api/v1/blocklist/releases/{serial}/ack      "deployed"
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from thb.api.auth import STAFF_AUTH
from thb.api.schemas import ErrorOut
from thb.core.exceptions import NotFoundError, PermissionDeniedError
from thb.core.http import request_user
from thb.core.models import User
from thb.core.roles import Perm, has_perm

from .models import Release
from .services.releases import public_key_pem, release_acknowledge

router = Router(auth=STAFF_AUTH, tags=["blocklist"])


class Sums(Schema):
    rpz: str
    domains: str
    diff: str


class ReleaseOut(Schema):
    serial: int
    published_at: datetime
    previous_serial: int | None
    domain_count: int
    added: int
    removed: int
    sha256: Sums
    signature: str
    public_key_fingerprint: str
    files: dict[str, str]


class AckOut(Schema):
    serial: int
    organisation: str
    acknowledged_at: datetime


def _reader(request: HttpRequest) -> User:
    user = request_user(request)
    if not (
        has_perm(user, Perm.DOWNLOAD_BLOCKLIST)
        or has_perm(user, Perm.EDIT_BLOCKLIST)
        or has_perm(user, Perm.APPROVE_BLOCKS)
    ):
        raise PermissionDeniedError()
    return user


def _release(serial: int) -> Release:
    release = Release.objects.filter(serial=serial).first()
    if release is None:
        raise NotFoundError()
    return release


def _text(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def release_out(release: Release) -> dict[str, object]:
    base = f"/api/v1/blocklist/releases/{release.serial}"
    return {
        "serial": release.serial,
        "published_at": release.created_at,
        "previous_serial": release.previous_serial,
        "domain_count": release.domain_count,
        "added": release.added_count,
        "removed": release.removed_count,
        "sha256": {"rpz": release.rpz_sha256, "domains": release.domains_sha256, "diff": release.diff_sha256},
        "signature": release.signature,
        "public_key_fingerprint": release.public_key_fingerprint,
        "files": {
            "rpz": f"{base}/rpz",
            "domains": f"{base}/domains.txt",
            "diff": f"{base}/diff",
            "signature": f"{base}/signature",
            "public_key": "/api/v1/blocklist/public-key",
        },
    }


@router.get(
    "/releases/latest", response={200: ReleaseOut, 403: ErrorOut, 404: ErrorOut}, summary="Latest release"
)
def latest(request: HttpRequest) -> dict[str, object]:
    _reader(request)
    release = Release.objects.order_by("-serial").defer("rpz", "domains_txt", "diff_txt").first()
    if release is None:
        raise NotFoundError()
    return release_out(release)


@router.get("/releases/{serial}/rpz", response={403: ErrorOut, 404: ErrorOut}, summary="The RPZ zone file")
def rpz_file(request: HttpRequest, serial: int) -> HttpResponse:
    _reader(request)
    return _text(_release(serial).rpz, "text/dns", f"thb-blocklist-{serial}.rpz")


@router.get("/releases/{serial}/domains.txt", response={403: ErrorOut, 404: ErrorOut}, summary="Domain list")
def domains_file(request: HttpRequest, serial: int) -> HttpResponse:
    _reader(request)
    return _text(_release(serial).domains_txt, "text/plain", f"thb-blocklist-{serial}.txt")


@router.get(
    "/releases/{serial}/diff", response={403: ErrorOut, 404: ErrorOut}, summary="Diff to the previous release"
)
def diff_file(request: HttpRequest, serial: int) -> HttpResponse:
    _reader(request)
    return _text(_release(serial).diff_txt, "text/plain", f"thb-blocklist-{serial}.diff")


@router.get(
    "/releases/{serial}/signature", response={403: ErrorOut, 404: ErrorOut}, summary="Ed25519 signature"
)
def signature_file(request: HttpRequest, serial: int) -> HttpResponse:
    _reader(request)
    return _text(_release(serial).signature + "\n", "text/plain", f"thb-blocklist-{serial}.rpz.sig")


@router.get("/public-key", auth=None, summary="The public key that signs releases (PEM)")
def public_key(request: HttpRequest) -> HttpResponse:
    return _text(public_key_pem(), "application/x-pem-file", "thb-blocklist-public-key.pem")


@router.post(
    "/releases/{serial}/ack",
    response={201: AckOut, 403: ErrorOut, 404: ErrorOut},
    summary="Confirm deployment of a release (ISPs)",
)
def ack(request: HttpRequest, serial: int) -> Status:
    user = request_user(request)
    if not has_perm(user, Perm.DOWNLOAD_BLOCKLIST):
        raise PermissionDeniedError()
    acknowledgement = release_acknowledge(release=_release(serial), actor=user)
    return Status(
        201,
        {
            "serial": serial,
            "organisation": acknowledgement.organisation.slug,
            "acknowledged_at": acknowledgement.acknowledged_at,
        },
    )
