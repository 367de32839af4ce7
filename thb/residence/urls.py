"""Staff URLs of the residence procedure (under /<lang>/staff/residence/)."""

from django.urls import path

from . import views

app_name = "residence"

urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("calendar.ics", views.deadline_calendar, name="calendar"),
    path("open/<uuid:case_uuid>/", views.procedure_new, name="open"),
    path("<uuid:procedure_uuid>/", views.procedure_detail, name="procedure"),
    path(
        "<uuid:procedure_uuid>/actions/<uuid:action_uuid>/done/", views.action_mark_done, name="action-done"
    ),
]
