"""Reads of the hotline (DESIGN.md §3.2).

The public site's reads take no user: the line and the published information pages are public by design
(issue 3 §1). Staff reads of contacts, which do take the user, are added here by the operator console.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from thb.core.models import Organisation, OrganisationKind, User
from thb.core.roles import Perm, Role, has_perm
from thb.core.selectors import organisation_list_visible_to

from .models import (
    Contact,
    ContactStatus,
    HotlineLine,
    InfoPage,
    InfoPageText,
    KnowledgeArticle,
    OperatorLanguage,
    Shift,
)
from .search import search_by_name, search_by_phone, search_by_words

# DESIGN.md §5: a page missing in the reader's language is shown in English, else in French (the platform's
# default language), and the page offers the official languages.
FALLBACK_LANGUAGES = ("en", "fr")


def active_hotline_line() -> HotlineLine | None:
    """The line the public site shows: the active line of the hotline organisation that receives public
    reports (``THB_HOTLINE_ORGANISATION`` when set), the oldest one when there are several."""
    lines = HotlineLine.objects.filter(is_active=True, organisation__is_active=True)
    if settings.THB_HOTLINE_ORGANISATION:
        lines = lines.filter(organisation__slug=settings.THB_HOTLINE_ORGANISATION)
    return lines.order_by("created_at", "pk").first()


def language_chain(language: str) -> tuple[str, ...]:
    """The languages to try for content, best first: ``ro`` → ``("ro", "en", "fr")``."""
    wanted = (language or "").lower()
    return tuple(dict.fromkeys([wanted, *FALLBACK_LANGUAGES]) if wanted else FALLBACK_LANGUAGES)


def _split_lines(value: str) -> tuple[str, ...]:
    """Stored texts keep one item per line (editable in a plain text box); a leading dash is dropped."""
    return tuple(line.strip().lstrip("-•*").strip() for line in value.splitlines() if line.strip())


@dataclass(frozen=True)
class ShownText:
    """One information page's text as shown to a reader, and the facts the page's notice needs."""

    slug: str
    sector: str
    language: str  # the language of the text shown (for the ``lang`` attribute)
    requested_language: str
    title: str
    summary: str
    signs: tuple[str, ...]
    rights: tuple[str, ...]
    is_fallback: bool  # shown in another language than the one asked for
    reviewed_by_native_speaker: bool
    available_languages: tuple[str, ...]  # every language the page exists in


def _choose(page: InfoPage, texts: list[InfoPageText], chain: tuple[str, ...]) -> ShownText | None:
    by_language = {text.language: text for text in texts}
    for language in chain:
        text = by_language.get(language)
        if text is not None:
            return ShownText(
                slug=page.slug,
                sector=page.sector,
                language=text.language,
                requested_language=chain[0],
                title=text.title,
                summary=text.summary,
                signs=_split_lines(text.signs),
                rights=_split_lines(text.rights),
                is_fallback=text.language != chain[0],
                reviewed_by_native_speaker=text.reviewed_by_native_speaker,
                available_languages=tuple(sorted(by_language)),
            )
    return None


def _published_pages() -> list[InfoPage]:
    return list(
        InfoPage.objects.filter(is_published=True, organisation__is_active=True)
        .order_by("order", "slug")
        .prefetch_related(Prefetch("texts", queryset=InfoPageText.objects.order_by("language")))
    )


def info_pages_for(language: str) -> list[ShownText]:
    """The published information pages in ``language`` (with the fallback of ``language_chain``), in their
    order; a page without any text in the chain is left out."""
    chain = language_chain(language)
    shown = (_choose(page, list(page.texts.all()), chain) for page in _published_pages())
    return [text for text in shown if text is not None]


def info_page_text(slug: str, language: str) -> ShownText | None:
    """One published page in ``language`` (with fallback); None when unknown, unpublished or empty."""
    page = (
        InfoPage.objects.filter(slug=slug, is_published=True, organisation__is_active=True)
        .prefetch_related("texts")
        .first()
    )
    if page is None:
        return None
    return _choose(page, list(page.texts.all()), language_chain(language))


# --- the operator console (staff; every read takes the user) -----------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    contact: Contact
    reason: str  # "new_report" | "reporter_message" | "callback_due"
    waiting_since: datetime
    speakers_on_duty: tuple[str, ...]

    @property
    def waiting_minutes(self) -> int:
        return max(0, int((timezone.now() - self.waiting_since).total_seconds() // 60))


# Encrypted columns: loading them means decrypting them (Fernet, ~30 µs each), so lists defer them.
ENCRYPTED_FIELDS = ("narrative", "caller_name", "caller_phone")


def contact_list_visible_to(*, user: User) -> QuerySet[Contact]:
    """Contacts of the user's own hotline organisation, for roles that handle contacts. Partners see a
    contact only through a referral (issue 4), never through this selector."""
    if not has_perm(user, Perm.HANDLE_CONTACTS) or user.organisation_id is None:
        return Contact.objects.none()
    return Contact.objects.filter(organisation_id=user.organisation_id)


def speakers_on_duty(*, organisation_id: int, now: datetime) -> dict[str, tuple[str, ...]]:
    """Language → user names of operators whose shift covers ``now`` and who speak it (language routing)."""
    on_duty = Shift.objects.filter(organisation_id=organisation_id, starts_at__lte=now, ends_at__gt=now)
    rows = OperatorLanguage.objects.filter(user_id__in=on_duty.values("user_id"), user__is_active=True)
    speakers: dict[str, list[str]] = {}
    for language, username in rows.values_list("language", "user__username").order_by("user__username"):
        speakers.setdefault(language.split("-")[0], []).append(username)
    return {language: tuple(names) for language, names in speakers.items()}


def _queue_reads(*, user: User, now: datetime) -> tuple[QuerySet[Contact], QuerySet[Contact]]:
    """What waits for the hotline, as two reads that each use one partial index (models.Contact.Meta):
    contacts waiting for an answer, and calls to return that are due (and not already waiting)."""
    open_contacts = contact_list_visible_to(user=user).exclude(status=ContactStatus.CLOSED)
    return (
        open_contacts.filter(awaiting_hotline_since__isnull=False),
        open_contacts.filter(callback_due_at__lte=now, awaiting_hotline_since__isnull=True),
    )


def contact_queue_for(*, user: User, now: datetime | None = None, limit: int = 200) -> list[QueueItem]:
    """The operator's queue: new web reports, reporters' new messages, calls to call back — urgent first,
    then the longest waiting; each with who on duty speaks its language. Two reads, each on its own
    partial index (models.Contact.Meta), merged here."""
    now = now or timezone.now()
    awaiting_reads, callback_reads = _queue_reads(user=user, now=now)
    awaiting = list(
        awaiting_reads.select_related("claimed_by")
        .defer(*ENCRYPTED_FIELDS)
        .order_by("-urgent", "awaiting_hotline_since")[:limit]
    )
    callbacks = list(
        callback_reads.select_related("claimed_by")
        .defer(*ENCRYPTED_FIELDS)
        .order_by("-urgent", "callback_due_at")[:limit]
    )
    speakers = speakers_on_duty(organisation_id=user.organisation_id or 0, now=now)
    items = []
    for contact in awaiting + callbacks:
        if contact.awaiting_hotline_since is not None:
            reason = "new_report" if contact.status == ContactStatus.NEW else "reporter_message"
            since = contact.awaiting_hotline_since
        else:
            reason, since = "callback_due", contact.callback_due_at or now
        language = (contact.language or "").split("-")[0]
        items.append(QueueItem(contact, reason, since, speakers.get(language, ())))
    items.sort(key=lambda item: (not item.contact.urgent, item.waiting_since))
    return items[:limit]


def contact_queue_length(*, user: User, now: datetime | None = None) -> int:
    awaiting_reads, callback_reads = _queue_reads(user=user, now=now or timezone.now())
    return awaiting_reads.count() + callback_reads.count()


_REFERENCE = re.compile(r"^[A-Z]\d{2}-[0-9A-Z]{4}-[0-9A-Z]{4}$|^B\d{11}$")


def contact_search(*, user: User, query: str = "", status: str = "", limit: int = 100) -> list[Contact]:
    """Search the user's contacts: by reference, by postcode, by phone number (however typed), or by a
    fragment of the caller's name or words of the narrative — each through an index. Names, numbers and
    narratives are encrypted; their search goes through the blind index (search.py). Name matches come
    first, then contacts whose narrative holds every word."""
    contacts = contact_list_visible_to(user=user).select_related("claimed_by").defer(*ENCRYPTED_FIELDS)
    if status:
        contacts = contacts.filter(status=status)
    query = query.strip()[:100]
    if not query:
        return list(contacts.order_by("-received_at")[:limit])
    if _REFERENCE.match(query.upper()):
        return list(contacts.filter(reference=query.upper()))
    if len(query) == 4 and query.isdigit():
        return list(contacts.filter(postcode=query).order_by("-received_at")[:limit])
    organisation_id = user.organisation_id or 0
    by_phone = search_by_phone(contacts, query, organisation_id=organisation_id, limit=limit)
    if by_phone is not None:
        return by_phone
    by_name = search_by_name(contacts, query, organisation_id=organisation_id, limit=limit)
    seen = {c.pk for c in by_name}
    by_words = search_by_words(contacts, query, organisation_id=organisation_id, limit=limit)
    return (by_name + [c for c in by_words if c.pk not in seen])[:limit]


@dataclass(frozen=True)
class OperatorLoad:
    username: str
    open_contacts: int
    on_duty: bool


def hotline_supervision(*, user: User, now: datetime | None = None) -> dict[str, object]:
    """Queue ages by reason and each operator's open contacts, for supervisors."""
    now = now or timezone.now()
    queue = contact_queue_for(user=user, now=now, limit=10_000)
    by_reason: dict[str, list[int]] = {}
    for item in queue:
        by_reason.setdefault(item.reason, []).append(item.waiting_minutes)
    ages = {
        reason: {
            "count": len(m),
            "oldest_minutes": max(m),
            "urgent": sum(1 for i in queue if i.reason == reason and i.contact.urgent),
        }
        for reason, m in by_reason.items()
    }
    organisation_id = user.organisation_id or 0
    on_duty = set(
        Shift.objects.filter(
            organisation_id=organisation_id, starts_at__lte=now, ends_at__gt=now
        ).values_list("user_id", flat=True)
    )
    operators = User.objects.filter(
        organisation_id=organisation_id, is_active=True, role__in=[Role.OPERATOR, Role.SUPERVISOR]
    ).order_by("username")
    loads = []
    open_by_user = dict(
        contact_list_visible_to(user=user)
        .exclude(status=ContactStatus.CLOSED)
        .filter(claimed_by__isnull=False)
        .values_list("claimed_by")
        .annotate(n=Count("pk"))
        .values_list("claimed_by", "n")
    )
    for operator in operators:
        loads.append(
            OperatorLoad(operator.username, open_by_user.get(operator.pk, 0), operator.pk in on_duty)
        )
    return {"ages": ages, "loads": loads, "queue_length": len(queue)}


