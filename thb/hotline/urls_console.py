"""Staff URLs of the hotline (under /<lang>/staff/hotline/)."""

from django.urls import path

from . import views_console, views_operators

app_name = "hotline-console"

urlpatterns = [
    path("", views_console.queue, name="queue"),
    path("log-call/", views_console.log_call, name="log-call"),
    path("supervision/", views_console.supervision, name="supervision"),
    path("knowledge/", views_console.knowledge_base, name="knowledge-base"),
    path("interpreters/", views_console.interpreters, name="interpreters"),
    path("availability/", views_operators.availability, name="availability"),
    path("contacts/<uuid:contact_uuid>/", views_console.contact_detail, name="contact-detail"),
    path("contacts/<uuid:contact_uuid>/edit/", views_console.contact_edit, name="contact-edit"),
    path("contacts/<uuid:contact_uuid>/<slug:action>/", views_console.contact_action, name="contact-action"),
]
