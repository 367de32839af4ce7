"""Search of contacts whose searchable fields are encrypted (DESIGN.md §4), with a blind index.

A caller's name and phone number are encrypted at rest, so the database cannot run LIKE, full-text or
trigram search on them. Instead each contact keeps tokens: keyed hashes (HMAC-SHA256 with
``THB_SEARCH_KEY``, kept outside the database) of

* its phone number, normalised to E.164 with ``phonenumbers`` (``p:`` tokens): exact search by number,
  however it was typed ("0470 12 34 56", "+32470123456", "0032 470/12.34.56");
* the trigrams of each word of the caller's name, case- and accent-folded (``t:`` tokens): search by a name
  fragment of three letters or more, as PostgreSQL's pg_trgm would, but over hashes;
* the words of the narrative (``w:`` tokens), folded and cut to their first six letters — a stemmer that
  works alike in the 16 languages reports arrive in ("exploitation", "exploités", "exploited" meet at
  "exploi"): full-text search of the encrypted narrative, where PostgreSQL's own text search cannot reach.

The database returns the contacts holding every token of the query; the platform then decrypts those
candidates and keeps only real matches, so results are exact. What the index reveals to someone holding
the database but not the key: which contacts share a trigram or a number — never a readable name.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import phonenumbers
from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from thb.core.keys import purpose_secret

from .models import Contact, ContactSearchToken

MIN_FRAGMENT = 3
MAX_QUERY_TOKENS = 6
STEM_LENGTH = 6
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _key() -> bytes:
    return purpose_secret("THB_SEARCH_KEY", b"thb-search-index")


def _token(kind: str, value: str) -> str:
    return f"{kind}:" + hmac.new(_key(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def normalise_phone(text: str) -> str | None:
    """E.164 form of a phone number, or None when ``text`` is not a possible number."""
    if not text or len(text) > 40:
        return None
    try:
        number = phonenumbers.parse(text, settings.THB_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def fold(text: str) -> str:
    """Lower case without accents: "Ștefan ÖZTÜRK" → "stefan ozturk"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def trigrams(text: str) -> set[str]:
    grams: set[str] = set()
    for word in _WORD.findall(fold(text)):
        grams.update(word[i : i + 3] for i in range(len(word) - 2))
    return grams


def stems(text: str) -> set[str]:
    """The searchable words of a text: folded, at least three letters, cut to ``STEM_LENGTH``."""
    return {word[:STEM_LENGTH] for word in _WORD.findall(fold(text)) if len(word) >= MIN_FRAGMENT}


def tokens_for(*, organisation_id: int, name: str = "", phone: str = "", narrative: str = "") -> set[str]:
    """A contact's tokens. The organisation is part of each hash, so that an organisation's search never
    even meets another's tokens, and the database can rank matches without joining the contacts."""
    tokens = {_token("t", f"{organisation_id}:{gram}") for gram in trigrams(name)}
    tokens.update(_token("w", f"{organisation_id}:{stem}") for stem in stems(narrative))
    e164 = normalise_phone(phone) if phone else None
    if e164:
        tokens.add(_token("p", f"{organisation_id}:{e164}"))
    return tokens


def reindex_contact(contact: Contact, *, new: bool = False) -> None:
    """Replace the contact's tokens (call inside the transaction that changed its name, number or
    narrative). A new contact has no tokens yet: pass ``new=True`` to skip reading them."""
    wanted = tokens_for(
        organisation_id=contact.organisation_id,
        name=contact.caller_name or "",
        phone=contact.caller_phone or "",
        narrative=contact.narrative or "",
    )
    existing = set() if new else set(contact.search_tokens.values_list("token", flat=True))
    if existing - wanted:
        contact.search_tokens.filter(token__in=existing - wanted).delete()
    ContactSearchToken.objects.bulk_create(
        [ContactSearchToken(contact=contact, token=t) for t in wanted - existing], ignore_conflicts=True
    )


