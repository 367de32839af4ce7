"""The short link of a campaign (issue 9 §2): ``/c/<code>`` and ``/c/<code>/<language>`` open the public
hotline page in the campaign's (or the given) language with the code in the address, so that a report
written from there carries it. The visit is counted per day and language; nothing about the visitor is
stored or logged (DESIGN.md §4). An unknown or mistyped code still leads to the hotline — without a code.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from thb.hotline.campaign_codes import normalise_campaign_code

from .models import Campaign
from .services import visit_count


def _hotline_page(language: str, code: str = "") -> str:
    with translation.override(language):
        path = reverse("hotline:public-home")
    return f"{path}?{urlencode({'c': code})}" if code else path


@never_cache
@require_GET
def short_link(request: HttpRequest, code: str, language: str = "") -> HttpResponse:
    public = {code for code, _name in settings.PUBLIC_LANGUAGES}
    normalised = normalise_campaign_code(code)
    campaign = Campaign.objects.filter(code=normalised).first() if normalised else None
    if campaign is None:
        fallback = language if language in public else settings.LANGUAGE_CODE
        return HttpResponseRedirect(_hotline_page(fallback))
    if language not in campaign.languages:
        language = campaign.default_language
    visit_count(campaign=campaign, language=language)
    return HttpResponseRedirect(_hotline_page(language, campaign.code))
