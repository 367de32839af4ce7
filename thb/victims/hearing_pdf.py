"""The hearing record as a PDF in the hearing's language (issue 6 §3), with ReportLab (pure Python).

Two versions: the **record** (everything: the interpreter's identity, the free notes) for the people
conducting the case, and the **file** version for the case file (pseudonym only; without the interpreter's
identity and the free notes). Producing either is an audited identity access (views.py).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from .models import Hearing

_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def pdf_fonts() -> tuple[str, str]:
    """DejaVu (all the scripts of the names people give) when installed, else the PDF core fonts."""
    regular, bold = _FONT_DIR / "DejaVuSans.ttf", _FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
        return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _when(value: str | None) -> str:
    parsed = parse_datetime(value) if value else None
    return formats.date_format(timezone.localtime(parsed), "SHORT_DATETIME_FORMAT") if parsed else "—"


def hearing_pdf(hearing: Hearing, *, version: str = "record") -> bytes:
    """The PDF bytes; ``version`` is ``record`` or ``file``."""
    regular, bold = pdf_fonts()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=regular, fontSize=10, leading=13)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor="#444444")
    h1 = ParagraphStyle("h1", parent=styles["Heading1"], fontName=bold, fontSize=16)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontName=bold, fontSize=12)
    question_style = ParagraphStyle("q", parent=body, fontName=bold)
    guide = hearing.guide
    language = hearing.language
    answers = json.loads(hearing.answers) if hearing.answers else {}
    story = []
    with translation.override(language):
        story.append(Paragraph(escape(_("Hearing record")), h1))
        facts = [
            (_("Case"), f"{hearing.case.reference} · {hearing.case.pseudonym}"),
            (_("Guide"), f"{guide.text(guide.title, language)} (v{guide.version})"),
            (_("Language of the hearing"), language),
            (_("Language of the person"), hearing.person_language or "—"),
            (
                _("Started"),
                formats.date_format(timezone.localtime(hearing.started_at), "SHORT_DATETIME_FORMAT"),
            ),
            (
                _("Ended"),
                formats.date_format(timezone.localtime(hearing.ended_at), "SHORT_DATETIME_FORMAT")
                if hearing.ended_at
                else "—",
            ),
            (_("The person agrees to the hearing"), _("yes") if hearing.consent else _("no")),
            (_("Filmed (audiovisual hearing)"), _("yes") if hearing.filmed else _("no")),
            (_("Recording reference"), hearing.recording_reference or "—"),
            (
                _("Interpreter service"),
                hearing.interpreter_service.short_name if hearing.interpreter_service else "—",
            ),
            (_("Conducted by"), hearing.conducted_by.username),
        ]
        if version == "record":
            facts.append((_("Interpreter"), hearing.interpreter_identity or "—"))
        for label, value in facts:
            story.append(Paragraph(f"<b>{escape(str(label))}:</b> {escape(str(value))}", body))
        breaks = hearing.breaks or []
        if breaks:
            story.append(Spacer(1, 3 * mm))
            story.append(Paragraph(escape(_("Breaks")), h2))
            for item in breaks:
                story.append(
                    Paragraph(f"{escape(_when(item.get('start')))} - {escape(_when(item.get('end')))}", body)
                )
        for section in guide.data.get("sections", []):
            story.append(Spacer(1, 3 * mm))
            story.append(Paragraph(escape(guide.text(section.get("title", {}), language)), h2))
            for question in section.get("questions", []):
                story.append(Paragraph(escape(guide.text(question["text"], language)), question_style))
                answer = answers.get(question["id"])
                if answer:
                    story.append(Paragraph(escape(answer["text"]).replace("\n", "<br/>"), body))
                    story.append(Paragraph(escape(_when(answer.get("at"))), small))
                else:
                    story.append(Paragraph(escape(_("No answer recorded.")), small))
        if version == "record" and hearing.notes:
            story.append(Spacer(1, 3 * mm))
            story.append(Paragraph(escape(_("Free notes")), h2))
            story.append(Paragraph(escape(hearing.notes).replace("\n", "<br/>"), body))
        footer = (
            _("Version for the case file: pseudonymised, without the interpreter or the free notes.")
            if version == "file"
            else _("Hearing record: confidential.")
        )
        story.append(Spacer(1, 5 * mm))
        story.append(Paragraph(escape(footer), small))
        title = f"{_('Hearing record')} {hearing.case.reference}"
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    document.build(story)
    return buffer.getvalue()
