"""Response schemas: one pydantic model per resource renders the body and describes it in OpenAPI.

Views declare the model in `api_doc(response=…)` and return domain objects (or plain values);
`platform.http.render` validates them through the model (attributes or keys) and dumps JSON,
so the document and the body cannot drift. Unknown keys are refused, not dropped.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, PlainSerializer, WithJsonSchema

from lifeos.platform.database import iso_utc
from lifeos.platform.money import MoneyOut

T = TypeVar("T")


class OutSchema(BaseModel):
    """Base of response schemas: built from attributes or dict keys, extra keys refused."""

    model_config = ConfigDict(from_attributes=True, extra="forbid", populate_by_name=True)


def _iso_utc(value: datetime) -> str:
    return iso_utc(value) or ""


# A stored naive-UTC timestamp, rendered ISO 8601 with its offset.
UtcDateTime = Annotated[
    datetime,
    PlainSerializer(_iso_utc, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}, mode="serialization"),
]


class PageOut(OutSchema, Generic[T]):
    """A page of a keyset-paginated list."""

    items: list[T]
    next_cursor: str | None


__all__ = ["MoneyOut", "OutSchema", "PageOut", "UtcDateTime"]
