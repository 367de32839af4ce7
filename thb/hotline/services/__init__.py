"""Writes of the hotline (DESIGN.md §3.1): keyword-only, atomic, audited."""
