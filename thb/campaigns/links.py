"""Short links and QR codes of a campaign (issue 9 §2): ``/c/<code>/<language>`` on the platform's public
address (``THB_BASE_URL``), and its QR code as SVG (print) or PNG (slides, social media), made by segno.

The QR code holds the short link, not the hotline page's address, so that the page may move without
reprinting posters. Error correction level Q (25 %) survives a torn or dirty poster."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from .models import Campaign

QR_FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


def short_link(campaign: Campaign, language: str, request: HttpRequest | None = None) -> str:
    path = reverse("campaigns-public:short-language", args=[campaign.code, language])
    base = settings.THB_BASE_URL.rstrip("/")
    if not base and request is not None:
        return request.build_absolute_uri(path)
    return f"{base}{path}"


def qr_code(link: str, fmt: str) -> bytes:
    if fmt not in QR_FORMATS:
        raise ValueError(f"unknown QR format {fmt!r}")
    code = segno.make(link, error="q", micro=False)
    buffer = io.BytesIO()
    if fmt == "svg":
        code.save(buffer, kind="svg", scale=8, border=4, xmldecl=False, title=link)
    else:
        code.save(buffer, kind="png", scale=12, border=4)
    return buffer.getvalue()
