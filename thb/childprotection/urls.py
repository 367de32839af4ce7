"""Staff URLs of child protection (under /<lang>/staff/childprotection/)."""

from django.urls import path

from . import views

app_name = "childprotection"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/new/", views.event_new, name="event-new"),
    path("alerts/<uuid:alert_uuid>/", views.alert_detail, name="alert"),
    path("rules/", views.rules, name="rules"),
    path("directive/", views.directive, name="directive"),
]
