"""What the finance views share: OpenAPI tags and the idempotency header."""

from __future__ import annotations

TAGS_ACC, TAGS_JOURNAL, TAGS_REPORTS = ("finance: accounts",), ("finance: journal",), ("finance: reports",)
IDEMPOTENCY_HEADER = "Idempotency-Key"
