"""The hearing guides' pages (issue 6 §3: "the guides are data that coordinators edit, versioned"): the
guides with their versions, a version read in the reader's language, and a new version written as YAML
(the same form as the dispatch procedures), checked before it is saved and becomes the active one.
Hearings keep the version they were conducted with."""

from __future__ import annotations

from typing import Any

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thb.core.exceptions import DomainError
from thb.core.http import request_user
from thb.core.roles import Perm, has_perm

from .hearings import guide_problems, guide_save
from .models import HearingGuide

MAX_SOURCE = 400_000


def _reader(request: HttpRequest) -> None:
    user = request_user(request)
    if not (has_perm(user, Perm.MANAGE_PROCEDURES) or has_perm(user, Perm.MANAGE_CASES)):
        raise Http404()


def guide_source(guide: HearingGuide) -> str:
    """A version as the YAML a coordinator edits."""
    document: dict[str, Any] = {
        "slug": guide.slug,
        "title": guide.title,
        "for_minors": guide.for_minors,
        "filmed": guide.filmed,
        "guidance": guide.data.get("guidance", []),
        "sections": guide.data.get("sections", []),
    }
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=110)


def parse_guide_source(source: str, slug: str) -> tuple[dict[str, Any] | None, list[str]]:
    """(document, problems): a YAML syntax error names its line; the slug cannot change here."""
    if len(source) > MAX_SOURCE:
        return None, [_("The guide is too long.")]
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = _("line %(line)s") % {"line": mark.line + 1} if mark else ""
        return None, [f"{_('Not valid YAML')} {where}: {getattr(error, 'problem', '') or error}".strip()]
    if not isinstance(data, dict):
        return None, [_("A guide is a mapping (slug, title, sections…).")]
    if data.get("slug") != slug:
        return None, [_("The slug of a guide cannot change: %(slug)s.") % {"slug": slug}]
    return data, guide_problems(data)


@login_required
def guide_list(request: HttpRequest) -> HttpResponse:
    _reader(request)
    guides = HearingGuide.objects.order_by("slug", "-version")
    language = (get_language() or "en").split("-")[0]
    rows: dict[str, dict[str, Any]] = {}
    for guide in guides:
        row = rows.setdefault(guide.slug, {"slug": guide.slug, "versions": [], "active": None})
        row["versions"].append(guide)
        if guide.is_active:
            row["active"] = guide
            row["title"] = guide.text(guide.title, language)
    return render(request, "victims/guide_list.html", {"guides": list(rows.values())})


@login_required
@require_http_methods(["GET", "POST"])
def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A version (``?version=N``, else the active one) and, for coordinators, the editor of a new one."""
    _reader(request)
    user = request_user(request)
    versions = list(HearingGuide.objects.filter(slug=slug).order_by("-version"))
    if not versions:
        raise Http404()
    wanted = request.GET.get("version")
    shown = next((g for g in versions if str(g.version) == wanted), None) or next(
        (g for g in versions if g.is_active), versions[0]
    )
    may_edit = has_perm(user, Perm.MANAGE_PROCEDURES)
    source = guide_source(shown)
    problems: list[str] = []
    if request.method == "POST":
        if not may_edit:
            raise Http404()
        source = request.POST.get("source", "")
        data, problems = parse_guide_source(source, slug)
        if data is not None and not problems:
            try:
                guide = guide_save(data=data, actor=user)
            except DomainError as error:
                problems = [error.message]
            else:
                messages.success(
                    request, _("Version %(v)s saved; it is used for new hearings.") % {"v": guide.version}
                )
                return redirect("victims:guide", slug=slug)
    language = (get_language() or "en").split("-")[0]
    sections = [
        {
            "title": shown.text(section.get("title", {}), language),
            "guidance": shown.text(section.get("guidance", {}), language) if section.get("guidance") else "",
            "questions": [shown.text(q["text"], language) for q in section.get("questions", [])],
        }
        for section in shown.data.get("sections", [])
    ]
    return render(
        request,
        "victims/guide_detail.html",
        {
            "slug": slug,
            "shown": shown,
            "title": shown.text(shown.title, language),
            "guidance": [shown.text(g, language) for g in shown.data.get("guidance", [])],
            "sections": sections,
            "versions": versions,
            "may_edit": may_edit,
            "source": source,
            "problems": problems,
        },
        status=422 if problems else 200,
    )
