"""The confirmation form of proposed referrals, shared by the hotline contact's and the victim case's
dispatch pages: keep or untick each proposal (an untick needs a reason), add one by hand (with a reason,
a legal basis and a disclosure profile)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from thb.core.exceptions import DomainError, ValidationFailedError

from .forms import AddReferralForm
from .selectors import DispatchProposal
from .services.referrals import AddedReferral, Confirmation, proposal_key


def confirmation_from_post(
    request: HttpRequest, proposal: DispatchProposal, add_form: AddReferralForm
) -> tuple[dict[str, str], list[AddedReferral]]:
    """(removed: key → reason, added) as posted."""
    removed = {
        proposal_key(p): request.POST.get(f"reason-{proposal_key(p)}", "")
        for p in proposal.decision.referrals
        if request.POST.get(f"keep-{proposal_key(p)}") != "1"
    }
    added: list[AddedReferral] = []
    if add_form.is_valid() and add_form.cleaned_data.get("organisation"):
        data = add_form.cleaned_data
        added.append(
            AddedReferral(
                organisation=data["organisation"],
                legal_basis=data["legal_basis"],
                disclosure=data["disclosure"],
                reason=data["reason"],
            )
        )
    return removed, added


def confirmation_context(
    request: HttpRequest, proposal: DispatchProposal, add_form: AddReferralForm, errors: dict[str, str]
) -> dict[str, Any]:
    """What ``dispatch/_confirm_fields.html`` shows: the rows (kept, reason, error) and the add form."""
    posted = request.method == "POST"
    rows = []
    for p in proposal.decision.referrals:
        key = proposal_key(p)
        rows.append(
            {
                "proposal": p,
                "key": key,
                "error": errors.get(f"remove-{key}"),
                "kept": not posted or request.POST.get(f"keep-{key}") == "1",
                "reason": request.POST.get(f"reason-{key}", "") if posted else "",
            }
        )
    return {
        "proposal": proposal,
        "rows": rows,
        "add_form": add_form,
        "add_errors": {k.removeprefix("add-0-"): v for k, v in errors.items() if k.startswith("add-0-")},
        "form_error": errors.get("form"),
    }


def send_and_report(request: HttpRequest, send: Callable[[], Confirmation], errors: dict[str, str]) -> bool:
    """Run the confirmation; on success say what was sent, else put the error where the form shows it."""
    try:
        result = send()
    except ValidationFailedError as error:
        errors[error.field or "form"] = error.message
        return False
    except DomainError as error:
        errors["form"] = error.message
        return False
    messages.success(
        request,
        _("%(sent)d referral(s) sent, %(removed)d removed.")
        % {"sent": len(result.sent), "removed": len(result.removed)},
    )
    return True