def knowledge_articles_for(*, user: User, language: str, sector: str = "") -> list[KnowledgeArticle]:
    """The hotline's articles and call scripts in ``language``, each falling back to English then French
    when it has no version in that language (one entry per article)."""
    if not has_perm(user, Perm.HANDLE_CONTACTS):
        return []
    chain = language_chain(language)
    articles = KnowledgeArticle.objects.filter(organisation_id=user.organisation_id or 0, language__in=chain)
    if sector:
        articles = articles.filter(sector=sector)
    best: dict[str, KnowledgeArticle] = {}
    for article in articles.order_by("slug"):
        current = best.get(article.slug)
        if current is None or chain.index(article.language) < chain.index(current.language):
            best[article.slug] = article
    return sorted(best.values(), key=lambda a: (not a.is_call_script, a.title.casefold()))


def interpreter_services_for(*, user: User, language: str = "") -> QuerySet[Organisation]:
    """Interpreter services of the partner directory, those covering ``language`` when given."""
    services = organisation_list_visible_to(user=user, kind=OrganisationKind.INTERPRETER_SERVICE)
    if not language:
        return services
    code = language.split("-")[0].lower()
    return services.filter(pk__in=[s.pk for s in services if code in [c.split("-")[0] for c in s.languages]])


def shifts_visible_to(*, user: User, now: datetime | None = None, days: int = 14) -> QuerySet[Shift]:
    """Shifts that have not ended and start within ``days``: the user's own, or — for a supervisor — those
    of their whole hotline, to plan cover for every language."""
    if not has_perm(user, Perm.HANDLE_CONTACTS) or user.organisation_id is None:
        return Shift.objects.none()
    now = now or timezone.now()
    shifts = Shift.objects.filter(
        organisation_id=user.organisation_id, ends_at__gt=now, starts_at__lt=now + timedelta(days=days)
    ).select_related("user")
    if not has_perm(user, Perm.SUPERVISE_HOTLINE):
        shifts = shifts.filter(user=user)
    return shifts.order_by("starts_at", "user__username")


def hotline_operators_of(*, user: User) -> QuerySet[User]:
    """The people of the user's hotline who handle contacts, for a supervisor planning shifts."""
    if not has_perm(user, Perm.SUPERVISE_HOTLINE) or user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(
        organisation_id=user.organisation_id, is_active=True, role__in=[Role.OPERATOR, Role.SUPERVISOR]
    ).order_by("username")
