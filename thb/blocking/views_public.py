"""The stop page and the appeal form (issue 5 §3), public, in the 16 public languages.

The stop page keeps one number per day (visits) and nothing about the visitor: no IP address, no user
agent, no time of visit; the request log skips it (RequestLogMiddleware), and the page is never cached
nor carries cookies of its own. Resolvers send blocked names to the stop page's address, so the browser
arrives with the blocked name as its host: a reverse proxy maps every host and path there to
``/<lang>/stop/`` (docs/blocking.md).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from thb.core.exceptions import ValidationFailedError
from thb.core.ratelimit import RateLimitedError, public_rate_limit

from .forms_public import AppealForm
from .services.public import appeal_submit, stop_page_visit


def stop_context() -> dict[str, object]:
    return {
        "help_name": settings.THB_STOP_HELP_NAME,
        "help_url": settings.THB_STOP_HELP_URL,
        "help_phone": settings.THB_STOP_HELP_PHONE,
    }


@never_cache
@require_GET
def stop(request: HttpRequest) -> HttpResponse:
    stop_page_visit()
    return render(request, "stop/stop.html", stop_context())


@never_cache
@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest) -> HttpResponse:
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_bot:
            return render(request, "stop/appeal_received.html")
        try:
            public_rate_limit()
            appeal_submit(
                domain=form.cleaned_data["domain"],
                statement=form.cleaned_data["statement"],
                email=form.cleaned_data["email"],
                language=get_language() or "en",
            )
        except ValidationFailedError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        except RateLimitedError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "stop/appeal_received.html")
    return render(request, "stop/appeal.html", {"form": form}, status=422 if form.is_bound else 200)
