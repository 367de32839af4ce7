"""The statistics as files that leave the platform (issue 9 §4): CSV and XLSX of every breakdown, and the
annual report as a PDF with its charts — all built from the suppressed figures only, so that no export
can show what the pages hide."""

from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from thb.victims.hearing_pdf import pdf_fonts

from .charts import bar_chart
from .figures import Figure, Period, Section
from .suppression import threshold

CSV_HEADER = ("period", "section", "breakdown", "category", "label", "count")


def statistics_csv(period: Period, sections: list[Section]) -> bytes:
    """One row per published cell, in a long layout that spreadsheets and R read as is; ``total`` rows
    carry each breakdown's total, ``<5`` marks a hidden count."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for section in sections:
        for figure in section.figures:
            for key, label, shown in figure.rows():
                writer.writerow([str(period), section.key, figure.key, key, label, shown])
            if figure.partition:
                writer.writerow(
                    [str(period), section.key, figure.key, "total", _("Total"), figure.total_shown]
                )
        for measure in section.measures:
            for label, values in measure.rows:
                for column, value in zip(measure.columns, values, strict=True):
                    writer.writerow([str(period), section.key, measure.key, label, column, value])
    return buffer.getvalue().encode("utf-8")


def statistics_xlsx(period: Period, sections: list[Section]) -> bytes:
    """One sheet per section; hidden counts are the text ``<5`` (never a number a formula could use)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for section in sections:
        sheet = workbook.create_sheet(section.key[:31])
        sheet.append([section.title, str(period)])
        sheet["A1"].font = bold
        for figure in section.figures:
            sheet.append([])
            sheet.append([figure.title])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            for _key, label, shown in figure.rows():
                sheet.append([label, int(shown) if shown.isdigit() else shown])
            if figure.partition:
                total = figure.total_shown
                sheet.append([_("Total"), int(total) if total.isdigit() else total])
        for measure in section.measures:
            sheet.append([])
            sheet.append([measure.title, *measure.columns])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            for label, values in measure.rows:
                sheet.append([label, *values])
        sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _figure_flowables(figure: Figure, body: ParagraphStyle, heading: ParagraphStyle, regular: str) -> list:
    png = bar_chart(
        figure.breakdown,
        labels={key: label for key, label, _shown in figure.rows()},
        title="",
        fmt="png",
        width=6.4,
    )
    image = Image(io.BytesIO(png))
    image.drawWidth, image.drawHeight = 170 * mm, 170 * mm * image.imageHeight / image.imageWidth
    data = [[label, shown] for _key, label, shown in figure.rows()]
    if figure.partition:
        data.append([_("Total"), figure.total_shown])
    table = Table(data, colWidths=[120 * mm, 30 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
            ]
        )
    )
    parts = [Paragraph(escape(figure.title), heading), image, table]
    if figure.note:
        parts.append(Paragraph(escape(figure.note), body))
    return [KeepTogether(parts), Spacer(1, 4 * mm)]


def annual_report_pdf(period: Period, sections: list[Section]) -> bytes:
    """The annual report in the reader's language: each section's charts and tables, suppressed."""
    regular, bold = pdf_fonts()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=regular, fontSize=9, leading=12)
    title = ParagraphStyle("title", parent=styles["Title"], fontName=bold, fontSize=16)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontName=bold, fontSize=13)
    h3 = ParagraphStyle("h3", parent=styles["Heading3"], fontName=bold, fontSize=10)
    story: list = [
        Paragraph(escape(_("Trafficking in human beings: the platform's figures")), title),
        Paragraph(
            escape(
                _("Period %(start)s to %(end)s. Made on %(today)s.")
                % {
                    "start": formats.date_format(period.start, "DATE_FORMAT"),
                    "end": formats.date_format(period.end, "DATE_FORMAT"),
                    "today": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
                }
            ),
            body,
        ),
        Paragraph(
            escape(
                _(
                    "Counts from 1 to %(limit)s are shown as “<%(threshold)s”, and so is one more count "
                    "where a total would give a hidden one away (small-cell suppression)."
                )
                % {"limit": threshold() - 1, "threshold": threshold()}
            ),
            body,
        ),
        Spacer(1, 6 * mm),
    ]
    for section in sections:
        story.append(Paragraph(escape(section.title), h2))
        for figure in section.figures:
            story += _figure_flowables(figure, body, h3, regular)
        for measure in section.measures:
            data = [["", *measure.columns], *[[label, *values] for label, values in measure.rows]]
            table = Table(data)
            table.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), regular),
                        ("FONTNAME", (0, 0), (-1, 0), bold),
                        ("FONTSIZE", (0, 0), (-1, -1), 8),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                    ]
                )
            )
            story += [Paragraph(escape(measure.title), h3), table, Spacer(1, 4 * mm)]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, title=_("Annual report")
    ).build(story)
    return buffer.getvalue()
