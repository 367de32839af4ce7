"""Core page URLs (language-prefixed by config/urls.py)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import StaffLoginForm

app_name = "core"

urlpatterns = [
    path("staff/", views.staff_home, name="staff-home"),
    path(
        "staff/login/",
        auth_views.LoginView.as_view(authentication_form=StaffLoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("staff/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/second-factor/setup/", views.otp_setup, name="otp-setup"),
    path("staff/second-factor/", views.otp_verify, name="otp-verify"),
    path("staff/organisations/", views.organisation_list, name="organisation-list"),
    path(
        "staff/organisations/<uuid:organisation_uuid>/", views.organisation_detail, name="organisation-detail"
    ),
    path("staff/audit/", views.audit_list, name="audit-list"),
    path("staff/audit/export.csv", views.audit_export, name="audit-export"),
]
