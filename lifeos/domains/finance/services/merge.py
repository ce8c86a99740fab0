"""Merge one account into another of the same user: postings move, history stays.

Used to resolve the name collisions an adopted earlier-LifeOS database can bring (two active
accounts whose names normalize alike, reported by the upgrade and by `flask db verify`).
Every row that refers to the source account (journal lines, transactions, schedule rows, …:
found from the foreign keys, so tables added later are covered) is pointed at the target; the
source stays in the chart of accounts, deactivated, with its name, so nothing written about it
is lost; the derived daily/monthly totals are rebuilt from the lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import CursorResult, Table, func, select, update

from lifeos.domains.finance.errors import AccountStateConflict, AccountTypeConflict
from lifeos.domains.finance.events import AccountsMerged
from lifeos.domains.finance.models import Account, AccountDailyTotal, AccountMonthlyTotal, LedgerLine
from lifeos.domains.finance.naming import normalize_name
from lifeos.domains.finance.services.accounts import get_account
from lifeos.domains.finance.services.totals import rebuild_totals
from lifeos.platform.database import utcnow
from lifeos.platform.uow import UnitOfWork

# Derived from the lines; rebuilt, never moved row by row (their keys would collide).
DERIVED = frozenset({AccountDailyTotal.__tablename__, AccountMonthlyTotal.__tablename__})


@dataclass(frozen=True)
class MergeResult:
    source: Account
    target: Account
    moved: dict[str, int]  # "table.column" -> rows pointed at the target

    @property
    def lines(self) -> int:
        return self.moved.get(f"{LedgerLine.__tablename__}.account_id", 0)


def _references() -> list[tuple[Table, str]]:
    """(table, column) pairs with a foreign key to finance_account.id."""
    found = []
    for table in Account.metadata.sorted_tables:
        if table.name in DERIVED:
            continue
        for column in table.columns:
            if any(fk.column.table.name == Account.__tablename__ for fk in column.foreign_keys):
                found.append((table, column.name))
    return found


def merge_accounts(uow: UnitOfWork, user_id: int, source_id: int, target_id: int) -> MergeResult:
    """Move everything of `source_id` to `target_id` (both the user's, same type); deactivate the source."""
    session = uow.session

    def work() -> MergeResult:
        source = get_account(session, user_id, source_id)
        target = get_account(session, user_id, target_id)
        if source.id == target.id:
            raise AccountStateConflict("An account cannot be merged into itself.")
        if source.account_type != target.account_type:
            raise AccountTypeConflict(
                f"Account {source.id} is {source.account_type} and account {target.id} is "
                f"{target.account_type}; only accounts of one type can be merged.",
                account=target,
            )
        moved: dict[str, int] = {}
        for table, column in _references():
            stmt = update(table).where(table.c[column] == source.id).values({column: target.id})
            if "user_id" in table.c:
                stmt = stmt.where(table.c.user_id == user_id)
            result = session.execute(stmt)
            count = result.rowcount if isinstance(result, CursorResult) else 0
            if count:
                moved[f"{table.name}.{column}"] = count
        target.use_count = (target.use_count or 0) + (source.use_count or 0)
        last_used = [d for d in (target.last_used_at, source.last_used_at) if d is not None]
        target.last_used_at = max(last_used) if last_used else None
        now = utcnow()
        # The source leaves the active names first, so the target can take its plain name.
        source.is_active = False
        source.normalized_name = normalize_name(source.name)
        source.updated_at = now
        session.flush()
        target.normalized_name = normalize_name(target.name)
        target.updated_at = now
        session.flush()
        rebuild_totals(session, user_id)
        lines = int(
            session.scalar(
                select(func.count())
                .select_from(LedgerLine)
                .where(LedgerLine.user_id == user_id, LedgerLine.account_id == target.id)
            )
            or 0
        )
        uow.emit(
            AccountsMerged(
                user_id=user_id,
                source_account_id=source.id,
                target_account_id=target.id,
                moved_rows=sum(moved.values()),
                target_line_count=lines,
            ),
            user_id,
        )
        return MergeResult(source, target, moved)

    return uow.run(work)
