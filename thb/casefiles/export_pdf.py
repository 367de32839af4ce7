"""The case file as a PDF with a table of contents (issue 6 §4), in the reader's language (ReportLab).

Producing it reads the file's hand-written texts and the suspects' names: the view records the access."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from thb.victims.hearing_pdf import pdf_fonts

from .document import CaseFileDocument


class _Heading(Paragraph):
    """A heading that enters the table of contents."""

    toc_level = 0


class _CaseFileTemplate(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, *, title: str, footer: str, font: str) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            title=title,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=18 * mm,
            bottomMargin=20 * mm,
        )
        self._footer, self._font = footer, font
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._page)])

    def _page(self, canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(self._font, 8)
        canvas.drawString(18 * mm, 10 * mm, self._footer)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(document.page))
        canvas.restoreState()

    def afterFlowable(self, flowable: Any) -> None:
        if isinstance(flowable, _Heading):
            self.notify("TOCEntry", (flowable.toc_level, flowable.getPlainText(), self.page))


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


def case_file_pdf(document: CaseFileDocument) -> bytes:
    regular, bold = pdf_fonts()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=regular, fontSize=10, leading=13)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    title_style = ParagraphStyle("title", parent=styles["Title"], fontName=bold, fontSize=18)
    h1 = ParagraphStyle("h1", parent=styles["Heading1"], fontName=bold, fontSize=14)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontName=bold, fontSize=11)
    warning = ParagraphStyle("warning", parent=body, textColor=colors.HexColor("#8a1c1c"))
    toc = TableOfContents()
    toc.levelStyles = [ParagraphStyle("toc1", parent=body, fontName=regular, leftIndent=0, fontSize=10)]

    story: list[Any] = [Paragraph(escape(document.title), title_style), Spacer(1, 4 * mm)]
    for label, value in document.header:
        story.append(Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", body))
    story += [Spacer(1, 6 * mm), Paragraph(escape(_("Contents")), h1), toc, PageBreak()]
    for section in document.sections:
        story.append(_Heading(escape(f"{section.number}. {section.title}"), h1))
        if section.platform:
            story.append(Paragraph(escape(_("From the platform")), h2))
            story += [Paragraph(_text(line), body) for line in section.platform]
        for _key, title, text in section.parts:
            if len(section.parts) > 1 or text:
                story.append(Paragraph(escape(title), h2))
            story.append(
                Paragraph(_text(text) if text else escape(_("Not written.")), body if text else small)
            )
        if section.table is not None:
            story.append(Spacer(1, 2 * mm))
            if section.table.rows:
                rows = [[Paragraph(escape(h), small) for h in section.table.headers]]
                rows += [[Paragraph(_text(cell), small) for cell in row] for row in section.table.rows]
                table = Table(rows, repeatRows=1, hAlign="LEFT")
                table.setStyle(
                    TableStyle(
                        [
                            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ]
                    )
                )
                story.append(table)
            else:
                story.append(Paragraph(escape(_("No entry.")), small))
        if section.missing:
            story.append(Spacer(1, 2 * mm))
            story.append(Paragraph(escape(_("Missing")), h2))
            story += [Paragraph("• " + escape(item), warning) for item in section.missing]
        story.append(Spacer(1, 5 * mm))
    buffer = io.BytesIO()
    template = _CaseFileTemplate(
        buffer,
        title=document.title,
        footer=f"{document.case_file.reference} · {_('Confidential: police case file')}",
        font=regular,
    )
    template.multiBuild(story)
    return buffer.getvalue()
