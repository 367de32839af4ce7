"""Staff URLs of action plans (under /<lang>/staff/actionplan/)."""

from django.urls import path

from . import views

app_name = "actionplan"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:slug>/report.<slug:fmt>", views.report, name="report"),
    path("<slug:slug>/<str:code>/", views.point_detail, name="point"),
]
