"""The documentation stays true to the tree: every relative link and image of README.md and docs/*.md points
at a file that exists (the user guides' screenshots of issue 11 included)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def test_every_relative_link_and_image_of_the_docs_exists():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    assert len(pages) > 15
    broken = []
    images = 0
    for page in pages:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "mailto:", "#")):
                continue
            path = (page.parent / target.split("#", 1)[0]).resolve()
            images += target.endswith(".png")
            if not path.exists():
                broken.append(f"{page.relative_to(ROOT)} → {target}")
    assert broken == []
    assert images > 40  # the guides are illustrated
