"""Staff URLs of investigations (under /<lang>/staff/investigations/)."""

from django.urls import path

from . import views, views_imports, views_matches, views_money, views_network

app_name = "investigations"

urlpatterns = [
    path("", views.investigation_list, name="list"),
    path("new/", views.investigation_new, name="new"),
    path("<uuid:investigation_uuid>/", views.investigation_detail, name="detail"),
    path("<uuid:investigation_uuid>/entities/new/", views.entity_new, name="entity-new"),
    path("<uuid:investigation_uuid>/entities/<str:entity_id>/", views.entity_detail, name="entity"),
    path("<uuid:investigation_uuid>/matches/", views_matches.match_queue, name="matches"),
    path("<uuid:investigation_uuid>/network/", views_network.network_page, name="network"),
    path("<uuid:investigation_uuid>/network.json", views_network.network_data, name="network-data"),
    path("<uuid:investigation_uuid>/export.<slug:fmt>", views_network.network_export, name="export"),
    path("<uuid:investigation_uuid>/money/", views_money.money_page, name="money"),
    path("<uuid:investigation_uuid>/assets/", views_money.assets_page, name="assets"),
    path("<uuid:investigation_uuid>/assets/<uuid:asset_uuid>/", views_money.asset_edit, name="asset"),
    path(
        "<uuid:investigation_uuid>/financial-report.pdf",
        views_money.financial_report,
        name="financial-report",
    ),
    path("<uuid:investigation_uuid>/import/", views_imports.import_start, name="import"),
    path("<uuid:investigation_uuid>/import/<uuid:draft_uuid>/", views_imports.import_map, name="import-map"),
]
