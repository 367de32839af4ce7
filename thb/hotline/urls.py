"""Public hotline pages (language-prefixed by config/urls.py)."""

from django.urls import path

from . import views_public, views_reports

app_name = "hotline"

urlpatterns = [
    path("", views_public.home, name="public-home"),
    path("report/", views_reports.report_form, name="report"),
    path("report/follow-up/", views_reports.follow_up, name="follow-up"),
    path("help/", views_public.info_index, name="info-index"),
    path("help/<slug:slug>/", views_public.info_page, name="info-page"),
]
