"""URLs: pages under a language prefix (/fr/, /nl/, /de/, /en/), the API under /api/v1/, health checks."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from thb.api.api import api
from thb.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/worker", core_views.healthz_worker, name="healthz-worker"),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("thb.campaigns.urls_public")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("thb.core.urls")),
    path("", include("thb.hotline.urls")),
    path("", include("thb.blocking.urls_public")),
    path("", include("thb.residence.urls_public")),
    path("staff/hotline/", include("thb.hotline.urls_console")),
    path("staff/dispatch/", include("thb.dispatch.urls")),
    path("staff/blocking/", include("thb.blocking.urls")),
    path("staff/cases/", include("thb.victims.urls")),
    path("staff/casefiles/", include("thb.casefiles.urls")),
    path("staff/residence/", include("thb.residence.urls")),
    path("staff/investigations/", include("thb.investigations.urls")),
    path("staff/actionplan/", include("thb.actionplan.urls")),
    path("staff/campaigns/", include("thb.campaigns.urls")),
    path("staff/childprotection/", include("thb.childprotection.urls")),
    path("staff/statistics/", include("thb.statistics.urls")),
    path("staff/library/", include("thb.expertise.urls")),
    prefix_default_language=True,
)
