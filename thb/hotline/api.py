"""Public API of the hotline (issue 3 §1): anonymous reports, their thread and new messages. No login.

Contracts (keep names and shapes): ``POST /api/v1/public/reports`` → 201 ``{"receipt", "language"}``;
``POST /api/v1/public/reports/thread`` → 200 ``{"status", "messages": [{"from", "text", "at"}]}``;
``POST /api/v1/public/reports/messages`` → 201. Bad input → 422 with field errors, never 500.
"""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, field_validator

from thb.api.schemas import ErrorOut

from .idempotency import run_once
from .models import Sector
from .ratelimit import public_rate_limit
from .services.public_reports import (
    BCP47_PATTERN,
    LANGUAGE_MAX,
    MESSAGE_MAX,
    TEXT_MAX,
    TEXT_MIN,
    public_message_add,
    public_report_submit,
    public_status,
    public_thread,
)

router = Router(auth=None, tags=["public"])

SectorCode = Literal[tuple(Sector.values)]  # type: ignore[valid-type]


class ReportIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(..., min_length=TEXT_MIN, max_length=TEXT_MAX)
    language: str | None = Field(
        None, max_length=LANGUAGE_MAX, pattern=BCP47_PATTERN, description="BCP 47 code; detected when absent"
    )
    reporter_role: Literal["self", "witness", "professional", "other"] | None = None
    sector: SectorCode | None = None  # type: ignore[valid-type]
    postcode: str | None = Field(None, max_length=10, description="Belgian postcode")
    minor_involved: bool | None = None
    immediate_danger: bool | None = None
    campaign: str | None = Field(
        None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 -]{2,18}[A-Za-z0-9]$",
        description="Code of the awareness campaign whose link, QR code or poster brought the reporter",
    )

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if len(value.strip()) < TEXT_MIN:
            raise ValueError(f"write at least {TEXT_MIN} characters")
        return value


class ReportOut(Schema):
    receipt: str = Field(..., examples=["1234-5678-9012-3456"])
    language: str


class ReceiptIn(Schema):
    model_config = ConfigDict(extra="forbid")

    receipt: str = Field(..., max_length=64)


class MessageOut(Schema):
    from_: Literal["reporter", "hotline"] = Field(..., alias="from")
    text: str
    at: datetime

    model_config = ConfigDict(populate_by_name=True)


class ThreadOut(Schema):
    status: Literal["received", "in_progress", "closed"]
    messages: list[MessageOut]


class NewMessageIn(Schema):
    model_config = ConfigDict(extra="forbid")

    receipt: str = Field(..., max_length=64)
    text: str = Field(..., min_length=1, max_length=MESSAGE_MAX)


class NewMessageOut(Schema):
    status: Literal["received", "in_progress", "closed"]
    at: datetime


@router.post(
    "/reports", response={201: ReportOut, 422: ErrorOut, 429: ErrorOut}, summary="Report anonymously"
)
def submit_report(request: HttpRequest, payload: ReportIn) -> Status:
    public_rate_limit()
    data = payload.model_dump()
    data["campaign_code"] = data.pop("campaign") or ""

    def handler() -> tuple[int, dict]:
        submitted = public_report_submit(**data)
        return 201, {"receipt": submitted.receipt, "language": submitted.language}

    answer = run_once(
        endpoint="public.reports", key=request.headers.get("Idempotency-Key"), payload=data, handler=handler
    )
    return Status(answer.status, answer.body)


@router.post(
    "/reports/thread",
    response={200: ThreadOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Read the follow-up of a report",
    by_alias=True,
)
def read_thread(request: HttpRequest, payload: ReceiptIn) -> Status:
    public_rate_limit()
    thread = public_thread(receipt=payload.receipt)
    return Status(
        200,
        {
            "status": thread.status,
            "messages": [{"from": m.author, "text": m.text, "at": m.at} for m in thread.messages],
        },
    )


@router.post(
    "/reports/messages",
    response={201: NewMessageOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Write to the hotline about a report",
)
def add_message(request: HttpRequest, payload: NewMessageIn) -> Status:
    public_rate_limit()
    data = payload.model_dump()

    def handler() -> tuple[int, dict]:
        message = public_message_add(receipt=payload.receipt, text=payload.text)
        return 201, {"status": public_status(message.contact), "at": message.created_at.isoformat()}

    answer = run_once(
        endpoint="public.messages", key=request.headers.get("Idempotency-Key"), payload=data, handler=handler
    )
    return Status(answer.status, answer.body)
