"""Staff URLs of police case files (under /<lang>/staff/casefiles/)."""

from django.urls import path

from . import views

app_name = "casefiles"

urlpatterns = [
    path("", views.case_file_list, name="list"),
    path("new/", views.case_file_new, name="new"),
    path("<uuid:file_uuid>/", views.case_file_detail, name="detail"),
    path("<uuid:file_uuid>/edit/", views.case_file_edit, name="edit"),
    path("<uuid:file_uuid>/sections/<slug:section>/", views.section_edit, name="section"),
    path("<uuid:file_uuid>/entries/<slug:kind>/new/", views.entry_new, name="entry-new"),
    path("<uuid:file_uuid>/entries/<uuid:entry_uuid>/", views.entry_edit, name="entry"),
    path("<uuid:file_uuid>/export.<slug:fmt>", views.case_file_export, name="export"),
]
