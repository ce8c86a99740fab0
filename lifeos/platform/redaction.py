"""The one redactor: secrets never reach a log line or a stored error message."""

from __future__ import annotations

import re

REDACTED = "[REDACTED]"

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # URLs with credentials: scheme://user:password@host
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^\s:/@]+:)[^\s@]+@", re.I), rf"\1{REDACTED}@"),
    (re.compile(r"(\bBearer\s+)[A-Za-z0-9._~+/=-]+", re.I), rf"\1{REDACTED}"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), REDACTED),
    # `key: value`, `key=value`, `"key": "value"`, `'key': 'value'` where the key names a secret.
    (
        re.compile(
            r"""(["']?[\w-]*(?:password|passwd|pwd|token|csrf|secret|authorization|api[_-]?key)[\w-]*"""
            r"""["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|(?:Bearer\s+)?[^\s&,;)}\]'"]+)""",
            re.I,
        ),
        rf"\1{REDACTED}",
    ),
)


def redact(text: str) -> str:
    """Remove credentials in URLs, bearer tokens, JWTs and password/token/key values."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
