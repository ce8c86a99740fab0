"""CSV import: the column mapping saved per account for the next import."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from lifeos.domains.finance.models._columns import user_fk as _user_fk
from lifeos.platform.database import NOW_DEFAULTS, STAMP_DEFAULTS, Base


class ImportMapping(Base):
    """The last mapping committed for an account (JSON text of the mapping schema)."""

    __tablename__ = "finance_import_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    account_id: Mapped[int] = mapped_column(ForeignKey("finance_account.id"))
    mapping: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    updated_at: Mapped[datetime | None] = mapped_column(**STAMP_DEFAULTS)

    __table_args__ = (
        # One saved mapping per account: saving is an upsert on this key.
        Index("ux_finance_import_mapping_user_account", "user_id", "account_id", unique=True),
    )
