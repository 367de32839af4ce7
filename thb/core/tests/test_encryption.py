"""Encryption at rest of identity and narratives, and key rotation (DESIGN.md §4, issue 2 §6).

``SecretNote`` (thb/core/tests/encryption_app, installed only when THB_ENV=test) has two encrypted fields:
``identity`` (blank allowed, never NULL) and ``narrative`` (NULL allowed).
"""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from thb.core import encryption
from thb.core.encryption import PREFIX, EncryptedTextField, rotate_keys
from thb.core.exceptions import ConfigurationError
from thb.core.models import AuditEvent
from thb.core.tests.encryption_app.models import SecretNote

IDENTITY = "Jane Doe born 1990"
NARRATIVE = "She was recruited in Constanța with the promise of work in a restaurant in Liège."
ARABIC = "تم تجنيدها في الدار البيضاء بوعد العمل في مطعم"
EMOJI = "👩‍👧 🇧🇪 ✈️ 💶 🏠"
LONG_TEXT = ((ARABIC + " " + EMOJI + " " + NARRATIVE + "\n") * 200)[:20_000]

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()
WRONG_KEY = Fernet.generate_key().decode()


def raw_columns(note: SecretNote) -> tuple[str | None, str | None]:
    """What the database really holds, read past the ORM."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT identity, narrative FROM encryption_app_secretnote WHERE id = %s",
            [note.pk],
        )
        row = cursor.fetchone()
    return row[0], row[1]


def reread(note: SecretNote) -> SecretNote:
    return SecretNote.objects.get(pk=note.pk)


@pytest.fixture
def keys(settings):
    """Set THB_FIELD_KEYS for the rest of the test (the key cache is reset on every change)."""

    def use(*new_keys: str) -> None:
        settings.THB_FIELD_KEYS = list(new_keys)

    use(OLD_KEY)
    return use


# --- at rest ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_holds_neither_the_plaintext_nor_any_part_of_it(keys):
    note = SecretNote.objects.create(title="t", identity=IDENTITY, narrative=NARRATIVE)

    identity, narrative = raw_columns(note)

    assert identity.startswith(PREFIX) and narrative.startswith(PREFIX)
    # Words of six letters or more: a shorter string can occur by chance in random base64 ciphertext.
    words = [word for word in [*IDENTITY.split(), *NARRATIVE.split()] if len(word) >= 6]
    assert words
    for word in words:
        assert word not in identity and word not in narrative, word


@pytest.mark.django_db
def test_the_orm_reads_back_the_plaintext(keys):
    note = SecretNote.objects.create(title="t", identity=IDENTITY, narrative=NARRATIVE)

    again = reread(note)

    assert (again.identity, again.narrative) == (IDENTITY, NARRATIVE)
    assert SecretNote.objects.values_list("identity", flat=True).get(pk=note.pk) == IDENTITY


@pytest.mark.django_db
def test_the_same_text_encrypts_differently_each_time(keys):
    a = SecretNote.objects.create(title="a", identity=IDENTITY)
    b = SecretNote.objects.create(title="b", identity=IDENTITY)

    assert raw_columns(a)[0] != raw_columns(b)[0]


@pytest.mark.django_db
def test_empty_and_null_are_stored_as_they_are(keys):
    empty = SecretNote.objects.create(title="empty", identity="", narrative="")
    null = SecretNote.objects.create(title="null", identity="", narrative=None)

    assert raw_columns(empty) == ("", "")
    assert raw_columns(null) == ("", None)
    assert (reread(empty).identity, reread(empty).narrative) == ("", "")
    assert reread(null).narrative is None
    assert set(SecretNote.objects.filter(narrative__isnull=True)) == {null}
    assert set(SecretNote.objects.filter(narrative="")) == {empty}


@pytest.mark.django_db
@pytest.mark.parametrize("lookup", ["icontains", "contains", "startswith", "iexact", "gt", "in", "regex"])
def test_encrypted_fields_cannot_be_searched_in_the_database(keys, lookup):
    SecretNote.objects.create(title="t", identity=IDENTITY)
    value = ["Jane"] if lookup == "in" else "Jane"

    with pytest.raises(FieldError):
        list(SecretNote.objects.filter(**{f"identity__{lookup}": value}))


@pytest.mark.django_db
def test_equality_with_a_text_is_refused_rather_than_silently_matching_nothing(keys):
    SecretNote.objects.create(title="t", identity=IDENTITY)

    with pytest.raises(FieldError):
        list(SecretNote.objects.filter(identity=IDENTITY))


# --- keys -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reading_with_a_wrong_key_raises_a_clear_configuration_error(keys):
    note = SecretNote.objects.create(title="t", identity=IDENTITY)
    keys(WRONG_KEY)

    with pytest.raises(ConfigurationError, match="No key in THB_FIELD_KEYS can decrypt"):
        reread(note)


@pytest.mark.django_db
def test_no_key_or_a_malformed_key_raises_a_clear_configuration_error(keys):
    keys()
    with pytest.raises(ConfigurationError, match="THB_FIELD_KEYS is empty"):
        SecretNote.objects.create(title="t", identity=IDENTITY)
    keys("not-a-fernet-key")
    with pytest.raises(ConfigurationError, match="not a Fernet key"):
        SecretNote.objects.create(title="t", identity=IDENTITY)


@pytest.mark.django_db
def test_a_value_written_past_the_platform_is_refused_on_read(keys):
    note = SecretNote.objects.create(title="t", identity=IDENTITY)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE encryption_app_secretnote SET identity = %s WHERE id = %s", ["Jane", note.pk])

    with pytest.raises(ConfigurationError, match="not encrypted by the platform"):
        reread(note)


# --- rotation ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_key_rotation_rewrites_every_row_so_that_the_old_key_can_be_dropped(keys):
    notes = [SecretNote.objects.create(title=f"n{i}", identity=f"{IDENTITY} #{i}") for i in range(3)]
    notes.append(SecretNote.objects.create(title="n3", identity=IDENTITY, narrative=NARRATIVE))
    notes.append(SecretNote.objects.create(title="empty", identity="", narrative=None))
    before = {n.pk: raw_columns(n) for n in notes}

    keys(NEW_KEY, OLD_KEY)
    assert [reread(n).identity for n in notes[:4]] == [n.identity for n in notes[:4]]

    call_command("rotate-keys", verbosity=0)
    counts = AuditEvent.objects.get(action="encryption.rotate_keys").changes

    assert counts["encryption_app.secretnote.identity"] == {"rows_rewritten": 4}
    assert counts["encryption_app.secretnote.narrative"] == {"rows_rewritten": 1}
    assert raw_columns(notes[4]) == ("", None)
    assert all(raw_columns(n)[0] != before[n.pk][0] for n in notes[:4])

    keys(NEW_KEY)
    assert [(reread(n).identity, reread(n).narrative) for n in notes] == [
        (n.identity, n.narrative) for n in notes
    ]
    with pytest.raises(ConfigurationError):  # the old key alone no longer reads anything
        keys(OLD_KEY)
        reread(notes[0])


@pytest.mark.django_db
def test_a_second_rotation_rewrites_nothing(keys):
    SecretNote.objects.create(title="t", identity=IDENTITY, narrative=NARRATIVE)
    keys(NEW_KEY, OLD_KEY)
    assert sum(rotate_keys().values()) == 2

    assert sum(rotate_keys().values()) == 0
    keys(NEW_KEY)
    call_command("rotate-keys", "--force", verbosity=0)
    changes = AuditEvent.objects.filter(action="encryption.rotate_keys").first().changes
    assert changes["encryption_app.secretnote.identity"] == {"rows_rewritten": 0}
    assert changes["encryption_app.secretnote.narrative"] == {"rows_rewritten": 0}
    assert all(entry == {"rows_rewritten": 0} for entry in changes.values())


@pytest.mark.django_db
def test_rotation_walks_every_batch_and_skips_rows_already_under_the_newest_key(keys):
    for i in range(7):
        SecretNote.objects.create(title=f"old{i}", identity=f"old {i}")
    keys(NEW_KEY, OLD_KEY)
    for i in range(4):
        SecretNote.objects.create(title=f"new{i}", identity=f"new {i}")

    counts = rotate_keys(batch_size=2)

    assert counts["encryption_app.secretnote.identity"] == 7
    keys(NEW_KEY)
    assert sorted(SecretNote.objects.values_list("identity", flat=True)) == sorted(
        [f"old {i}" for i in range(7)] + [f"new {i}" for i in range(4)]
    )


@pytest.mark.django_db
def test_rotation_stops_with_the_column_and_row_when_a_value_cannot_be_decrypted(keys):
    note = SecretNote.objects.create(title="t", identity=IDENTITY)
    keys(NEW_KEY, WRONG_KEY)

    with pytest.raises(ConfigurationError, match=rf"encryption_app\.secretnote\.identity, row {note.pk}: "):
        rotate_keys()
    with pytest.raises(CommandError, match=r"row \d+: No key in THB_FIELD_KEYS can decrypt"):
        call_command("rotate-keys", verbosity=0)
    assert not AuditEvent.objects.filter(action="encryption.rotate_keys").exists()


@pytest.mark.django_db
def test_rotate_keys_command_prints_the_count_per_field_and_audits_the_run(keys, capsys):
    SecretNote.objects.create(title="t", identity=IDENTITY, narrative=NARRATIVE)
    SecretNote.objects.create(title="u", identity=IDENTITY)
    keys(NEW_KEY, OLD_KEY)

    call_command("rotate-keys")
    out = capsys.readouterr().out

    assert "encryption_app.secretnote.identity: 2 rows re-encrypted" in out
    assert "encryption_app.secretnote.narrative: 1 rows re-encrypted" in out
    event = AuditEvent.objects.get(action="encryption.rotate_keys")
    assert event.actor is None and event.actor_username == ""
    assert event.reason == "3 rows re-encrypted with the newest of 2 keys"
    assert (
        NEW_KEY not in str(event.changes) + event.reason and OLD_KEY not in str(event.changes) + event.reason
    )


@pytest.mark.django_db
def test_rotate_keys_with_a_single_key_refuses_and_explains(keys):
    SecretNote.objects.create(title="t", identity=IDENTITY)

    with pytest.raises(CommandError, match="single key, so there is nothing to rotate"):
        call_command("rotate-keys", verbosity=0)
    assert not AuditEvent.objects.filter(action="encryption.rotate_keys").exists()


# --- any text round-trips -----------------------------------------------------------------------------------

FIELD = EncryptedTextField()


@hypothesis_settings(max_examples=300, database=None, deadline=None)
@given(st.text())
@example(ARABIC)
@example(EMOJI)
@example(LONG_TEXT)
@example("\x00 nul and \r\n line ends")
def test_any_text_round_trips_through_the_field_conversion(text):
    stored = FIELD.get_prep_value(text)
    if text == "":
        assert stored == ""
    else:
        assert stored.startswith(PREFIX) and stored.isascii()
    assert FIELD.from_db_value(stored, None, connection) == text


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=40,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.text(), st.one_of(st.none(), st.text(alphabet=st.characters(codec="utf-8"), max_size=2000)))
@example(ARABIC, EMOJI)
@example(LONG_TEXT, LONG_TEXT)
def test_any_text_round_trips_through_the_database(keys, identity, narrative):
    note = SecretNote.objects.create(title="p", identity=identity, narrative=narrative)

    again = reread(note)

    assert (again.identity, again.narrative) == (identity, narrative)
    stored_identity = raw_columns(note)[0]
    if identity:
        assert stored_identity.startswith(PREFIX) and encryption.decrypt(stored_identity) == identity
    else:
        assert stored_identity == ""
