"""``thb tokens``: issue, list and revoke API bearer tokens (issue 2 §4).

Tokens are issued only by an administrator at the command line, never through the web. The secret is shown
once: it is the only thing written to standard output, so that a script can capture it
(``TOKEN=$(thb tokens create --user isp-ops)``); the explanation and the expiry go to standard error. The
database keeps only the prefix (to recognise a token in a list) and a SHA-256 digest.

    thb tokens create --user USERNAME [--days N] [--name NAME]
    thb tokens list --user USERNAME
    thb tokens revoke PREFIX            (the first characters shown by ``list``, or the whole token)
    thb tokens revoke --all --user USERNAME
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet
from django.utils import timezone

from thb.core.exceptions import DomainError
from thb.core.models import ApiToken, User
from thb.core.tokens import TOKEN_PREFIX, api_token_create, api_token_revoke

PREFIX_LENGTH = len(TOKEN_PREFIX) + 6


def _user(username: str) -> User:
    try:
        return User.objects.select_related("organisation").get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"No user with the user name {username!r}.") from None


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(BaseCommand):
    help = "Issue, list and revoke API bearer tokens. The secret is printed once and never stored."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create = actions.add_parser("create", help="Issue a new token and print its secret once.")
        create.add_argument("--user", required=True, help="User name of the token's owner.")
        create.add_argument("--days", type=int, default=None, help="Validity in days (1 to 366).")
        create.add_argument("--name", default="", help="What the token is for (e.g. the ISP's resolver).")
        listing = actions.add_parser("list", help="The user's tokens (never their secrets).")
        listing.add_argument("--user", required=True)
        revoke = actions.add_parser("revoke", help="Revoke one token by its prefix, or all of a user's.")
        revoke.add_argument("prefix", nargs="?", default="", help="The prefix shown by `thb tokens list`.")
        revoke.add_argument("--all", action="store_true", help="Revoke every token of --user.")
        revoke.add_argument("--user", default="")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "create":
            self._create(options["user"], days=options["days"], name=options["name"])
        elif action == "list":
            self._list(options["user"])
        else:
            self._revoke(options["prefix"], revoke_all=options["all"], username=options["user"])

    def _create(self, username: str, *, days: int | None, name: str) -> None:
        user = _user(username)
        try:
            issued = api_token_create(user=user, name=name, days=days, actor=None)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stderr.write(
            f"Token {issued.token.prefix}… for {user.username} ({user.role or 'no role'}), "
            f"expires {_when(issued.token.expires_at)}. It is shown only this once:"
        )
        self.stdout.write(issued.secret)

    def _list(self, username: str) -> None:
        user = _user(username)
        tokens = ApiToken.objects.filter(user=user).order_by("-created_at")
        header = f"{'prefix':<12} {'name':<24} {'created':<16} {'expires':<16} {'revoked':<16} last used"
        self.stdout.write(header)
        for token in tokens:
            self.stdout.write(
                f"{token.prefix:<12} {token.name[:24]:<24} {_when(token.created_at):<16} "
                f"{_when(token.expires_at):<16} {_when(token.revoked_at):<16} {_when(token.last_used_at)}"
            )
        if not tokens:
            self.stderr.write(f"{user.username} has no tokens.")

    def _revoke(self, prefix: str, *, revoke_all: bool, username: str) -> None:
        tokens: QuerySet[ApiToken]
        if revoke_all:
            if not username or prefix:
                raise CommandError("Use either PREFIX or --all --user USERNAME.")
            tokens = ApiToken.objects.filter(user=_user(username), revoked_at__isnull=True)
        else:
            tokens = self._by_prefix(prefix, username)
        count = 0
        for token in tokens.select_related("user"):
            api_token_revoke(token=token, actor=None)
            count += 1
            self.stdout.write(f"Revoked {token.prefix}… of {token.user.username}.")
        if revoke_all and count == 0:
            self.stderr.write("No active token to revoke.")

    def _by_prefix(self, prefix: str, username: str) -> QuerySet[ApiToken]:
        if not prefix:
            raise CommandError("Give the prefix of the token to revoke (see `thb tokens list`), or --all.")
        prefix = prefix[:PREFIX_LENGTH]  # the whole token may be pasted
        if len(prefix) < PREFIX_LENGTH or not prefix.startswith(TOKEN_PREFIX):
            raise CommandError(f"A prefix has {PREFIX_LENGTH} characters and starts with {TOKEN_PREFIX!r}.")
        tokens = ApiToken.objects.filter(prefix=prefix)
        if username:
            tokens = tokens.filter(user=_user(username))
        matches = tokens.count()
        if matches == 0:
            raise CommandError(f"No token has the prefix {prefix!r}.")
        if matches > 1:
            raise CommandError(
                f"{matches} tokens have the prefix {prefix!r}; add --user or give the whole token."
            )
        return tokens
