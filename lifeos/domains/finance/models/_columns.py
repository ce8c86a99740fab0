"""Column shapes shared by the finance tables."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric
from sqlalchemy.orm import Mapped, mapped_column


def user_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("user.id"), index=True)


def zero(kind: Numeric[Decimal]) -> Mapped[Decimal]:
    return mapped_column(kind, default=Decimal("0"), server_default="0")
