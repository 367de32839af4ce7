"""Estimates of criminal proceeds (issue 8 §4: "an estimate of criminal proceeds with its method shown"):
three methods investigators and magistrates use for trafficking cases, each a pure function that returns
the amount and the sentence that shows how it was computed — the sentence goes into the report and the
police case file, so the estimate can be checked and argued.

* ``unpaid_wages`` — labour exploitation: what the workers were owed (workers × days × the daily wage due
  under the sector's collective agreement) minus what they were paid;
* ``charges`` — sums taken from the victims: rent, "debts", fees (victims × amount per week × weeks);
* ``inflows`` — the money the suspects received from outside their group, from the payments on record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thb.core.exceptions import ValidationFailedError

from .money import MoneyFacts

MAX_AMOUNT = Decimal("999999999999.99")


@dataclass(frozen=True)
class Estimate:
    method: str
    inputs: dict[str, Any]
    amount: Decimal
    explanation: str


def _number(
    inputs: dict[str, Any], name: str, *, whole: bool = False, minimum: Decimal = Decimal(0)
) -> Decimal:
    raw = str(inputs.get(name, "")).strip().replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise ValidationFailedError(_("Enter a number."), field=name) from exc
    if value < minimum or value > MAX_AMOUNT or (whole and value != value.to_integral()):
        raise ValidationFailedError(_("Enter a number."), field=name)
    return value


def _euros(value: Decimal) -> str:
    return f"€ {value:,.2f}"


def unpaid_wages(inputs: dict[str, Any], _facts: MoneyFacts) -> Estimate:
    workers = _number(inputs, "workers", whole=True, minimum=Decimal(1))
    days = _number(inputs, "days", whole=True, minimum=Decimal(1))
    daily = _number(inputs, "daily_wage_due", minimum=Decimal("0.01"))
    paid = _number(inputs, "wages_paid")
    amount = max(workers * days * daily - paid, Decimal(0)).quantize(Decimal("0.01"))
    explanation = _(
        "%(workers)s workers × %(days)s days × %(daily)s due per day − %(paid)s paid = %(amount)s"
    ) % {
        "workers": workers,
        "days": days,
        "daily": _euros(daily),
        "paid": _euros(paid),
        "amount": _euros(amount),
    }
    inputs = {
        "workers": int(workers),
        "days": int(days),
        "daily_wage_due": str(daily),
        "wages_paid": str(paid),
    }
    return Estimate("unpaid_wages", inputs, amount, explanation)


def charges(inputs: dict[str, Any], _facts: MoneyFacts) -> Estimate:
    victims = _number(inputs, "victims", whole=True, minimum=Decimal(1))
    weekly = _number(inputs, "per_week", minimum=Decimal("0.01"))
    weeks = _number(inputs, "weeks", whole=True, minimum=Decimal(1))
    amount = (victims * weekly * weeks).quantize(Decimal("0.01"))
    explanation = _("%(victims)s victims × %(weekly)s charged per week × %(weeks)s weeks = %(amount)s") % {
        "victims": victims,
        "weekly": _euros(weekly),
        "weeks": weeks,
        "amount": _euros(amount),
    }
    return Estimate(
        "charges",
        {"victims": int(victims), "per_week": str(weekly), "weeks": int(weeks)},
        amount,
        explanation,
    )


def inflows(inputs: dict[str, Any], facts: MoneyFacts) -> Estimate:
    suspects = [str(s) for s in inputs.get("suspects", []) if str(s) in facts.labels]
    if not suspects:
        raise ValidationFailedError(_("Choose at least one suspect."), field="suspects")
    group = set(suspects)
    received = [
        p for p in facts.payments if p.currency == "EUR" and p.beneficiary in group and p.payer not in group
    ]
    amount = sum((p.amount for p in received), Decimal(0)).quantize(Decimal("0.01"))
    explanation = _(
        "%(n)s payments on record received by %(names)s from outside the group, in total %(amount)s"
    ) % {
        "n": len(received),
        "names": ", ".join(sorted(facts.labels[s] for s in suspects)),
        "amount": _euros(amount),
    }
    return Estimate("inflows", {"suspects": sorted(suspects)}, amount, explanation)


METHODS: dict[str, tuple[Any, Callable[[dict[str, Any], MoneyFacts], Estimate]]] = {
    "unpaid_wages": (gettext_lazy("Unpaid wages (labour exploitation)"), unpaid_wages),
    "charges": (gettext_lazy("Sums charged to the victims (rent, debts, fees)"), charges),
    "inflows": (gettext_lazy("Money received by the suspects from outside their group"), inflows),
}


def estimate(method: str, inputs: dict[str, Any], facts: MoneyFacts) -> Estimate:
    if method not in METHODS:
        raise ValidationFailedError(_("Choose a method."), field="method")
    return METHODS[method][1](inputs, facts)
