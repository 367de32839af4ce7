"""The current request's id, for audit rows and log lines written anywhere below the view."""

from contextvars import ContextVar

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")
