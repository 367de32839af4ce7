"""Staff URLs of dispatch (under /<lang>/staff/dispatch/)."""

from django.urls import path

from . import views_procedures, views_referrals

app_name = "dispatch"

urlpatterns = [
    path("inbox/", views_referrals.inbox, name="inbox"),
    path("overdue/", views_referrals.overdue, name="overdue"),
    path("notifications/<uuid:event_id>/retry/", views_referrals.outbox_retry_view, name="outbox-retry"),
    path("referrals/<uuid:referral_uuid>/", views_referrals.referral_detail, name="referral-detail"),
    path(
        "referrals/<uuid:referral_uuid>/<slug:action>/",
        views_referrals.referral_action,
        name="referral-action",
    ),
    path("contacts/<uuid:contact_uuid>/", views_referrals.contact_dispatch, name="contact-dispatch"),
    path("procedures/", views_procedures.procedure_list, name="procedure-list"),
    path("procedures/new/", views_procedures.procedure_new, name="procedure-new"),
    path("procedures/<uuid:version_uuid>/", views_procedures.procedure_detail, name="procedure-detail"),
    path(
        "procedures/<uuid:version_uuid>/source.yaml",
        views_procedures.procedure_source,
        name="procedure-source",
    ),
    path(
        "procedures/<uuid:version_uuid>/<slug:action>/",
        views_procedures.procedure_action,
        name="procedure-action",
    ),
]
