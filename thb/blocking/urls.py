"""Staff URLs of the blocking list (under /<lang>/staff/blocking/)."""

from django.urls import path

from . import views

app_name = "blocking"

urlpatterns = [
    path("", views.entries_home, name="entries"),
    path("entries/<uuid:entry_uuid>/", views.entry_detail, name="entry"),
    path("entries/<uuid:entry_uuid>/<slug:action>/", views.entry_action, name="entry-action"),
    path("appeals/<uuid:appeal_uuid>/<slug:action>/", views.appeal_action, name="appeal-action"),
    path("releases/", views.releases, name="releases"),
    path("safeguards/", views.safeguards, name="safeguards"),
    path("isp/", views.isp, name="isp"),
    path(
        "releases/requests/<uuid:request_uuid>/<slug:action>/",
        views.release_request_action,
        name="request-action",
    ),
]
