"""Staff URLs of statistics (under /<lang>/staff/statistics/)."""

from django.urls import path

from . import views

app_name = "statistics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("chart/<slug:key>.<slug:fmt>", views.chart, name="chart"),
    path("export.<slug:fmt>", views.export, name="export"),
    path("htcds.csv", views.htcds, name="htcds"),
]
