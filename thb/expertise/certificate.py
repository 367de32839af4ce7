"""The certificate of attendance of a training session (issue 10: "a certificate PDF per attendee"), in the
reader's language, with a code that the organiser can check against the attendance list."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from thb.victims.hearing_pdf import pdf_fonts

from .models import Registration


def certificate_pdf(registration: Registration) -> bytes:
    regular, bold = pdf_fonts()
    styles = getSampleStyleSheet()
    centred = ParagraphStyle(
        "c", parent=styles["BodyText"], fontName=regular, fontSize=13, leading=18, alignment=1
    )
    title = ParagraphStyle("t", parent=styles["Title"], fontName=bold, fontSize=26, leading=32)
    name = ParagraphStyle("n", parent=centred, fontName=bold, fontSize=20, leading=26)
    small = ParagraphStyle("s", parent=centred, fontSize=9, leading=12)
    session = registration.session
    course = session.course
    user = registration.user
    person = user.get_full_name() or user.username
    story = [
        Spacer(1, 20 * mm),
        Paragraph(escape(_("Certificate of attendance")), title),
        Spacer(1, 10 * mm),
        Paragraph(escape(_("This certifies that")), centred),
        Paragraph(escape(person), name),
        Paragraph(escape(str(registration.organisation)), centred),
        Spacer(1, 6 * mm),
        Paragraph(escape(_("attended the training")), centred),
        Paragraph(escape(course.title_text), name),
        Paragraph(
            escape(
                _("on %(date)s (%(hours)s hours), organised by %(organiser)s.")
                % {
                    "date": formats.date_format(session.starts_at.date(), "DATE_FORMAT"),
                    "hours": formats.number_format(course.hours, decimal_pos=1),
                    "organiser": course.organisation,
                }
            ),
            centred,
        ),
        Paragraph(escape(_("Trainers: %(trainers)s") % {"trainers": session.trainers}), centred),
        Spacer(1, 16 * mm),
        Paragraph(
            escape(
                _("Expertise network against trafficking in human beings. Certificate %(code)s.")
                % {"code": registration.certificate_code}
            ),
            small,
        ),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4), title=_("Certificate of attendance")).build(story)
    return buffer.getvalue()
