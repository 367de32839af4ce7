"""The one domain exception base class (DESIGN.md §3.9).

The API maps every ``DomainError`` to ``{"error": code, "message": text}`` with its ``status``; pages show the
message. Subclasses set ``code`` (stable, for machines) and a translatable default message (for people).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "domain_error"
    status = 400
    default_message = _("The request could not be carried out.")

    def __init__(self, message: str | Promise | None = None, *, code: str | None = None) -> None:
        self.message = str(message if message is not None else self.default_message)
        if code:
            self.code = code
        super().__init__(self.message)


class NotFoundError(DomainError):
    """Raised alike for "missing" and "not yours" (DESIGN.md §3.3), so existence does not leak."""

    code = "not_found"
    status = 404
    default_message = _("Not found.")


class PermissionDeniedError(DomainError):
    code = "permission_denied"
    status = 403
    default_message = _("You do not have permission to do this.")


class ValidationFailedError(DomainError):
    """Bad input. ``field`` names the offending input field, so that forms and the API can point at it."""

    code = "invalid"
    status = 422
    default_message = _("The data are not valid.")

    def __init__(
        self, message: str | Promise | None = None, *, code: str | None = None, field: str | None = None
    ) -> None:
        super().__init__(message, code=code)
        self.field = field


class AuditImmutableError(DomainError):
    code = "audit_immutable"
    status = 409
    default_message = _("Audit records are append-only and cannot be changed or deleted.")


class ConfigurationError(DomainError):
    code = "configuration"
    status = 500
    default_message = _("The platform is not configured correctly.")
