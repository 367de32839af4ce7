"""``{% related_reading "hearings" %}``: the panels other apps register for a topic (thb/core/panels.py),
so that a page of a lower app can show, e.g., the expertise library's items without importing it."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from thb.core.panels import related_reading as panels_for_topic

register = template.Library()


@register.simple_tag(takes_context=True)
def related_reading(context: template.Context, topic: str) -> SafeString:
    request = context.get("request")
    if request is None or not getattr(request, "user", None) or not request.user.is_authenticated:
        return mark_safe("")
    parts = [
        render_to_string(panel.template, {"panel": panel.context}, request=request)
        for panel in panels_for_topic(request, topic)
    ]
    return mark_safe("".join(parts))  # noqa: S308  (templates rendered with autoescape)
