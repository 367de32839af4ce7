"""Schemas shared by every router of the API."""

from ninja import Schema


class ErrorOut(Schema):
    """The one error shape (DESIGN.md §3.9): ``{"error": code, "message": text}``; validation errors add
    ``detail`` with the offending fields."""

    error: str
    message: str
