"""The campaigns' short links (outside the language prefix: /c/<code>, /c/<code>/<language>)."""

from django.urls import path

from . import views_public

app_name = "campaigns-public"

urlpatterns = [
    path("c/<str:code>", views_public.short_link, name="short"),
    path("c/<str:code>/<str:language>", views_public.short_link, name="short-language"),
]
