"""A static copy of the stop page for ISPs that host it themselves (issue 5 §3): one self-contained
``<lang>/index.html`` per public language (styles inlined, no script, no external request) and an
``index.html`` that offers the languages. It counts no visits and logs nothing — the hosting ISP's web
server must not log either (docs/blocking.md)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

from thb.core.exports import write_tree_atomically
from thb.core.i18n import catalogue_reviewed

from .views_public import stop_context


def _css() -> str:
    parts = []
    for name in ("thb/css/base.css", "thb/css/public.css"):
        found = finders.find(name)
        if found:
            parts.append(Path(str(found)).read_text(encoding="utf-8"))
    return "\n".join(parts)


def export_stop_page(output: Path) -> list[Path]:
    """Renders every language, then writes the whole tree at once (thb.core.exports): a full disk leaves the
    previous copy the ISP serves as it was, never half a page."""
    css = _css()
    files: dict[str, str] = {}
    headlines = []
    for code, name in settings.PUBLIC_LANGUAGES:
        with translation.override(code):
            html = render_to_string(
                "stop/stop.html",
                {
                    **stop_context(),
                    "static_export": True,
                    "inline_css": css,
                    "appeal_url": f"{settings.THB_BASE_URL.rstrip('/')}/{code}/stop/appeal/",
                    "public_languages": settings.PUBLIC_LANGUAGES,
                    "official_languages": settings.STAFF_LANGUAGES[:3],
                    "catalogue_unreviewed": not catalogue_reviewed(code),
                },
            )
            headlines.append((code, name, str(translation.gettext("This website is blocked"))))
        files[f"{code}/index.html"] = html
    items = "".join(
        f'<li><a href="{code}/index.html" lang="{code}">{escape(headline)} — {escape(name)}</a></li>'
        for code, name, headline in headlines
    )
    index = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{escape(headlines[0][2])}</title><style>{css}</style></head>"
        f'<body class="public stop"><main class="wrap"><ul class="plain">{items}</ul></main></body></html>'
    )
    files["index.html"] = index
    return write_tree_atomically(output, files)
