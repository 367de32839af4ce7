"""Django admin for reference data, organisations and users (issue 2 §8).

Only the ``admin`` role reaches it, after the second factor; sign-in goes through the platform's own login
page (lockout, second factor). Changes made here are written to the audit trail like any other.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .audit import record_change
from .http import request_user
from .models import (
    ApiToken,
    AuditEvent,
    ContactChannel,
    IdentityAccess,
    JudicialDistrict,
    Organisation,
    PostcodeRange,
    Province,
    Region,
    User,
)
from .roles import Perm, has_perm, requires_second_factor

# Permissions that open the admin site itself; each model admin then decides what its user may see and
# change. Hotline supervisors edit the public site's content (issue 3 §1: "editable by staff").
ADMIN_SITE_PERMS: frozenset[Perm] = frozenset({Perm.MANAGE_REFERENCE_DATA, Perm.SUPERVISE_HOTLINE})


def admin_user_has(request: HttpRequest, perms: frozenset[Perm]) -> bool:
    """Whether the request's user holds one of ``perms`` (or is a superuser), second factor passed."""
    user = request_user(request)
    if not (user.is_active and any(has_perm(user, perm) for perm in perms)):
        return bool(user.is_active and user.is_superuser)
    if requires_second_factor(user) and not settings.THB_OTP_RELAXED:
        return bool(getattr(user, "is_verified", lambda: False)())
    return True


def _admin_has_permission(request: HttpRequest) -> bool:
    return admin_user_has(request, frozenset({Perm.MANAGE_REFERENCE_DATA}))


def _site_has_permission(request: HttpRequest) -> bool:
    return admin_user_has(request, ADMIN_SITE_PERMS)


def _admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Sign-in goes through the platform's login page; a signed-in user without the permission gets the
    same 404 as for anything else they may not see (DESIGN.md §3.3)."""
    if request.user.is_authenticated:
        raise Http404()
    return redirect(f"{reverse('core:login')}?{urlencode({'next': request.get_full_path()}, safe='/')}")


admin.site.has_permission = _site_has_permission  # type: ignore[method-assign]
admin.site.login = _admin_login  # type: ignore[method-assign]
admin.site.site_header = "THB Platform"


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


class PlatformAdminPermissions:
    """Admin permissions come from the role table (``Perm.MANAGE_REFERENCE_DATA``), not Django's model
    permissions, so that roles.py stays the one place where permissions are decided."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _admin_has_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _admin_has_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _admin_has_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _admin_has_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _admin_has_permission(request)


class AuditedAdmin(PlatformAdminPermissions, admin.ModelAdmin):
    """Every save and delete through the admin leaves an audit row, with the fields that changed."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changed: dict[str, Any] = {
            name: {"old": None, "new": str(form.cleaned_data.get(name))} for name in form.changed_data
        }
        if "password" in changed:
            changed["password"] = "[secret]"
        record_change(
            actor=request_user(request),
            action=f"admin.{'update' if change else 'create'}",
            obj=obj,
            object_type=obj._meta.label_lower,
            changes=changed,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_change(
            actor=request_user(request),
            action="admin.delete",
            obj=obj,
            object_type=obj._meta.label_lower,
        )
        super().delete_model(request, obj)


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("code", "name_fr", "name_nl", "name_de", "name_en")


@admin.register(Province)
class ProvinceAdmin(AuditedAdmin):
    list_display = ("code", "name_fr", "name_nl", "region")
    list_filter = ("region",)


@admin.register(JudicialDistrict)
class JudicialDistrictAdmin(AuditedAdmin):
    list_display = ("code", "name_fr", "name_nl", "name_de")


@admin.register(PostcodeRange)
class PostcodeRangeAdmin(AuditedAdmin):
    list_display = ("first", "last", "label", "province", "judicial_district")
    list_filter = ("judicial_district", "province")
    search_fields = ("label",)


class ContactChannelInline(admin.TabularInline):
    model = ContactChannel
    extra = 0
    exclude = ("uuid",)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("slug", "kind", "name_fr", "takes_referrals", "is_active")
    list_filter = ("kind", "takes_referrals", "is_active")
    search_fields = ("slug", "name_fr", "name_nl", "name_de", "name_en", "short_name")
    filter_horizontal = ("judicial_districts", "regions")
    inlines = [ContactChannelInline]


@admin.register(User)
class UserAdmin(AuditedAdmin):
    list_display = ("username", "organisation", "role", "is_active", "is_demo", "last_login")
    list_filter = ("role", "is_active", "is_demo", "organisation__kind")
    search_fields = ("username", "first_name", "last_name", "email")
    fields = (
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "role",
        "preferred_language",
        "is_active",
        "is_demo",
    )
    readonly_fields = ("is_demo",)

    def get_queryset(self, request: HttpRequest) -> Any:
        """An administrator manages the accounts of their own organisation only (need-to-know)."""
        qs = super().get_queryset(request)
        user = request_user(request)
        return qs if user.is_superuser else qs.filter(organisation_id=user.organisation_id)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        user = request_user(request)
        if db_field.name == "organisation" and not user.is_superuser:
            kwargs["queryset"] = Organisation.objects.filter(users=user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ("prefix", "user", "name", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = ("prefix", "digest", "user", "expires_at", "last_used_at")
    fields = ("user", "name", "prefix", "digest", "expires_at", "revoked_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # issued by `thb tokens create`, which shows the secret once


class ReadOnlyAdmin(PlatformAdminPermissions, admin.ModelAdmin):
    """The audit trail is append-only (DESIGN.md §4): the admin can only look."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "actor_username", "organisation", "action", "object_type", "object_uuid")
    list_filter = ("action",)


@admin.register(IdentityAccess)
class IdentityAccessAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "actor_username", "organisation", "object_type", "object_uuid", "purpose")
