"""Logging that cannot leak personal data or secrets by accident (DESIGN.md §4, issue 2 §9).

``PersonalDataFilter`` is attached to every handler in ``settings.LOGGING``. It
* drops the ``request`` object that Django attaches to records (it carries REMOTE_ADDR and the user agent),
* replaces IPv4 and IPv6 addresses and browser user-agent strings in the rendered message *and* in the
  traceback text of exceptions (Django's own messages quote the Host header, ``DisallowedHost``),
* removes the query string from quoted request lines (``"GET /path?receipt=… HTTP/1.1"``, as the development
  server logs them): later issues carry receipt codes and search terms there,
* replaces the values of the platform's own secrets (``SECRET_KEY``, its fallbacks, ``THB_FIELD_KEYS``,
  database and e-mail passwords) wherever they appear, so that an exception that happens to quote one does
  not write it to the log,
* adds the request id so that lines can still be correlated with the audit trail.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Iterable

from .request_context import current_request_id

# Not part of a longer dotted number (a version such as 1.2.3.4.5); a full stop after it may end a sentence.
_IPV4 = re.compile(r"(?<!\d)(?<!\d\.)(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)")
# Candidates are validated with ``ipaddress`` so that times (12:30:45) stay; the bracketed form of URLs and
# host:port pairs ([2001:db8::1]:443) is replaced brackets and all; an embedded IPv4 tail (::ffff:192.0.2.1)
# belongs to the address.
_IPV6_HEX = r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}"
_IPV6_BRACKETED = re.compile(rf"\[({_IPV6_HEX})(?:%[\w.-]+)?\]")
_IPV6_CANDIDATE = re.compile(rf"(?<![\w:.])({_IPV6_HEX})(?![\w:])")
_USER_AGENT = re.compile(
    r"(Mozilla|Opera|AppleWebKit|Chrome|Safari|Gecko|curl|Wget|python-requests|Dalvik|okhttp)/[^\s\"']+"
    r"(?:[^\"\n]*)?",
    re.IGNORECASE,
)
_REQUEST_LINE_QUERY = re.compile(
    r'("(?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE|CONNECT) [^\s?"]*)\?[^\s"]*'
)
REDACTED_IP = "[ip]"
REDACTED_AGENT = "[user-agent]"
REDACTED_SECRET = "[secret]"
# Shorter values are not treated as secrets: replacing them would mangle ordinary words (and settings
# refuse such short secrets in production anyway).
_MIN_SECRET_LENGTH = 8
_TRACEBACK_FORMATTER = logging.Formatter()


def _redact_ipv6(match: re.Match[str]) -> str:
    try:
        ipaddress.IPv6Address(match.group(1))
    except ValueError:
        return match.group(0)
    return REDACTED_IP


def scrub(text: str) -> str:
    """``text`` with IP addresses, user agents and the query strings of request lines removed."""
    text = _REQUEST_LINE_QUERY.sub(r"\1", text)
    text = _IPV6_BRACKETED.sub(_redact_ipv6, text)
    text = _IPV6_CANDIDATE.sub(_redact_ipv6, text)
    text = _IPV4.sub(REDACTED_IP, text)
    return _USER_AGENT.sub(REDACTED_AGENT, text)


def configured_secrets() -> list[str]:
    """The secret values of the running configuration, longest first; empty before settings are loaded."""
    try:
        from django.conf import settings

        if not settings.configured:
            return []
        values: list[object] = [
            settings.SECRET_KEY,
            *getattr(settings, "SECRET_KEY_FALLBACKS", []),
            *getattr(settings, "THB_FIELD_KEYS", []),
            getattr(settings, "EMAIL_HOST_PASSWORD", ""),
            *(db.get("PASSWORD", "") for db in settings.DATABASES.values()),
        ]
    except Exception:  # a log line must never fail because settings are incomplete
        return []
    found = {v for v in values if isinstance(v, str) and len(v) >= _MIN_SECRET_LENGTH}
    return sorted(found, key=len, reverse=True)


def redact_secrets(text: str, secrets: Iterable[str] | None = None) -> str:
    """``text`` with every configured secret value replaced by ``[secret]``."""
    for secret in configured_secrets() if secrets is None else secrets:
        if secret in text:
            text = text.replace(secret, REDACTED_SECRET)
    return text


def clean(text: str, secrets: Iterable[str] | None = None) -> str:
    """Both: secrets first (a secret may contain something that looks like an address), then personal data."""
    return scrub(redact_secrets(text, secrets))


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        record.request_id = current_request_id.get() or "-"
        secrets = configured_secrets()
        try:
            message = record.getMessage()
        except Exception:  # malformed arguments: keep the template, drop the arguments
            message = str(record.msg)
        cleaned = clean(message, secrets)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        if record.exc_info:
            # The traceback is rendered here, cleaned, and kept as text only: exception messages quote
            # headers and values, and a handler added later must not be able to format the original.
            if not record.exc_text:
                record.exc_text = _TRACEBACK_FORMATTER.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = clean(record.exc_text, secrets)
        if record.stack_info:
            record.stack_info = clean(record.stack_info, secrets)
        return True
