"""The progress report of an action plan for the Council of Ministers (issue 9 §1), as a PDF in the
reader's language: per point its pillar, responsible departments, deadline, status (overdue marked), the
last progress with its evidence, and the live figures of the platform."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from thb.victims.hearing_pdf import pdf_fonts

from .models import ActionPlan, PointStatus


def progress_report_pdf(plan: ActionPlan, rows: list[dict]) -> bytes:
    regular, bold = pdf_fonts()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=regular, fontSize=9, leading=12)
    title = ParagraphStyle("title", parent=styles["Title"], fontName=bold, fontSize=16)
    heading = ParagraphStyle("h", parent=styles["Heading2"], fontName=bold, fontSize=11)
    today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    done = sum(1 for row in rows if row["point"].status == PointStatus.DONE)
    overdue = sum(1 for row in rows if row["overdue"])
    story: list[Any] = [
        Paragraph(escape(plan.title_text), title),
        Paragraph(escape(_("Progress report to the Council of Ministers, %(date)s") % {"date": today}), body),
        Paragraph(
            escape(
                _("%(done)s of %(n)s points done; %(late)s past their deadline.")
                % {"done": done, "n": len(rows), "late": overdue}
            ),
            body,
        ),
        Spacer(1, 5 * mm),
    ]
    for row in rows:
        point, latest = row["point"], row["latest"]
        story.append(Paragraph(escape(f"{point.code}. {point.title_text}"), heading))
        status = point.get_status_display() + (f" — {_('past the deadline')}" if row["overdue"] else "")
        facts = [
            [_("Pillar"), point.get_pillar_display()],
            [_("Responsible"), ", ".join(point.responsible_labels) or "—"],
            [_("Deadline"), formats.date_format(point.deadline, "DATE_FORMAT")],
            [_("Status"), status],
        ]
        facts += [[_("Indicator"), indicator] for indicator in point.indicator_texts]
        if latest is not None:
            facts.append(
                [
                    _("Last progress"),
                    f"{formats.date_format(timezone.localtime(latest.created_at), 'DATE_FORMAT')}: "
                    f"{latest.note}",
                ]
            )
            if latest.evidence:
                facts.append([_("Evidence"), latest.evidence])
        for label, value in row["figure"]:
            facts.append([_("Platform figure"), f"{label}: {value}"])
        table = Table(
            [[Paragraph(escape(str(a)), body), Paragraph(escape(str(b)), body)] for a, b in facts],
            colWidths=[40 * mm, 130 * mm],
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        )
        story.append(table)
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=plan.title_text, leftMargin=18 * mm, rightMargin=18 * mm
    ).build(story)
    return buffer.getvalue()
