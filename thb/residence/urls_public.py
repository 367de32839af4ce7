"""Public URLs of the residence brochure (under /<lang>/)."""

from django.urls import path

from . import views_public

app_name = "residence-public"

urlpatterns = [
    path("residence/", views_public.brochure_page, name="brochure"),
    path("residence/brochure.pdf", views_public.brochure_download, name="brochure-pdf"),
]
