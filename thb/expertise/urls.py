"""Staff URLs of the expertise network's library (under /<lang>/staff/library/)."""

from django.urls import path

from . import views, views_meetings, views_trainings

app_name = "expertise"

urlpatterns = [
    path("trainings/", views_trainings.catalogue, name="trainings"),
    path("trainings/new/", views_trainings.course_new, name="course-new"),
    path("trainings/<uuid:course_uuid>/", views_trainings.course_detail, name="course"),
    path("sessions/<uuid:session_uuid>/", views_trainings.session_detail, name="session"),
    path(
        "sessions/<uuid:session_uuid>/do/<slug:action>/",
        views_trainings.session_action,
        name="session-action",
    ),
    path(
        "sessions/<uuid:session_uuid>/certificate/<uuid:registration_uuid>.pdf",
        views_trainings.certificate,
        name="certificate",
    ),
    path(
        "sessions/<uuid:session_uuid>/materials/<uuid:material_uuid>/",
        views_trainings.material_download,
        name="session-material",
    ),
    path(
        "sessions/<uuid:session_uuid>/feedback-<slug:question>.svg",
        views_trainings.feedback_chart,
        name="feedback-chart",
    ),
    path("meetings/", views_meetings.meeting_list, name="meetings"),
    path("meetings/new/", views_meetings.meeting_new, name="meeting-new"),
    path("meetings/<uuid:meeting_uuid>/", views_meetings.meeting_detail, name="meeting"),
    path(
        "meetings/<uuid:meeting_uuid>/do/<slug:action>/", views_meetings.meeting_action, name="meeting-action"
    ),
    path("actions/<uuid:action_uuid>/done/", views_meetings.follow_up_done, name="action-done"),
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
