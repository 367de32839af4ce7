"""Staff URLs of the expertise network's library (under /<lang>/staff/library/)."""

from django.urls import path

from . import views

app_name = "expertise"

urlpatterns = [
    path("", views.library, name="library"),
    path("new/", views.item_new, name="new"),
    path("case-study/<uuid:case_uuid>/", views.case_study_new, name="case-study"),
    path("<uuid:item_uuid>/", views.item_detail, name="item"),
    path("<uuid:item_uuid>/edit/", views.item_edit, name="edit"),
    path("<uuid:item_uuid>/<slug:action>/", views.item_action, name="action"),
    path("<uuid:item_uuid>/files/<uuid:attachment_uuid>/", views.attachment_download, name="attachment"),
    path(
        "<uuid:item_uuid>/files/<uuid:attachment_uuid>/remove/",
        views.attachment_delete,
        name="attachment-remove",
    ),
]
