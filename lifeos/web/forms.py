"""What page views share for forms: field errors from a 422 and the values the person typed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import request

from lifeos.platform.errors import AppError

FORM_LEVEL = ("", "body", "lines")


# (number, English name) for month selects; not calendar.month_name, which follows the locale.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_OPTIONS: list[tuple[int, str]] = list(enumerate(MONTH_NAMES, start=1))


class FormErrors:
    """Messages by field name (the API's `errors[].field`), and one message for the whole form.

    Templates ask `errors.get("name")`; a field with a message is rendered with
    `aria-invalid="true"` and `aria-describedby` pointing at it.
    """

    def __init__(self, fields: Mapping[str, str] | None = None, message: str | None = None) -> None:
        self.fields: dict[str, str] = dict(fields or {})
        self.message = message

    @classmethod
    def of(cls, error: AppError, *, known: Iterable[str] | None = None) -> FormErrors:
        """The error's field messages; a message for a field the form does not show goes form-level."""
        shown = set(known) if known is not None else None
        fields: dict[str, str] = {}
        loose: list[str] = []
        for item in error.errors:
            field = str(item.get("field") or "")
            message = str(item.get("message") or error.detail)
            if field in FORM_LEVEL or (shown is not None and field not in shown):
                loose.append(message if field in FORM_LEVEL else f"{field}: {message}")
            else:
                fields.setdefault(field, _sentence(message))
        summary = error.detail if not loose else " ".join(dict.fromkeys([error.detail, *loose]))
        return cls(fields, summary)

    def get(self, field: str) -> str | None:
        return self.fields.get(field)

    def __bool__(self) -> bool:
        return bool(self.fields or self.message)

    def __contains__(self, field: object) -> bool:
        return field in self.fields


def _sentence(message: str) -> str:
    message = message.strip()
    return message[:1].upper() + message[1:] if message else message


def form_text(name: str, max_length: int = 4000) -> str:
    """A submitted text field, trimmed (and cut at max_length: the schema reports the excess)."""
    value = request.form.get(name, "")
    return value.strip()[: max_length + 1]


def none_if_blank(value: str | None) -> str | None:
    return value if value not in (None, "") else None


def query_values(*names: str) -> dict[str, Any]:
    """The non-empty query-string values among `names` (for parse_query-like schemas)."""
    return {n: request.args[n] for n in names if request.args.get(n, "") != ""}
