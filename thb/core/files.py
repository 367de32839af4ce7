"""Files that staff upload and others download (campaign materials, issue 9 §2; the expertise library,
issue 10): a type and size limit checked on the bytes, and downloads that never run active content.

Why sniff the bytes: a name or a browser-sent content type is whatever the uploader says; a PDF starts with
``%PDF-`` whatever it is called. Why always ``attachment`` with ``nosniff`` and a sandboxing CSP: an
uploaded HTML or SVG file served inline would run its script with the platform's origin (stored XSS); as
a download in a sandbox it cannot (OWASP File Upload Cheat Sheet).
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import IO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext as _

from .exceptions import ValidationFailedError


@dataclass(frozen=True)
class FileKind:
    extensions: tuple[str, ...]
    content_type: str
    signatures: tuple[tuple[int, bytes], ...]  # (offset, bytes) any of which must match


KINDS: dict[str, FileKind] = {
    "pdf": FileKind(("pdf",), "application/pdf", ((0, b"%PDF-"),)),
    "png": FileKind(("png",), "image/png", ((0, b"\x89PNG\r\n\x1a\n"),)),
    "jpeg": FileKind(("jpg", "jpeg"), "image/jpeg", ((0, b"\xff\xd8\xff"),)),
    "mp3": FileKind(("mp3",), "audio/mpeg", ((0, b"ID3"), (0, b"\xff\xfb"), (0, b"\xff\xf3"))),
    "mp4": FileKind(("mp4",), "video/mp4", ((4, b"ftyp"),)),
    "docx": FileKind(
        ("docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ((0, b"PK\x03\x04"),),
    ),
    "odt": FileKind(("odt",), "application/vnd.oasis.opendocument.text", ((0, b"PK\x03\x04"),)),
    "txt": FileKind(("txt", "md"), "text/plain; charset=utf-8", ()),
}

# Office files are ZIP archives: these members say which kind, and macros make them active content.
_ZIP_MARKERS = {"docx": "word/document.xml", "odt": "content.xml"}
_MACRO_MEMBERS = re.compile(r"(vbaProject\.bin|/Basic/|macros?/)", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


def safe_filename(name: str, *, default: str = "file") -> str:
    """A file name without directories, control characters or quotes, at most 120 characters."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>:|?*;').strip(" .")
    if not name:
        return default
    stem, dot, extension = name.rpartition(".")
    if dot and len(extension) <= 10:
        return f"{stem[: 119 - len(extension)]}.{extension}"
    return name[:120]


def _matches(kind: FileKind, data: bytes) -> bool:
    return not kind.signatures or any(
        data[offset : offset + len(sig)] == sig for offset, sig in kind.signatures
    )


def _check_text(data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationFailedError(_("A text file must be in UTF-8."), field="file") from error


def _check_zip(kind: str, data: bytes) -> None:
    try:
        names = zipfile.ZipFile(BytesIO(data)).namelist()
    except zipfile.BadZipFile as error:
        raise ValidationFailedError(_("The file is damaged."), field="file") from error
    if _ZIP_MARKERS[kind] not in names:
        raise ValidationFailedError(_("The file's content does not match its name."), field="file")
    if any(_MACRO_MEMBERS.search(name) for name in names):
        raise ValidationFailedError(_("Files with macros are not accepted."), field="file")


def check_upload(upload: IO[bytes], *, name: str, allowed: tuple[str, ...], max_bytes: int) -> CheckedFile:
    """Read ``upload`` (at most ``max_bytes`` + 1 bytes) and accept it only if its extension is one of the
    ``allowed`` kinds and its first bytes say the same. Raises ``ValidationFailedError(field="file")``."""
    filename = safe_filename(name)
    extension = filename.rpartition(".")[2].lower() if "." in filename else ""
    kind = next((key for key in allowed if extension in KINDS[key].extensions), None)
    if kind is None:
        accepted = ", ".join(ext for key in allowed for ext in KINDS[key].extensions)
        raise ValidationFailedError(
            _("This type of file is not accepted. Accepted: %(types)s.") % {"types": accepted}, field="file"
        )
    data = upload.read(max_bytes + 1)
    if not data:
        raise ValidationFailedError(_("The file is empty."), field="file")
    if len(data) > max_bytes:
        raise ValidationFailedError(
            _("The file is larger than %(size)s MB.") % {"size": f"{max_bytes / 1_000_000:g}"}, field="file"
        )
    if not _matches(KINDS[kind], data):
        raise ValidationFailedError(_("The file's content does not match its name."), field="file")
    if kind == "txt":
        _check_text(data)
    if kind in _ZIP_MARKERS:
        _check_zip(kind, data)
    return CheckedFile(name=filename, kind=kind, content_type=KINDS[kind].content_type, data=data)


def attachment_response(data: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A download that the browser saves and never renders or runs: ``attachment``, ``nosniff``, and a CSP
    sandbox in case it is opened anyway. The name is given in ASCII and, exactly, in RFC 5987 form."""
    response = HttpResponse(data, content_type=content_type)
    filename = safe_filename(filename)
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
