"""Encryption at rest for victim identity and free-text narratives (DESIGN.md §4, issue 2 §6).

``EncryptedTextField`` stores ``enc1:<Fernet token>``; Fernet is AES-128-CBC + HMAC-SHA256 from the
``cryptography`` package. Keys come from ``THB_FIELD_KEYS`` (comma-separated, newest first): the first
encrypts, all decrypt. To rotate: put a new key first, deploy, run ``thb rotate-keys`` (which re-encrypts
every encrypted column with the newest key), then drop the old key.

Encrypted fields cannot be searched or filtered in the database by design (each encryption uses a fresh
random IV, so even equality cannot match): only ``isnull`` and comparison with the empty string are allowed;
any other lookup raises ``FieldError``. Search on them uses separate, purpose-built indexes in the apps that
need one.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError
from django.core.signals import setting_changed
from django.db import connections, models, transaction
from django.db.models.lookups import Exact
from django.dispatch import receiver

from .exceptions import ConfigurationError

PREFIX = "enc1:"


@lru_cache(maxsize=1)
def _keys() -> tuple[Fernet, ...]:
    """The configured keys, newest first."""
    keys = list(settings.THB_FIELD_KEYS)
    if not keys:
        raise ConfigurationError("THB_FIELD_KEYS is empty: encrypted fields cannot be read or written.")
    try:
        return tuple(Fernet(k.encode() if isinstance(k, str) else k) for k in keys)
    except ValueError as exc:
        raise ConfigurationError(
            "THB_FIELD_KEYS holds a value that is not a Fernet key (thb generate-field-key makes one)."
        ) from exc


def _fernet() -> MultiFernet:
    return MultiFernet(list(_keys()))


@receiver(setting_changed)
def _reset_keys(*, setting: str, **kwargs: Any) -> None:
    if setting == "THB_FIELD_KEYS":
        _keys.cache_clear()


def encrypt(plaintext: str) -> str:
    return PREFIX + _fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ConfigurationError("An encrypted column holds a value that was not encrypted by the platform.")
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise ConfigurationError("No key in THB_FIELD_KEYS can decrypt a stored value.") from exc


def encrypt_bytes(data: bytes) -> bytes:
    """A file's content encrypted under the newest key (files held briefly, e.g. an import being mapped)."""
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken as exc:
        raise ConfigurationError("No key in THB_FIELD_KEYS can decrypt a stored file.") from exc


def rotate_value(stored: str) -> str:
    """The same plaintext re-encrypted under the newest key."""
    if not stored.startswith(PREFIX):
        raise ConfigurationError("An encrypted column holds a value that was not encrypted by the platform.")
    try:
        return PREFIX + _fernet().rotate(stored[len(PREFIX) :].encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise ConfigurationError("No key in THB_FIELD_KEYS can decrypt a stored value.") from exc


class _EmptyOnlyExact(Exact):
    """``field=""`` works (empty is stored as empty); ``field="text"`` would compare with a fresh ciphertext
    and silently match nothing, so it is refused instead."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise FieldError(
                "Encrypted fields cannot be compared in the database, only with the empty string."
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):
    """A text column whose value is encrypted before it reaches the database. Empty stays empty."""

    description = "Encrypted text"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name != "isnull":
            return None  # no LIKE / ordering lookups on ciphertext: Django raises FieldError
        return super().get_lookup(lookup_name)


def encrypted_fields() -> Iterator[tuple[type[models.Model], EncryptedTextField]]:
    """Every encrypted column once: proxy models share their concrete model's table, and a child of
    multi-table inheritance holds only its own (local) columns."""
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


def rotate_keys(*, batch_size: int = 500, using: str = "default") -> dict[str, int]:
    """Re-encrypt every encrypted column with the newest key; returns rows rewritten per ``app.model.field``.

    Works on raw column values (no model instances, no ``save()`` side effects, ``updated_at`` untouched);
    each batch is its own transaction, so an interrupted run can simply be started again. A row is rewritten
    only if it still holds the ciphertext that was read (compare-and-swap), so a concurrent edit made by the
    web process between the read and the write is never overwritten. A value no key can decrypt stops the
    run with ``ConfigurationError`` naming the column and row (never its content).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    connection = connections[using]
    quote = connection.ops.quote_name
    newest = _keys()[0]
    counts: dict[str, int] = {}
    for model, field in encrypted_fields():
        table, column, pk = quote(model._meta.db_table), quote(field.column), quote(model._meta.pk.column)
        label = f"{model._meta.label_lower}.{field.name}"
        counts[label] = 0
        last_pk: Any = None
        while True:
            with transaction.atomic(using=using), connection.cursor() as cursor:
                where = f"{column} IS NOT NULL AND {column} <> ''"
                params: list[Any] = []
                if last_pk is not None:
                    where += f" AND {pk} > %s"
                    params.append(last_pk)
                cursor.execute(
                    f"SELECT {pk}, {column} FROM {table} WHERE {where} ORDER BY {pk} LIMIT %s",  # noqa: S608
                    [*params, batch_size],
                )
                rows = cursor.fetchall()
                for row_pk, stored in rows:
                    if stored.startswith(PREFIX) and _encrypted_with(newest, stored[len(PREFIX) :]):
                        continue
                    try:
                        rotated = rotate_value(stored)
                    except ConfigurationError as exc:
                        raise ConfigurationError(f"{label}, row {row_pk}: {exc.message}") from exc
                    cursor.execute(
                        f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} = %s",  # noqa: S608
                        [rotated, row_pk, stored],
                    )
                    counts[label] += cursor.rowcount
            if len(rows) < batch_size:
                break
            last_pk = rows[-1][0]
    return counts


def _encrypted_with(fernet: Fernet, token: str) -> bool:
    try:
        fernet.decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True