def _holding_all(tokens: Iterable[str], *, limit: int) -> list[int]:
    """Ids of the newest contacts (highest ids) holding every token.

    The first token's index entries are read newest first, and each further token is an ``EXISTS`` probe
    of the (token, contact) index: PostgreSQL stops at the ``limit``-th match instead of reading and
    sorting every entry of every token — two common words that seldom meet cost ~25 ms at a million
    contacts instead of ~220 ms to 1.3 s (docs/performance.md)."""
    wanted = sorted(set(tokens))
    if not wanted:
        return []
    first, *rest = wanted
    matches = ContactSearchToken.objects.filter(token=first)
    for token in rest:
        matches = matches.filter(
            Exists(ContactSearchToken.objects.filter(contact_id=OuterRef("contact_id"), token=token))
        )
    return list(matches.order_by("-contact_id").values_list("contact_id", flat=True)[:limit])


def search_by_phone(
    contacts: QuerySet[Contact], text: str, *, organisation_id: int, limit: int = 100
) -> list[Contact] | None:
    """Contacts with this phone number, newest first, or None when ``text`` is not a phone number."""
    e164 = normalise_phone(text)
    if e164 is None or sum(ch.isdigit() for ch in text) < 6:
        return None
    ids = _holding_all([_token("p", f"{organisation_id}:{e164}")], limit=limit)
    return list(contacts.filter(pk__in=ids).order_by("-received_at"))


def search_by_name(
    contacts: QuerySet[Contact], text: str, *, organisation_id: int, limit: int = 100
) -> list[Contact]:
    """Contacts whose caller's name contains every word of ``text`` (each at least three letters), newest
    first. The database narrows by tokens; the candidates' names are decrypted to keep real matches."""
    words = [w for w in _WORD.findall(fold(text)) if len(w) >= MIN_FRAGMENT]
    if not words:
        return []
    # Six trigrams narrow enough; PostgreSQL plans 8 probes in ~28 ms, 6 in ~4 ms (docs/performance.md).
    # Decryption checks the rest.
    grams = sorted(set().union(*(trigrams(w) for w in words)))[:MAX_QUERY_TOKENS]
    ids = _holding_all((_token("t", f"{organisation_id}:{g}") for g in grams), limit=limit * 5)
    # Only the names of the candidates are read and decrypted, to weed out trigram collisions; then the
    # matches are loaded as the list shows them (nothing else encrypted).
    candidates = contacts.filter(pk__in=ids).order_by("-pk").values_list("pk", "caller_name")
    matched = [pk for pk, name in candidates if all(word in fold(name or "") for word in words)][:limit]
    return list(contacts.filter(pk__in=matched).order_by("-pk"))


def search_by_words(
    contacts: QuerySet[Contact], text: str, *, organisation_id: int, limit: int = 100
) -> list[Contact]:
    """Contacts whose narrative holds every word of ``text`` (by stem, see ``stems``), newest first.

    At most ``MAX_QUERY_TOKENS`` stems go to the database (the longest, which are the rarest in practice);
    when the query has more, the candidates' narratives are decrypted to check the others. A keyed hash of
    a stem does not collide in practice, so a short query needs no decryption at all."""
    wanted = sorted(stems(text), key=lambda stem: (-len(stem), stem))
    if not wanted:
        return []
    probe, rest = wanted[:MAX_QUERY_TOKENS], set(wanted[MAX_QUERY_TOKENS:])
    ids = _holding_all(
        (_token("w", f"{organisation_id}:{stem}") for stem in probe), limit=limit * 5 if rest else limit
    )
    if rest:
        candidates = contacts.filter(pk__in=ids).order_by("-pk").values_list("pk", "narrative")
        ids = [pk for pk, narrative in candidates if rest <= stems(narrative or "")][:limit]
    return list(contacts.filter(pk__in=ids).order_by("-pk"))
