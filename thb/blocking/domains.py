"""Domain names as the blocking list accepts them (issue 5 §1; BELGIUM.md §6): DNS blocking works on names,
at domain level, so an entry is exactly one registrable domain or a name below it — never a URL path, an
IP address, a wildcard pattern or a public suffix (blocking ``com`` or ``github.io`` would block millions
of unrelated sites: the Danish failure of 2012 at a larger scale).

``normalise_domain`` turns what an officer typed or pasted into the IDNA A-label form that resolvers match
(lower case, no trailing dot) and the Unicode form people read, or raises ``DomainInputError`` saying what
is wrong. Pure: no database.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import idna
from django.utils.translation import gettext_lazy as _
from publicsuffixlist import PublicSuffixList

from thb.core.exceptions import ValidationFailedError

MAX_NAME = 253
MAX_LABEL = 63
_LDH = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


class DomainInputError(ValidationFailedError):
    code = "invalid_domain"

    def __init__(self, message: object) -> None:
        super().__init__(message, field="domain")  # type: ignore[arg-type]


@dataclass(frozen=True)
class Domain:
    ascii: str  # IDNA A-label form, lower case, no trailing dot: what resolvers match
    unicode: str  # what people read

    @property
    def labels(self) -> list[str]:
        return self.ascii.split(".")


@lru_cache(maxsize=1)
def _psl() -> tuple[PublicSuffixList, PublicSuffixList]:
    """The Public Suffix List shipped with ``publicsuffixlist`` (no download at run time): all suffixes,
    and the ICANN section alone (the difference is the private section: shared platforms)."""
    return PublicSuffixList(), PublicSuffixList(only_icann=True)


def _host_of(text: str) -> str:
    """The host part when a URL was pasted ("https://Example.com/a/b?c" → "Example.com"): the path is
    dropped, never stored (entries hold no content and no paths)."""
    if "://" in text:
        try:
            host = urlsplit(text).hostname or ""
        except ValueError as exc:
            raise DomainInputError(_("This is not a web address or a domain name.")) from exc
        return host
    if "/" in text or "?" in text or "#" in text:
        return _host_of("http://" + text)
    return text


def normalise_domain(text: str) -> Domain:
    """Check and normalise a domain name; see the module docstring for what is refused and why."""
    raw = (text or "").strip()
    if not raw:
        raise DomainInputError(_("Enter a domain name."))
    if len(raw) > 2000 or any(ch.isspace() or ord(ch) < 32 for ch in raw):
        raise DomainInputError(_("A domain name has no spaces or control characters."))
    host = _host_of(raw)
    if host.startswith("*"):
        raise DomainInputError(
            _('Do not write wildcards: enter the domain and choose the scope "with its subdomains".')
        )
    host = host.rstrip(".")
    if host.startswith("[") or _is_ip(host):
        raise DomainInputError(_("An IP address cannot be blocked at the DNS level: enter a domain name."))
    if "@" in host or ":" in host:
        raise DomainInputError(_("Enter only the domain name, without a user name or a port."))
    if not host or ".." in host:
        raise DomainInputError(_("This is not a domain name."))
    if host.isascii():
        _check_labels(host.lower())
    try:
        ascii_name = idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError) as exc:
        raise DomainInputError(
            _("This is not a valid domain name (IDNA): %(error)s") % {"error": exc}
        ) from exc
    ascii_name = ascii_name.lower().rstrip(".")
    _check_labels(ascii_name)
    labels = ascii_name.split(".")
    if len(labels) < 2:
        raise DomainInputError(_("A top-level domain alone cannot be blocked."))
    if labels[-1].isdigit():
        raise DomainInputError(_("This is not a domain name."))
    full, _icann = _psl()
    if full.is_public(ascii_name):
        raise DomainInputError(
            _("%(name)s is a public suffix shared by many unrelated sites: it cannot be blocked.")
            % {"name": ascii_name}
        )
    try:
        unicode_name = idna.decode(ascii_name)
    except (idna.IDNAError, UnicodeError):
        unicode_name = ascii_name
    return Domain(ascii=ascii_name, unicode=unicode_name)


def _check_labels(name: str) -> None:
    if len(name) > MAX_NAME:
        raise DomainInputError(_("A domain name has at most 253 characters."))
    for label in name.split("."):
        if len(label) > MAX_LABEL:
            raise DomainInputError(_("Each part of a domain name has at most 63 characters."))
        if not _LDH.match(label):
            raise DomainInputError(
                _("A part of this name is not allowed in a domain name: %(label)s") % {"label": label[:63]}
            )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return bool(re.fullmatch(r"[0-9.]+", host))  # "10.1" and other partial dotted numbers
    return True


def registrable_domain(name: str) -> str:
    """``shop.example.co.uk`` → ``example.co.uk`` (the part a registrar sells)."""
    full, _icann = _psl()
    return full.privatesuffix(name) or name


def on_shared_platform(name: str, extra_platforms: frozenset[str] = frozenset()) -> str | None:
    """The shared platform a name lives on (``foo.github.io`` → ``github.io``), or None. A site on a shared
    platform is taken down by the platform, not blocked: blocking its name at DNS level is possible (it is
    the user's own subdomain) but the platform acts faster and everywhere (issue 5 §1 safety gates). The
    private section of the Public Suffix List names such platforms; ``extra_platforms`` adds those it does
    not (configured by the officers)."""
    full, icann = _psl()
    suffix, icann_suffix = full.publicsuffix(name), icann.publicsuffix(name)
    if suffix and icann_suffix and suffix != icann_suffix:
        return suffix
    for platform in extra_platforms:
        if name == platform or name.endswith("." + platform):
            return platform
    return None


def covers(blocked: str, *, subdomains: bool, name: str) -> bool:
    """Whether blocking ``blocked`` (with or without its subdomains) blocks ``name``."""
    return name == blocked or (subdomains and name.endswith("." + blocked))
