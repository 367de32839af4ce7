"""Public pages for anonymous reports: the form, the receipt, and the two-way follow-up (issue 3 §1).

Receipts travel only in POST bodies — never in URLs, which end up in logs and browser history — and pages
that show one are not cached. No IP address or user agent is stored or logged (DESIGN.md §4).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from thb.core.exceptions import ValidationFailedError

from .campaign_codes import normalise_campaign_code
from .forms import ReceiptForm, ReplyForm, ReportForm
from .idempotency import run_once
from .ratelimit import RateLimitedError, public_rate_limit
from .receipts import generate_receipt
from .services.public_reports import (
    ReportNotFoundError,
    public_message_add,
    public_report_submit,
    public_thread,
)

_REPORT_FIELDS = (
    "text",
    "language",
    "reporter_role",
    "sector",
    "postcode",
    "minor_involved",
    "immediate_danger",
)


@never_cache
@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest) -> HttpResponse:
    campaign = normalise_campaign_code(request.GET.get("c")) or ""
    form = ReportForm(request.POST or None, initial={"language": "", "campaign": campaign})
    if request.method == "POST" and form.is_valid():
        if form.is_bot:
            # Answer as if accepted, with a receipt that opens nothing: the bot learns nothing.
            return render(
                request, "public/report_received.html", {"receipt": generate_receipt(), "urgent": False}
            )
        data: dict[str, Any] = {name: form.cleaned_data.get(name) or None for name in _REPORT_FIELDS}
        data["text"] = form.cleaned_data["text"]
        data["campaign_code"] = form.cleaned_data.get("campaign") or ""

        def handler() -> tuple[int, dict]:
            submitted = public_report_submit(**data)
            return 201, {"receipt": submitted.receipt, "language": submitted.language}

        try:
            public_rate_limit()
            answer = run_once(
                endpoint="public.reports.form",
                key=form.cleaned_data["submission_key"],
                payload=data,
                handler=handler,
            )
        except ValidationFailedError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        except RateLimitedError as error:
            form.add_error(None, error.message)
        else:
            return render(
                request,
                "public/report_received.html",
                {"receipt": answer.body["receipt"], "urgent": bool(data["immediate_danger"])},
            )
    return render(
        request,
        "public/report_form.html",
        {"form": form, "page_language": get_language()},
        status=422 if form.is_bound and form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest) -> HttpResponse:
    """Enter the receipt, read the thread, write again. Every wrong receipt gets the same answer."""
    if request.method == "GET":
        return render(request, "public/follow_up.html", {"form": ReceiptForm()})
    form: ReceiptForm = ReplyForm(request.POST) if request.POST.get("text") else ReceiptForm(request.POST)
    if not form.is_valid():
        return render(request, "public/follow_up.html", {"form": form}, status=422)
    receipt = form.cleaned_data["receipt"]
    sent = False
    try:
        public_rate_limit()
        if isinstance(form, ReplyForm):
            run_once(
                endpoint="public.messages.form",
                key=form.cleaned_data.get("submission_key") or None,
                payload={"receipt": receipt, "text": form.cleaned_data["text"]},
                handler=lambda: (
                    201,
                    {"id": str(public_message_add(receipt=receipt, text=form.cleaned_data["text"]).uuid)},
                ),
            )
            sent = True
        thread = public_thread(receipt=receipt)
    except ReportNotFoundError as error:
        form.add_error("receipt", error.message)
        return render(request, "public/follow_up.html", {"form": form}, status=404)
    except (ValidationFailedError, RateLimitedError) as error:
        form.add_error(None, error.message)
        return render(request, "public/follow_up.html", {"form": form}, status=422)
    reply = ReplyForm(initial={"receipt": receipt})
    reply.initial["submission_key"] = uuid.uuid4().hex
    return render(request, "public/thread.html", {"thread": thread, "reply": reply, "sent": sent})
