"""Admin for the public site's content: the hotline line and the information pages (issue 3 §1: "content per
language, editable by staff").

Who: administrators (``Perm.MANAGE_REFERENCE_DATA``) everywhere, and hotline supervisors
(``Perm.SUPERVISE_HOTLINE``) for their own organisation's rows, second factor passed. Every change — the
page, and each text of its inline — leaves an audit row (DESIGN.md §3.1). The opening hours are checked by
the same validator the public page uses, so a typing error is refused here instead of hiding the hours.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from thb.core.admin import AuditedAdmin, admin_user_has
from thb.core.audit import record_change
from thb.core.exceptions import ValidationFailedError
from thb.core.http import request_user
from thb.core.models import Organisation
from thb.core.roles import Perm, has_perm

from .models import (
    CannedReply,
    HotlineLine,
    InfoPage,
    InfoPageText,
    KnowledgeArticle,
    OperatorLanguage,
    Shift,
)
from .opening_hours import validate_opening_hours

CONTENT_PERMS = frozenset({Perm.MANAGE_REFERENCE_DATA, Perm.SUPERVISE_HOTLINE})


def _sees_every_organisation(request: HttpRequest) -> bool:
    user = request_user(request)
    return bool(user.is_superuser or has_perm(user, Perm.MANAGE_REFERENCE_DATA))


class ContentPermissions:
    """Administrators and hotline supervisors; supervisors only for their own organisation's rows."""

    def _allowed(self, request: HttpRequest, obj: Any = None) -> bool:
        if not admin_user_has(request, CONTENT_PERMS):
            return False
        if obj is None or _sees_every_organisation(request):
            return True
        organisation_id = getattr(obj, "organisation_id", None)
        if organisation_id is None and hasattr(obj, "page"):
            organisation_id = obj.page.organisation_id
        if organisation_id is None and hasattr(obj, "user"):
            organisation_id = obj.user.organisation_id
        return bool(organisation_id == request_user(request).organisation_id)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)


class OwnOrganisationAdmin(ContentPermissions, AuditedAdmin):
    def get_queryset(self, request: HttpRequest) -> Any:
        rows = super().get_queryset(request)
        if _sees_every_organisation(request):
            return rows
        return rows.filter(organisation_id=request_user(request).organisation_id)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "organisation" and not _sees_every_organisation(request):
            kwargs["queryset"] = Organisation.objects.filter(users=request_user(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class HotlineLineForm(forms.ModelForm):
    class Meta:
        model = HotlineLine
        fields = (
            "organisation",
            "phone_number",
            "toll_free",
            "opening_hours",
            "closed_on_public_holidays",
            "email",
            "is_active",
        )
        help_texts = {
            "opening_hours": _(
                "Weekdays 1 (Monday) to 7 (Sunday), each with its intervals in Belgian time, for example "
                '{"1": [["08:00", "20:00"]], "6": [["10:00", "16:00"]]}. "24:00" may end an interval; a '
                "night shift is written as two intervals (22:00-24:00, then 00:00-06:00 the next day)."
            ),
        }

    def clean_opening_hours(self) -> Any:
        value = self.cleaned_data.get("opening_hours")
        try:
            validate_opening_hours(value if value is not None else {})
        except ValidationFailedError as exc:
            raise forms.ValidationError(exc.message) from exc
        return value


@admin.register(HotlineLine)
class HotlineLineAdmin(OwnOrganisationAdmin):
    form = HotlineLineForm
    list_display = ("phone_number", "organisation", "toll_free", "closed_on_public_holidays", "is_active")
    list_filter = ("is_active", "toll_free")


class InfoPageTextInline(ContentPermissions, admin.StackedInline):
    model = InfoPageText
    extra = 0
    fields = ("language", "title", "summary", "signs", "rights", "reviewed_by_native_speaker")


@admin.register(InfoPage)
class InfoPageAdmin(OwnOrganisationAdmin):
    list_display = ("slug", "sector", "order", "is_published", "organisation")
    list_filter = ("is_published", "sector")
    search_fields = ("slug", "texts__title")
    inlines = [InfoPageTextInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """The texts of a page are written through the inline: each added, changed or deleted text gets its
        audit row too (``AuditedAdmin.save_model`` only sees the page)."""
        super().save_formset(request, form, formset, change)
        actor = request_user(request)
        for obj in formset.new_objects:
            record_change(actor=actor, action="admin.create", obj=obj, changes=_form_changes(formset, obj))
        for obj, changed_fields in formset.changed_objects:
            changes = {name: {"old": None, "new": str(getattr(obj, name))} for name in changed_fields}
            record_change(actor=actor, action="admin.update", obj=obj, changes=changes)
        for obj in formset.deleted_objects:
            record_change(
                actor=actor,
                action="admin.delete",
                object_type=obj._meta.label_lower,
                object_uuid=obj.uuid,
                changes={"page": obj.page.slug, "language": obj.language},
            )


def _form_changes(formset: Any, obj: Any) -> dict[str, Any]:
    for form in formset.forms:
        if form.instance is obj:
            return {
                name: {"old": None, "new": str(form.cleaned_data.get(name))} for name in form.changed_data
            }
    return {}


@admin.register(CannedReply)
class CannedReplyAdmin(OwnOrganisationAdmin):
    """Prepared answers to anonymous reporters, per language (issue 3 §2)."""

    list_display = ("slug", "language", "title", "organisation")
    list_filter = ("language",)
    search_fields = ("slug", "title")


@admin.register(KnowledgeArticle)
class KnowledgeArticleAdmin(OwnOrganisationAdmin):
    """Articles and call scripts for operators, per risk group and language (issue 3 §2)."""

    list_display = ("slug", "language", "sector", "is_call_script", "title", "organisation")
    list_filter = ("language", "sector", "is_call_script")
    search_fields = ("slug", "title")
    exclude = ("updated_by",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.updated_by = request_user(request)
        super().save_model(request, obj, form, change)


class _StaffOfOwnOrganisation:
    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user" and not _sees_every_organisation(request):
            from thb.core.models import User

            kwargs["queryset"] = User.objects.filter(
                organisation_id=request_user(request).organisation_id or 0
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


@admin.register(Shift)
class ShiftAdmin(_StaffOfOwnOrganisation, OwnOrganisationAdmin):
    """Operators' shifts: the queue shows who on duty speaks a contact's language."""

    list_display = ("user", "starts_at", "ends_at", "organisation")
    list_filter = ("organisation",)


@admin.register(OperatorLanguage)
class OperatorLanguageAdmin(_StaffOfOwnOrganisation, ContentPermissions, AuditedAdmin):
    """The languages each operator speaks (language routing)."""

    list_display = ("user", "language")
    list_filter = ("language",)

    def get_queryset(self, request: HttpRequest) -> Any:
        rows = super().get_queryset(request)
        if _sees_every_organisation(request):
            return rows
        return rows.filter(user__organisation_id=request_user(request).organisation_id)
