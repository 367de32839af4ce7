"""The public brochure on the residence procedure (issue 7 §3): a page and a PDF in each public language,
without login, logging no one (the public site's rules, DESIGN.md §4)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from .brochure import build_brochure
from .brochure_pdf import brochure_pdf


def brochure_page(request: HttpRequest) -> HttpResponse:
    return render(request, "public/residence.html", {"brochure": build_brochure()})


def brochure_download(request: HttpRequest) -> HttpResponse:
    language = get_language() or "en"
    response = HttpResponse(brochure_pdf(build_brochure()), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="residence-{language}.pdf"'
    return response
