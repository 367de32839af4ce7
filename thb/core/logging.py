"""Logging that cannot leak personal data by accident (DESIGN.md §4, issue 2 §9).

Attached to every handler in ``settings.LOGGING``. It
* drops the ``request`` object that Django attaches to records (it carries REMOTE_ADDR and the user agent),
* replaces IPv4 and IPv6 addresses and browser user-agent strings in the rendered message,
* adds the request id so that lines can still be correlated with the audit trail.
"""

from __future__ import annotations

import ipaddress
import logging
import re

from .request_context import current_request_id

_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_IPV6_CANDIDATE = re.compile(r"(?<![\w:])\[?([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})\]?(?![\w:])")
_USER_AGENT = re.compile(
    r"(Mozilla|Opera|AppleWebKit|Chrome|Safari|Gecko|curl|Wget|python-requests|Dalvik|okhttp)/[^\s\"']+"
    r"(?:[^\"\n]*)?",
    re.IGNORECASE,
)
REDACTED_IP = "[ip]"
REDACTED_AGENT = "[user-agent]"


def _redact_ipv6(match: re.Match[str]) -> str:
    try:
        ipaddress.IPv6Address(match.group(1))
    except ValueError:
        return match.group(0)
    return REDACTED_IP


def scrub(text: str) -> str:
    """``text`` with IP addresses and user agents replaced."""
    text = _IPV4.sub(REDACTED_IP, text)
    text = _IPV6_CANDIDATE.sub(_redact_ipv6, text)
    return _USER_AGENT.sub(REDACTED_AGENT, text)


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        record.request_id = current_request_id.get() or "-"
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        return True
