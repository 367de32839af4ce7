"""Full-text search of the library in French, Dutch, German and English (issue 10: "PostgreSQL text search
configurations per language").

Each version's text is indexed with the configuration of its item's language (``french``, ``dutch``,
``german``, ``english``: stemming and stop words), the title weighing more than the summary and the body.
A query is parsed with each language's configuration and matched against the items of that language, so
"victimes" finds "victime" and "Opfern" finds "Opfer"; results are ranked. On SQLite (``make run``'s
embedded default) the search falls back to a case-insensitive match of the words.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, Value

from .models import SEARCH_CONFIGS, LibraryItem, LibraryVersion


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def index_version(version: LibraryVersion) -> None:
    """Write the version's search vector (PostgreSQL only)."""
    if not is_postgres():
        return
    config = Value(SEARCH_CONFIGS[version.item.language])
    LibraryVersion.objects.filter(pk=version.pk).update(
        search_vector=SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )


def search_items(items: QuerySet[LibraryItem], text: str, *, limit: int = 50) -> list[LibraryItem]:
    """The items of ``items`` whose published version matches ``text``, best first."""
    text = " ".join(str(text or "").split())[:200]
    if not text:
        return []
    if not is_postgres():
        words = Q()
        for word in text.split():
            words &= (
                Q(published_version__title__icontains=word)
                | Q(published_version__summary__icontains=word)
                | Q(published_version__body__icontains=word)
            )
        return list(items.filter(words).select_related("published_version")[:limit])
    found: list[tuple[float, LibraryItem]] = []
    for language, config in SEARCH_CONFIGS.items():
        query = SearchQuery(text, config=config, search_type="websearch")
        rows = (
            items.filter(language=language, published_version__search_vector=query)
            .annotate(rank=SearchRank(F("published_version__search_vector"), query))
            .select_related("published_version")
            .order_by("-rank")[:limit]
        )
        found += [(row.rank, row) for row in rows]
    found.sort(key=lambda pair: -pair[0])
    return [item for _rank, item in found[:limit]]
