"""Public URLs of blocking (under /<lang>/): the stop page and the appeal form."""

from django.urls import path

from . import views_public

app_name = "stop"

urlpatterns = [
    path("stop/", views_public.stop, name="stop"),
    path("stop/appeal/", views_public.appeal, name="appeal"),
]
