"""Account-name normalisation: the one function used by the app, the backfill and search."""

from __future__ import annotations

import unicodedata


def normalize_name(name: str) -> str:
    """NFKC, case-folded, trimmed, inner whitespace collapsed to one space."""
    text = unicodedata.normalize("NFKC", name or "")
    text = text.casefold()
    # casefold can produce non-NFKC sequences (e.g. 'ß' → 'ss' is fine, but some
    # compatibility characters recompose), so normalise once more.
    text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())
