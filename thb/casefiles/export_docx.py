"""The case file as a Word document (DOCX, python-docx) with a table of contents (issue 6 §4), for the
magistrate's office to annotate and for the court's systems, in the reader's language.

The contents is a real TOC field whose current result lists the sections, so it reads right at once; the
document asks the word processor to refresh the field (page numbers) when it is opened."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from .document import CaseFileDocument


def _field_char(paragraph: Paragraph, kind: str) -> None:
    run = paragraph.add_run()
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    run._r.append(element)


def _toc(document: DocxDocument, entries: list[str]) -> None:
    start = document.add_paragraph()
    _field_char(start, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-1" \\h \\z \\u'
    start.add_run()._r.append(instruction)
    _field_char(start, "separate")
    for entry in entries:
        document.add_paragraph(entry)
    _field_char(document.add_paragraph(), "end")
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def case_file_docx(document: CaseFileDocument) -> bytes:
    docx = Document()
    docx.core_properties.title = document.title
    docx.core_properties.subject = _("Confidential: police case file")
    docx.add_heading(document.title, level=0)
    for label, value in document.header:
        paragraph = docx.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    docx.add_heading(_("Contents"), level=1)
    _toc(docx, [f"{s.number}. {s.title}" for s in document.sections])
    for section in document.sections:
        docx.add_heading(f"{section.number}. {section.title}", level=1)
        if section.platform:
            docx.add_heading(_("From the platform"), level=2)
            for line in section.platform:
                docx.add_paragraph(line, style="List Bullet")
        for _key, title, text in section.parts:
            if len(section.parts) > 1 or text:
                docx.add_heading(title, level=2)
            docx.add_paragraph(text or _("Not written."))
        if section.table is not None:
            if section.table.rows:
                table = docx.add_table(rows=1, cols=len(section.table.headers))
                table.style = "Table Grid"
                for cell, header in zip(table.rows[0].cells, section.table.headers, strict=True):
                    cell.text = header
                for row in section.table.rows:
                    for cell, value in zip(table.add_row().cells, row, strict=True):
                        cell.text = value
            else:
                docx.add_paragraph(_("No entry."))
        if section.missing:
            docx.add_heading(_("Missing"), level=2)
            for item in section.missing:
                docx.add_paragraph(item, style="List Bullet")
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()
