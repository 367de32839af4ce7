"""The brochure as a printable PDF in each public language (issue 7 §3), with ReportLab.

Scripts: DejaVu Sans covers the Latin, Cyrillic and Vietnamese languages and Arabic letters; Arabic is
joined into its contextual forms (arabic-reshaper), each wrapped line put in visual order (python-bidi) and
its brackets mirrored, since ReportLab lays text out left to right. Chinese embeds WenQuanYi Zen Hei
(Debian ``fonts-wqy-zenhei``, installed by .ci/run) when present, else names the PDF standard CJK font
STSong-Light, which PDF readers with Asian font support provide.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from thb.victims.hearing_pdf import pdf_fonts

from .brochure import Brochure

CJK_FONT = "STSong-Light"
CJK_TTF = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
MIRRORED = str.maketrans({"(": ")", ")": "(", "[": "]", "]": "[", "«": "»", "»": "«", "<": ">", ">": "<"})
WIDTH = A4[0] - 36 * mm


def _fonts(language: str) -> tuple[str, str]:
    if not language.startswith("zh"):
        return pdf_fonts()
    registered = pdfmetrics.getRegisteredFontNames()
    if CJK_TTF.exists():
        if "WenQuanYiZenHei" not in registered:
            pdfmetrics.registerFont(TTFont("WenQuanYiZenHei", str(CJK_TTF), subfontIndex=0))
        return "WenQuanYiZenHei", "WenQuanYiZenHei"
    if CJK_FONT not in registered:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT, CJK_FONT


def _visual_lines(text: str, font: str, size: float) -> list[str]:
    """Right-to-left text: shaped, wrapped in logical order, then each line in visual order."""
    shaped = arabic_reshaper.reshape(text)
    return [get_display(line).translate(MIRRORED) for line in simpleSplit(shaped, font, size, WIDTH)]


def brochure_pdf(brochure: Brochure) -> bytes:
    language = get_language() or "en"
    rtl = get_language_bidi()
    regular, bold = _fonts(language)
    align = TA_RIGHT if rtl else TA_LEFT
    body = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=15, alignment=align, spaceAfter=4)
    h1 = ParagraphStyle("h1", parent=body, fontName=bold, fontSize=17, leading=22, spaceAfter=8)
    h2 = ParagraphStyle("h2", parent=body, fontName=bold, fontSize=12.5, leading=17, spaceBefore=8)
    if language.startswith("zh"):
        body.wordWrap = h1.wordWrap = h2.wordWrap = "CJK"

    def para(text: str, style: ParagraphStyle) -> list[Paragraph]:
        if rtl:
            return [
                Paragraph(escape(line), style) for line in _visual_lines(text, style.fontName, style.fontSize)
            ]
        return [Paragraph(escape(text), style)]

    story = [*para(brochure.title, h1), *para(brochure.emergency, h2), *para(brochure.intro, body)]
    for section in brochure.sections:
        story += para(section.title, h2)
        for paragraph in section.paragraphs:
            story += para(paragraph, body)
        for item in section.items:
            story += para(f"• {item}", body)
    story += para(_("Who to contact"), h2)
    for centre in brochure.centres:
        story += para(" · ".join([centre.name, *centre.phones, *centre.emails]), body)
    story.append(Spacer(1, 6 * mm))
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=11)
    story += para(
        _("Rules in force: version %(version)s. This leaflet does not replace the advice of your centre.")
        % {"version": brochure.durations.rules_version},
        small,
    )
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=brochure.title,
        lang=language,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    ).build(story)
    return buffer.getvalue()
