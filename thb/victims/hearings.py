"""Hearings (issue 6 §3): the guides as versioned data, conducting a hearing, and its record.

A guide is ``{"slug", "version", "title", "for_minors", "filmed", "guidance": [texts], "sections":
[{"id", "title", "guidance", "questions": [{"id", "text"}]}]}`` where every text is ``{"fr", "nl", "de",
"en"}``. The shipped guides are in ``data/hearing_guides/``; coordinators add versions (the active one is
used for new hearings; a hearing keeps its own). Answers, notes and the interpreter's identity are
encrypted; reading them (the page, the PDF) is an audited identity access (DESIGN.md §4).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import Organisation, OrganisationKind, User
from thb.core.roles import Perm, has_perm

from .models import Hearing, HearingGuide, HearingStatus, VictimCase
from .services import case_event, participant_organisation

GUIDES = Path(__file__).resolve().parent / "data" / "hearing_guides"
LANGUAGES = ("fr", "nl", "de", "en")


def guide_problems(data: Any) -> list[str]:
    """What is wrong with a guide document (empty when it is complete)."""
    problems: list[str] = []

    def texts(value: Any, where: str) -> None:
        if not isinstance(value, dict) or any(not str(value.get(lang, "")).strip() for lang in LANGUAGES):
            problems.append(f"{where}: a text in fr, nl, de and en is needed")

    if not isinstance(data, dict):
        return ["a guide is a JSON object"]
    if not isinstance(data.get("slug"), str) or not data["slug"]:
        problems.append("slug: missing")
    texts(data.get("title"), "title")
    for i, item in enumerate(data.get("guidance") or []):
        texts(item, f"guidance[{i}]")
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        return [*problems, "sections: at least one is needed"]
    seen: set[str] = set()
    for i, section in enumerate(sections):
        if not isinstance(section, dict):
            problems.append(f"sections[{i}]: an object is needed")
            continue
        texts(section.get("title"), f"sections[{i}].title")
        questions = section.get("questions")
        if not isinstance(questions, list) or not questions:
            problems.append(f"sections[{i}].questions: at least one is needed")
            continue
        for j, question in enumerate(questions):
            qid = question.get("id") if isinstance(question, dict) else None
            if not isinstance(qid, str) or not qid or qid in seen:
                problems.append(f"sections[{i}].questions[{j}].id: missing or used twice")
            else:
                seen.add(qid)
            texts(
                question.get("text") if isinstance(question, dict) else None,
                f"sections[{i}].questions[{j}].text",
            )
    return problems


def guide_save(*, data: dict[str, Any], actor: User | None) -> HearingGuide:
    """A new version of a guide, made active (the previous stays for the hearings that used it)."""
    if actor is not None and not has_perm(actor, Perm.MANAGE_PROCEDURES):
        raise PermissionDeniedError()
    problems = guide_problems(data)
    if problems:
        raise ValidationFailedError("; ".join(problems[:5]), field="guide")
    slug = data["slug"]
    with transaction.atomic():
        last = HearingGuide.objects.select_for_update().filter(slug=slug).order_by("-version").first()
        HearingGuide.objects.filter(slug=slug, is_active=True).update(is_active=False)
        guide = HearingGuide.objects.create(
            slug=slug,
            version=(last.version + 1) if last else int(data.get("version") or 1),
            title=data["title"],
            for_minors=bool(data.get("for_minors")),
            filmed=bool(data.get("filmed")),
            data={"guidance": data.get("guidance") or [], "sections": data["sections"]},
            is_active=True,
            created_by=actor,
        )
        record_change(
            actor=actor,
            action="victims.guide.save",
            obj=guide,
            changes={"version": {"old": None, "new": guide.version}},
        )
    return guide


def load_hearing_guides() -> list[str]:
    """The shipped guides, for slugs that have none yet (idempotent)."""
    loaded = []
    for path in sorted(GUIDES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not HearingGuide.objects.filter(slug=data.get("slug")).exists():
            guide_save(data=data, actor=None)
            loaded.append(data["slug"])
    return loaded


def question_ids(guide: HearingGuide) -> list[str]:
    return [q["id"] for section in guide.data.get("sections", []) for q in section.get("questions", [])]


def hearing_start(
    *,
    case: VictimCase,
    actor: User,
    guide: HearingGuide,
    language: str,
    consent: bool,
    person_language: str = "",
    interpreter_service: Organisation | None = None,
    interpreter_identity: str = "",
    recording_reference: str = "",
    filmed: bool | None = None,
) -> Hearing:
    organisation = participant_organisation(case, actor)
    if language not in LANGUAGES:
        raise ValidationFailedError(_("Choose the language of the hearing."), field="language")
    if not consent:
        raise ValidationFailedError(
            _("A hearing takes place only with the person's agreement: record it first."), field="consent"
        )
    if interpreter_service is not None and interpreter_service.kind != OrganisationKind.INTERPRETER_SERVICE:
        raise ValidationFailedError(_("Choose an interpreter service."), field="interpreter_service")
    with transaction.atomic():
        hearing = Hearing.objects.create(
            case=case,
            organisation=organisation,
            guide=guide,
            language=language,
            person_language=person_language.strip()[:15],
            interpreter_service=interpreter_service,
            interpreter_identity=interpreter_identity.strip()[:300],
            consent=True,
            filmed=guide.filmed if filmed is None else filmed,
            recording_reference=recording_reference.strip()[:100],
            started_at=timezone.now(),
            conducted_by=actor,
        )
        record_change(
            actor=actor,
            action="victims.hearing.start",
            obj=case,
            changes={"guide": {"old": None, "new": str(guide)}},
        )
        case_event(case, "hearing", f"hearing started ({guide.slug} v{guide.version}, {language})", actor)
    return hearing


def _editable(hearing: Hearing, actor: User) -> Hearing:
    participant_organisation(hearing.case, actor)
    locked = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if locked.status != HearingStatus.IN_PROGRESS:
        raise ValidationFailedError(_("This hearing is completed."), code="completed")
    return locked


def hearing_save(
    *, hearing: Hearing, actor: User, answers: dict[str, str], notes: str | None = None
) -> Hearing:
    """Keep the answers given so far; a new or changed answer gets the time it was written."""
    with transaction.atomic():
        locked = _editable(hearing, actor)
        known = set(question_ids(locked.guide))
        stored: dict[str, dict[str, str]] = json.loads(locked.answers) if locked.answers else {}
        now = timezone.now().isoformat(timespec="seconds")
        for qid, text in answers.items():
            text = (text or "").replace("\x00", "").strip()[:20000]
            if qid not in known or stored.get(qid, {}).get("text", "") == text:
                continue
            if text:
                stored[qid] = {"text": text, "at": now}
            else:
                stored.pop(qid, None)
        locked.answers = json.dumps(stored, ensure_ascii=False)
        if notes is not None:
            locked.notes = notes.replace("\x00", "").strip()[:20000]
        locked.save(update_fields=["answers", "notes", "updated_at"])
    return locked


def hearing_break(*, hearing: Hearing, actor: User, now: datetime | None = None) -> Hearing:
    """Start a break, or end the one running."""
    with transaction.atomic():
        locked = _editable(hearing, actor)
        moment = (now or timezone.now()).isoformat(timespec="seconds")
        breaks = list(locked.breaks or [])
        if breaks and breaks[-1].get("end") is None:
            breaks[-1]["end"] = moment
        else:
            breaks.append({"start": moment, "end": None})
        locked.breaks = breaks
        locked.save(update_fields=["breaks", "updated_at"])
    return locked


def hearing_finish(*, hearing: Hearing, actor: User) -> Hearing:
    with transaction.atomic():
        locked = _editable(hearing, actor)
        now = timezone.now()
        if locked.breaks and locked.breaks[-1].get("end") is None:
            locked.breaks[-1]["end"] = now.isoformat(timespec="seconds")
        locked.status, locked.ended_at = HearingStatus.COMPLETED, now
        locked.save(update_fields=["status", "ended_at", "breaks", "updated_at"])
        record_change(actor=actor, action="victims.hearing.finish", obj=locked.case)
        answered = len(json.loads(locked.answers)) if locked.answers else 0
        case_event(locked.case, "hearing", f"hearing completed ({answered} questions answered)", actor)
    return locked
