"""The financial-investigation report (issue 8 §4) as a PDF in the reader's language (ReportLab): the
suspects and their assets with value, seizure and confiscation status and legal references; the flows by
party, country and month; structuring alerts and round trips; the proceeds estimates with their method.

The same facts feed the police case file's "Financial investigation" section (casefile_feed.py), where the
report is listed as an evidence item."""

from __future__ import annotations

import io
from decimal import Decimal
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

from .models import Investigation
from .money import MoneyFacts


def euros(value: Decimal | float | None) -> str:
    return "—" if value is None else f"€ {value:,.2f}"


def _table(rows: list[list[str]], style: ParagraphStyle) -> Table:
    table = Table(
        [[Paragraph(escape(str(cell)), style) for cell in row] for row in rows], repeatRows=1, hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def financial_report_pdf(investigation: Investigation, facts: MoneyFacts) -> bytes:
    regular, bold = pdf_fonts()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=regular, fontSize=10, leading=13)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    h1 = ParagraphStyle("h1", parent=styles["Heading1"], fontName=bold, fontSize=14)
    title = ParagraphStyle("title", parent=styles["Title"], fontName=bold, fontSize=17)
    label = facts.labels.get
    now = formats.date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")
    story: list[Any] = [
        Paragraph(escape(_("Financial-investigation report")), title),
        Paragraph(escape(f"{investigation.title} · {investigation.reference}"), body),
        Paragraph(escape(_("Investigating service: %(s)s") % {"s": investigation.organisation}), body),
        Paragraph(escape(_("Magistrate's office: %(s)s") % {"s": investigation.magistrate_office}), body),
        Paragraph(
            escape(_("Produced on %(date)s from the records of the investigation.") % {"date": now}), small
        ),
        Spacer(1, 5 * mm),
    ]

    story.append(Paragraph(escape(_("1. Assets of the suspects")), h1))
    assets = list(investigation.assets.select_related("suspect").order_by("suspect__caption", "kind"))
    if assets:
        rows = [
            [
                _("Suspect"),
                _("Asset"),
                _("Estimated value"),
                _("Seizure"),
                _("Confiscation"),
                _("Legal references"),
            ]
        ]
        for asset in assets:
            seizure = asset.get_seizure_status_display()
            if asset.seizure_reference:
                seizure = f"{seizure} ({asset.seizure_reference})"
            rows.append(
                [
                    asset.suspect.caption,
                    f"{asset.get_kind_display()}: {asset.description}",
                    euros(asset.estimated_value_eur)
                    + (f" — {asset.valuation_basis}" if asset.valuation_basis else ""),
                    seizure,
                    asset.get_confiscation_status_display(),
                    asset.legal_reference or "—",
                ]
            )
        story.append(_table(rows, small))
        total = sum((a.estimated_value_eur or 0 for a in assets), Decimal(0))
        seized = sum((a.estimated_value_eur or 0 for a in assets if a.seizure_status == "seized"), Decimal(0))
        story.append(
            Paragraph(
                escape(
                    _("Total estimated: %(t)s; of which seized: %(s)s.")
                    % {"t": euros(total), "s": euros(seized)}
                ),
                body,
            )
        )
    else:
        story.append(Paragraph(escape(_("No asset in the register.")), small))

    story.append(Paragraph(escape(_("2. Money flows")), h1))
    story.append(
        Paragraph(
            escape(
                _("%(n)s payments on record, %(total)s in euros.")
                % {"n": len(facts.payments), "total": euros(facts.total_eur)}
            ),
            body,
        )
    )
    if facts.by_party:
        rows = [[_("From"), _("To"), _("Payments"), _("Total"), _("First"), _("Last")]]
        rows += [
            [
                label(f.source, f.source),
                label(f.target, f.target),
                str(f.count),
                euros(f.total),
                f.first,
                f.last,
            ]
            for f in facts.by_party[:20]
        ]
        story.append(_table(rows, small))
    if facts.by_country:
        story.append(Spacer(1, 2 * mm))
        rows = [[_("From country"), _("To country"), _("Payments"), _("Total")]]
        rows += [[f.source.upper(), f.target.upper(), str(f.count), euros(f.total)] for f in facts.by_country]
        story.append(_table(rows, small))
    if facts.by_month:
        story.append(Spacer(1, 2 * mm))
        rows = [[_("Month"), _("Payments"), _("Total")]] + [
            [m, str(n), euros(t)] for m, t, n in facts.by_month
        ]
        story.append(_table(rows, small))
    for currency, count in facts.other_currencies.items():
        story.append(
            Paragraph(
                escape(_("%(n)s payments in %(c)s, not converted.") % {"n": count, "c": currency}), small
            )
        )

    story.append(Paragraph(escape(_("3. Structuring and round trips")), h1))
    for alert in facts.structuring:
        amounts = ", ".join(euros(p.amount) for p in alert.payments)
        story.append(
            Paragraph(
                escape(
                    _(
                        "%(payer)s → %(beneficiary)s (%(country)s): %(n)s transfers just under the threshold "
                        "between %(first)s and %(last)s (%(amounts)s; total %(total)s)."
                    )
                    % {
                        "payer": label(alert.payer, alert.payer),
                        "beneficiary": label(alert.beneficiary, alert.beneficiary),
                        "country": alert.country.upper(),
                        "n": len(alert.payments),
                        "first": alert.payments[0].day,
                        "last": alert.payments[-1].day,
                        "amounts": amounts,
                        "total": euros(alert.total),
                    }
                ),
                body,
            )
        )
    for trip in facts.round_trips:
        route = " → ".join(label(n, n) for n in trip.nodes) + f" → {label(trip.nodes[0], trip.nodes[0])}"
        story.append(
            Paragraph(
                escape(
                    _(
                        "Round trip %(route)s: %(sent)s left on %(first)s, %(back)s came back by %(last)s "
                        "(%(share)s %%)."
                    )
                    % {
                        "route": route,
                        "sent": euros(trip.sent),
                        "first": trip.first,
                        "back": euros(trip.returned),
                        "last": trip.last,
                        "share": round(trip.share * 100),
                    }
                ),
                body,
            )
        )
    if not facts.structuring and not facts.round_trips:
        story.append(Paragraph(escape(_("None found.")), small))

    story.append(Paragraph(escape(_("4. Estimated criminal proceeds")), h1))
    estimates = list(investigation.estimates.all())
    for item in estimates:
        story.append(Paragraph(f"<b>{escape(euros(item.amount_eur))}</b> — {escape(item.explanation)}", body))
    if not estimates:
        story.append(Paragraph(escape(_("No estimate yet.")), small))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Financial-investigation report"),
        leftMargin=18 * mm,
        rightMargin=18 * mm,
    )

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.drawString(
            18 * mm, 10 * mm, f"{investigation.reference} · {_('Confidential: police investigation')}"
        )
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(doc.page))
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
