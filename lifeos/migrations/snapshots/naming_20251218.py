"""Frozen copy of lifeos.domains.finance.naming.normalize_name, as it was for revision 20251218.

Frozen on purpose: the revision must backfill finance_account.normalized_name the same way
forever, so this copy must not follow later changes to the app's function (a change there
needs its own revision). Migrations never import application code.
"""

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
