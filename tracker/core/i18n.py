"""Translation helpers. Ukrainian is the source language; English is the second locale."""
from __future__ import annotations


def N_(text: str) -> str:
    """Mark a string for extraction without translating it here (labels in dicts are
    translated where they are shown, with ``_()`` in the template)."""
    return text
