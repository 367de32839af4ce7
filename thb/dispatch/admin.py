"""Admin of dispatch: organisations' webhook endpoints (administrators) and the outbox (read only)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import OutboxMessage, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("organisation", "url", "is_active")
    list_filter = ("is_active",)
    search_fields = ("organisation__slug", "url")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "topic", "organisation", "channel", "status", "attempts", "delivered_at")
    list_filter = ("status", "channel", "topic")
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
