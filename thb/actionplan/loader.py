"""Loading an action plan from its YAML data (``thb actionplan load``; ``make run`` loads the 2008 plan).

Idempotent: a point already there keeps its status and progress (the coordination cell's work); only the
texts, pillar, responsible departments, deadline and figure are refreshed from the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from thb.core.audit import record_change

from .models import ActionPlan, ActionPoint, Pillar

PLAN_2008 = Path(__file__).parent / "data" / "plan-2008.yaml"
LANGUAGES = ("fr", "nl", "de", "en")


class PlanFileError(ValueError):
    """The plan file is not as expected (the message names the point and the key)."""


def _texts(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES) or not all(value.values()):
        raise PlanFileError(f"{where}: give the text in {', '.join(LANGUAGES)}")
    return {language: " ".join(str(value[language]).split()) for language in LANGUAGES}


def read_plan(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PlanFileError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("points"), list):
        raise PlanFileError(f"{path}: a plan needs a slug, a title and a list of points")
    return data


@transaction.atomic
def load_plan(path: Path = PLAN_2008) -> ActionPlan:
    data = read_plan(path)
    default_deadline = data.get("default_deadline")
    plan, created = ActionPlan.objects.update_or_create(
        slug=str(data["slug"]),
        defaults={"title": _texts(data.get("title"), "title"), "approved": data["approved"]},
    )
    for number, item in enumerate(data["points"], start=1):
        code = str(item.get("code", ""))
        where = f"point {code or number}"
        if item.get("pillar") not in Pillar.values:
            raise PlanFileError(f"{where}: pillar must be one of {', '.join(Pillar.values)}")
        deadline = item.get("deadline") or default_deadline
        if not isinstance(deadline, date):
            raise PlanFileError(f"{where}: no deadline (and no default_deadline)")
        ActionPoint.objects.update_or_create(
            plan=plan,
            code=code,
            defaults={
                "number": number,
                "pillar": item["pillar"],
                "title": _texts(item.get("title"), f"{where}, title"),
                "text": _texts(item.get("text"), f"{where}, text"),
                "responsible": [str(r) for r in item.get("responsible") or []],
                "deadline": deadline,
                "figure": str(item.get("figure") or ""),
                "indicators": [
                    _texts(indicator, f"{where}, indicator {i}")
                    for i, indicator in enumerate(item.get("indicators") or [], start=1)
                ],
            },
        )
    record_change(
        actor=None,
        action="actionplan.load",
        obj=plan,
        changes={"points": len(data["points"]), "created": created},
    )
    return plan
