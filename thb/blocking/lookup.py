"""Is a name blocked by a release? The same answer a resolver loading the release's RPZ zone gives: a name
is blocked when it is listed, or when one of its parent domains is listed with its subdomains. Used by the
officers' "is it blocked?" check and measured in bench/blocking.py (aim ≥ 20,000 lookups/s)."""

from __future__ import annotations

from collections.abc import Iterable


class BlockedNames:
    """Built from a release's domain list (``name`` and ``*.name`` lines)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.exact: set[str] = set()
        self.subtrees: set[str] = set()
        for line in lines:
            name = line.strip().lower().rstrip(".")
            if not name or name.startswith("#"):
                continue
            if name.startswith("*."):
                self.subtrees.add(name[2:])
            else:
                self.exact.add(name)

    def __len__(self) -> int:
        """How many listed entries (a name with its subdomains counts once)."""
        return len(self.exact | self.subtrees)

    def blocks(self, name: str) -> str | None:
        """The listed name that blocks ``name`` (itself or a parent listed with subdomains), or None."""
        name = name.strip().lower().rstrip(".")
        if name in self.exact:
            return name
        position = name.find(".")
        while position != -1:
            parent = name[position + 1 :]
            if parent in self.subtrees:
                return parent
            position = name.find(".", position + 1)
        return None
