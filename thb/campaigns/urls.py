"""Staff URLs of campaigns (under /<lang>/staff/campaigns/)."""

from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_edit, name="new"),
    path("<uuid:campaign_uuid>/", views.campaign_detail, name="detail"),
    path("<uuid:campaign_uuid>/edit/", views.campaign_edit, name="edit"),
    path("<uuid:campaign_uuid>/qr-<str:language>.<slug:fmt>", views.campaign_qr, name="qr"),
    path("<uuid:campaign_uuid>/chart-<slug:dimension>.<slug:fmt>", views.campaign_chart, name="chart"),
    path("<uuid:campaign_uuid>/figures.csv", views.campaign_figures_csv, name="figures-csv"),
    path("<uuid:campaign_uuid>/materials/<uuid:material_uuid>/", views.material_download, name="material"),
    path(
        "<uuid:campaign_uuid>/materials/<uuid:material_uuid>/remove/",
        views.material_delete,
        name="material-remove",
    ),
]
