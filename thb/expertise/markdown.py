"""Markdown of library items as safe HTML (issue 10: "no active content served inline").

Two locks: markdown-it renders CommonMark with raw HTML switched off (a ``<script>`` typed in a note is
shown as text), and nh3 (the Rust ammonia sanitiser) keeps only plain formatting tags and http(s)/mailto
links, which open without passing the platform's address (``rel="noopener noreferrer"``)."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_RENDERER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def render_markdown(text: str) -> str:
    html = _RENDERER.render(text or "")
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
