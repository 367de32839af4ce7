"""Search of contacts with encrypted names, numbers and narratives, through the blind index (search.py)."""

from __future__ import annotations

import pytest
from django.db import connection

from thb.core.models import OrganisationKind
from thb.core.roles import Role
from thb.core.tests.factories import OrganisationFactory, UserFactory
from thb.hotline.models import ContactSearchToken
from thb.hotline.search import fold, normalise_phone, stems, trigrams
from thb.hotline.selectors import contact_search
from thb.hotline.services.console import contact_log_call, contact_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db):
    hotline = OrganisationFactory(slug="hotline", kind=OrganisationKind.HOTLINE)
    return UserFactory(organisation=hotline, role=Role.OPERATOR)


def _call(operator, **fields):
    return contact_log_call(actor=operator, signal_type="tip", **fields)


@pytest.mark.parametrize(
    "typed", ["0470 12 34 56", "+32470123456", "0032 470/12.34.56", "+32 (0)470 12 34 56"]
)
def test_a_phone_number_is_found_however_it_is_typed(operator, typed):
    wanted = _call(operator, caller_phone="0470 12 34 56")
    _call(operator, caller_phone="0470 65 43 21")
    assert [c.pk for c in contact_search(user=operator, query=typed)] == [wanted.pk]


def test_a_name_fragment_finds_the_caller_case_and_accent_blind(operator):
    wanted = _call(operator, caller_name="Ștefan Ionescu")
    _call(operator, caller_name="Stéphanie Dupont")
    assert [c.pk for c in contact_search(user=operator, query="IONES")] == [wanted.pk]
    assert [c.pk for c in contact_search(user=operator, query="stefan")] == [wanted.pk]
    assert contact_search(user=operator, query="ionescux") == []


def test_trigram_collisions_are_weeded_out_by_decrypting_the_candidates(operator):
    _call(operator, caller_name="Abc Bcd")  # holds the trigrams of "abcd" but not the word
    assert contact_search(user=operator, query="abcd") == []


def test_the_database_holds_neither_the_name_nor_the_number(operator):
    _call(operator, caller_name="Maria Popescu", caller_phone="+40 721 123 456")
    with connection.cursor() as cursor:
        cursor.execute("SELECT caller_name, caller_phone FROM hotline_contact")
        name, phone = cursor.fetchone()
        cursor.execute("SELECT token FROM hotline_contactsearchtoken")
        tokens = " ".join(row[0] for row in cursor.fetchall())
    for plain in ("Popescu", "popescu", "POPESCU", "+40721123456", "721123456"):
        assert plain not in name and plain not in phone and plain not in tokens


def test_tokens_follow_a_changed_name(operator):
    contact = _call(operator, caller_name="Ana Pavel")
    contact_update(contact=contact, actor=operator, caller_name="Ana Moraru")
    assert contact_search(user=operator, query="pavel") == []
    assert [c.pk for c in contact_search(user=operator, query="moraru")] == [contact.pk]
    assert ContactSearchToken.objects.filter(contact=contact).count() == len(trigrams("Ana Moraru"))


def test_search_never_reaches_another_organisations_contacts(operator):
    other = UserFactory(organisation=OrganisationFactory(kind=OrganisationKind.HOTLINE), role=Role.OPERATOR)
    _call(other, caller_name="Ionescu", caller_phone="0470 12 34 56")
    assert contact_search(user=operator, query="ionescu") == []
    assert contact_search(user=operator, query="0470 12 34 56") == []


def test_a_bad_phone_number_is_refused_on_its_field(operator):
    from thb.core.exceptions import ValidationFailedError

    with pytest.raises(ValidationFailedError) as error:
        _call(operator, caller_phone="12")
    assert error.value.field == "caller_phone"


def test_normalisation_helpers():
    assert normalise_phone("0470 12 34 56") == "+32470123456"
    assert normalise_phone("not a number") is None
    assert fold("Ștefan ÖZTÜRK") == "stefan ozturk"
    assert trigrams("Ana") == {"ana"}


def test_reindex_rebuilds_the_index_under_a_new_key(operator, settings):
    from django.core.management import call_command

    from thb.hotline.search import _key

    contact = _call(operator, caller_name="Ion Ionescu", caller_phone="0470 12 34 56")
    settings.THB_SEARCH_KEY = "another-search-key"
    _key.cache_clear()
    assert contact_search(user=operator, query="ionescu") == []  # old tokens, new key
    call_command("hotline-reindex", verbosity=0)
    assert [c.pk for c in contact_search(user=operator, query="ionescu")] == [contact.pk]
    assert [c.pk for c in contact_search(user=operator, query="+32470123456")] == [contact.pk]
    _key.cache_clear()


def test_words_of_the_narrative_find_the_contact_whatever_their_ending_or_accents(operator):
    wanted = _call(
        operator, narrative="Des ouvriers exploités dans une CARWASH à Anderlecht, payés 2 €/jour."
    )
    _call(operator, narrative="Question about the residence procedure for a friend.")
    assert [c.pk for c in contact_search(user=operator, query="carwash anderlecht")] == [wanted.pk]
    assert [c.pk for c in contact_search(user=operator, query="exploitation")] == [wanted.pk]
    assert [c.pk for c in contact_search(user=operator, query="Payes")] == [wanted.pk]
    assert contact_search(user=operator, query="carwash bruges") == []  # every word must be there


def test_a_public_report_is_searchable_by_its_words(operator, settings):
    from thb.hotline.services.public_reports import public_report_submit

    settings.THB_HOTLINE_ORGANISATION = operator.organisation.slug
    submitted = public_report_submit(text="Muncitori români ținuți într-o fermă lângă Gent.", language="ro")
    assert [c.pk for c in contact_search(user=operator, query="ferma gent")] == [submitted.contact.pk]


def test_name_matches_come_before_narrative_matches(operator):
    mention = _call(operator, narrative="The boss, Mr Vandamme, keeps their passports.")
    caller = _call(operator, caller_name="Lies Vandamme")
    assert [c.pk for c in contact_search(user=operator, query="vandamme")] == [caller.pk, mention.pk]


def test_a_changed_narrative_is_reindexed_and_the_words_are_not_readable_in_the_index(operator):
    contact = _call(operator, narrative="Workers locked in a greenhouse near Hoogstraten.")
    contact_update(contact=contact, actor=operator, narrative="Workers locked in a bakery near Genk.")
    assert contact_search(user=operator, query="greenhouse") == []
    assert [c.pk for c in contact_search(user=operator, query="bakery genk")] == [contact.pk]
    tokens = " ".join(ContactSearchToken.objects.values_list("token", flat=True))
    assert "bakery" not in tokens and "genk" not in tokens


def test_stems_fold_and_cut_words():
    assert stems("Exploitées, exploited; an EXPLOITATION!") == {"exploi"}
    assert stems("a an of") == set()


def test_a_long_query_is_checked_word_by_word_beyond_the_database_probes(operator):
    wanted = _call(operator, narrative="alpha bravo charlie delta echo foxtrot golf hotel india zulu")
    _call(operator, narrative="alpha bravo charlie delta echo foxtrot golf hotel india kilo")
    query = "alpha bravo charlie delta echo foxtrot golf hotel india zulu"
    assert [c.pk for c in contact_search(user=operator, query=query)] == [wanted.pk]
