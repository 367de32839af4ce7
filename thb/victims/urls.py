"""Staff URLs of victim cases (under /<lang>/staff/cases/)."""

from django.urls import path

from . import views, views_dispatch, views_guides, views_hearings

app_name = "victims"

urlpatterns = [
    path("", views.case_list, name="cases"),
    path("new/", views.case_new, name="case-new"),
    path("guides/", views_guides.guide_list, name="guides"),
    path("guides/<slug:slug>/", views_guides.guide_detail, name="guide"),
    path("<uuid:case_uuid>/", views.case_detail, name="case"),
    path("<uuid:case_uuid>/assess/", views.assessment_new, name="assess"),
    path("<uuid:case_uuid>/dispatch/", views_dispatch.case_dispatch, name="dispatch"),
    path("<uuid:case_uuid>/assessments/<uuid:assessment_uuid>/", views.assessment_detail, name="assessment"),
    path("<uuid:case_uuid>/hearings/new/", views_hearings.hearing_new, name="hearing-new"),
    path("<uuid:case_uuid>/hearings/<uuid:hearing_uuid>/", views_hearings.hearing_conduct, name="hearing"),
    path(
        "<uuid:case_uuid>/hearings/<uuid:hearing_uuid>/record.pdf",
        views_hearings.hearing_record,
        name="hearing-record",
    ),
]
