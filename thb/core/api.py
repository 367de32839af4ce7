"""Core endpoints of the API: the current user, the partner directory, reference data, the audit trail."""

from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field as PydanticField

from thb.api.auth import STAFF_AUTH
from thb.api.schemas import ErrorOut

from .access import access_organisation
from .exceptions import NotFoundError, PermissionDeniedError, ValidationFailedError
from .http import request_user
from .models import AuditEvent, IdentityAccess, Organisation
from .roles import Perm, has_perm, permissions_of
from .selectors import (
    AuditFilters,
    audit_events_visible_to,
    identity_accesses_visible_to,
    organisation_list_visible_to,
    postcode_lookup,
)

router = Router(auth=STAFF_AUTH)


class BoundedPagination(LimitOffsetPagination):
    """Ninja's limit/offset with bounds in the schema: an offset past PostgreSQL's bigint gave a server
    error (found by schemathesis, issue 11 §3). Page sizes as NINJA_PAGINATION_PER_PAGE / _MAX_LIMIT."""

    class Input(LimitOffsetPagination.Input):
        limit: int = PydanticField(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = PydanticField(0, ge=0, le=10**9)


class MeOut(Schema):
    uuid: UUID
    username: str
    role: str
    organisation: UUID | None
    organisation_kind: str | None
    permissions: list[str]


@router.get("/me", response={200: MeOut, 401: ErrorOut}, tags=["core"], summary="The authenticated user")
def me(request: HttpRequest) -> MeOut:
    user = request_user(request)
    org = user.organisation
    return MeOut(
        uuid=user.uuid,
        username=user.get_username(),
        role=user.role,
        organisation=org.uuid if org else None,
        organisation_kind=org.kind if org else None,
        permissions=sorted(str(p) for p in permissions_of(user)),
    )


class ChannelOut(Schema):
    kind: str
    value: str
    label: str
    available_24_7: bool


class OrganisationOut(Schema):
    uuid: UUID
    slug: str
    kind: str
    short_name: str
    names: dict[str, str]
    national: bool
    judicial_districts: list[str]
    regions: list[str]
    languages: list[str]
    takes_referrals: bool
    channels: list[ChannelOut]

    @staticmethod
    def resolve_names(org: Organisation) -> dict[str, str]:
        return {lang: org.name_in(lang) for lang in ("fr", "nl", "de", "en")}

    @staticmethod
    def resolve_judicial_districts(org: Organisation) -> list[str]:
        return sorted(d.code for d in org.judicial_districts.all())

    @staticmethod
    def resolve_regions(org: Organisation) -> list[str]:
        return sorted(r.code for r in org.regions.all())

    @staticmethod
    def resolve_channels(org: Organisation) -> list[ChannelOut]:
        return [
            ChannelOut(kind=c.kind, value=c.value, label=c.label, available_24_7=c.available_24_7)
            for c in org.channels.all()
        ]


@router.get("/organisations", response=list[OrganisationOut], tags=["core"], summary="Partner directory")
@paginate(BoundedPagination)
def organisations(
    request: HttpRequest, kind: str | None = None, district: str | None = None, q: str | None = None
) -> QuerySet[Organisation]:
    return organisation_list_visible_to(
        user=request_user(request),
        kind=kind,
        district=district,
        query=q,
    )


@router.get(
    "/organisations/{organisation_uuid}",
    response={200: OrganisationOut, 404: ErrorOut},
    tags=["core"],
    summary="One organisation",
)
def organisation(request: HttpRequest, organisation_uuid: UUID) -> Organisation:
    return access_organisation(request_user(request), organisation_uuid)


class PostcodeOut(Schema):
    postcode: int
    communes: str
    province: str
    region: str
    judicial_district: str


@router.get(
    "/reference/postcodes/{postcode}",
    response={200: PostcodeOut, 404: ErrorOut, 422: ErrorOut},
    tags=["reference"],
    summary="Province, region and judicial district of a Belgian postcode",
)
def postcode(request: HttpRequest, postcode: Path[int]) -> PostcodeOut:
    if not 1000 <= postcode <= 9999:
        raise ValidationFailedError("A Belgian postcode has four digits, 1000 to 9999.")
    found = postcode_lookup(postcode)
    if found is None:
        raise NotFoundError("Unknown Belgian postcode.")
    return PostcodeOut(
        postcode=postcode,
        communes=found.label,
        province=found.province.code,
        region=found.province.region.code,
        judicial_district=found.judicial_district.code,
    )


class _AuditRowOut(Schema):
    actor: str = Field(..., alias="actor_username")
    organisation: UUID | None

    @staticmethod
    def resolve_organisation(row: AuditEvent | IdentityAccess) -> UUID | None:
        return row.organisation.uuid if row.organisation else None


class AuditEventOut(_AuditRowOut):
    uuid: UUID
    occurred_at: datetime
    action: str
    object_type: str
    object_uuid: UUID | None
    changes: dict
    reason: str
    request_id: str


class IdentityAccessOut(_AuditRowOut):
    uuid: UUID
    occurred_at: datetime
    object_type: str
    object_uuid: UUID
    fields: list[str]
    purpose: str
    request_id: str


def _require_audit(request: HttpRequest) -> None:
    if not has_perm(request_user(request), Perm.VIEW_AUDIT):
        raise PermissionDeniedError()


@router.get(
    "/audit/events",
    response={200: list[AuditEventOut], 403: ErrorOut},
    tags=["audit"],
    summary="Search the audit trail",
)
@paginate(BoundedPagination)
def audit_events(
    request: HttpRequest,
    action: str = "",
    actor: str = "",
    object_type: str = "",
    object_uuid: UUID | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEvent]:
    _require_audit(request)
    filters = AuditFilters(
        action=action, actor=actor, object_type=object_type, object_uuid=object_uuid, since=since, until=until
    )
    return audit_events_visible_to(user=request_user(request), filters=filters)


@router.get(
    "/audit/identity-access",
    response={200: list[IdentityAccessOut], 403: ErrorOut},
    tags=["audit"],
    summary="Reads of victim identity and narratives",
)
@paginate(BoundedPagination)
def identity_access(
    request: HttpRequest,
    actor: str = "",
    object_type: str = "",
    object_uuid: UUID | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[IdentityAccess]:
    _require_audit(request)
    filters = AuditFilters(
        actor=actor, object_type=object_type, object_uuid=object_uuid, since=since, until=until
    )
    return identity_accesses_visible_to(user=request_user(request), filters=filters)
