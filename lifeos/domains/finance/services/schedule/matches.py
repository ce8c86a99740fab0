"""Matches by hand: match an occurrence to a line, unmatch, list; each recomputes the projection."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lifeos.domains.finance.errors import (
    InvalidScheduleMatch,
    JournalLineNotFound,
    ScheduleMatchConflict,
    ScheduleMatchNotFound,
)
from lifeos.domains.finance.events import ScheduleOccurrenceUnmatched
from lifeos.domains.finance.models import LedgerEntry, LedgerLine, MoneyScheduleMatch
from lifeos.domains.finance.services.schedule import recurrence as rec
from lifeos.domains.finance.services.schedule.common import get_row, lock_schedule, rule_of
from lifeos.domains.finance.services.schedule.matching import DISMISSED, MANUAL, MATCHED, LineInfo, store
from lifeos.domains.finance.services.schedule.projection import recompute_base
from lifeos.platform.pagination import Page, cursor_int, decode_cursor, paginate
from lifeos.platform.uow import UnitOfWork


def _line(session: Session, user_id: int, line_id: int) -> LineInfo:
    row = session.execute(
        select(
            LedgerLine.id,
            LedgerLine.entry_id,
            LedgerLine.account_id,
            LedgerLine.entry_date,
            LedgerLine.debit - LedgerLine.credit,
            LedgerEntry.description,
        )
        .join(LedgerEntry, LedgerEntry.id == LedgerLine.entry_id)
        .where(LedgerLine.user_id == user_id, LedgerLine.id == line_id)
    ).first()
    if row is None:
        raise JournalLineNotFound(
            f"Journal line {line_id} not found.",
            errors=[{"field": "journal_line_id", "message": "no such journal line"}],
        )
    return LineInfo(*row)


def manual_match(
    uow: UnitOfWork, user_id: int, today: date, row_id: int, rule_date: date, line_id: int
) -> MoneyScheduleMatch:
    """Match by hand (any amount, any date: the user decides); 409 when either side is taken."""

    def work() -> MoneyScheduleMatch:
        session = uow.session
        row = get_row(session, user_id, row_id)
        line = _line(session, user_id, line_id)
        lock_schedule(session, user_id)
        errors = []
        if line.account_id != row.account_id:
            errors.append({"field": "journal_line_id", "message": "the line is on another account"})
        if not rec.is_occurrence(rule_of(row, row.event_date), rule_date):
            errors.append({"field": "occurrence_date", "message": "not a date of this row's rule"})
        if errors:
            raise InvalidScheduleMatch("This line cannot pay this occurrence.", errors=errors)
        taken = session.scalar(
            select(MoneyScheduleMatch).where(MoneyScheduleMatch.journal_line_id == line.id)
        )
        if taken is not None:
            raise ScheduleMatchConflict(
                "The line already pays another occurrence.",
                errors=[{"field": "journal_line_id", "message": "already matched"}],
            )
        current = session.scalar(
            select(MoneyScheduleMatch).where(
                MoneyScheduleMatch.row_id == row.id,
                MoneyScheduleMatch.occurrence_date == rule_date,
                MoneyScheduleMatch.status == MATCHED,
            )
        )
        if current is not None:
            raise ScheduleMatchConflict(
                "The occurrence is already matched; unmatch it first.",
                errors=[{"field": "occurrence_date", "message": "already matched"}],
            )
        try:
            match = store(session, user_id, row.id, rule_date, line, MANUAL, uow.emit)
        except IntegrityError:
            uow.rollback()
            raise ScheduleMatchConflict("The occurrence or the line was matched meanwhile.") from None
        recompute_base(session, user_id, today, uow.emit)
        return match

    return uow.run(work)


def get_match(session: Session, user_id: int, match_id: int) -> MoneyScheduleMatch:
    match = session.scalar(
        select(MoneyScheduleMatch).where(
            MoneyScheduleMatch.user_id == user_id, MoneyScheduleMatch.id == match_id
        )
    )
    if match is None:
        raise ScheduleMatchNotFound(f"Match {match_id} not found.")
    return match


def unmatch(uow: UnitOfWork, user_id: int, today: date, match_id: int) -> None:
    """Undo a match: the occurrence counts again and the automatic matcher leaves it alone."""

    def work() -> None:
        session = uow.session
        match = get_match(session, user_id, match_id)
        if match.status == DISMISSED:
            return
        match.status, match.journal_line_id, match.entry_id, match.matched_by = DISMISSED, None, None, MANUAL
        session.flush()
        uow.emit(
            ScheduleOccurrenceUnmatched(
                match_id=match.id, user_id=user_id, row_id=match.row_id, occurrence_date=match.occurrence_date
            ),
            user_id,
        )
        recompute_base(session, user_id, today, uow.emit)

    uow.run(work)


def list_matches(
    session: Session, user_id: int, *, row_id: int | None, limit: int, cursor: str | None
) -> Page[MoneyScheduleMatch]:
    stmt = select(MoneyScheduleMatch).where(MoneyScheduleMatch.user_id == user_id)
    if row_id is not None:
        stmt = stmt.where(MoneyScheduleMatch.row_id == row_id)
    key = decode_cursor("schedule_matches", cursor, 1)
    if key is not None:
        stmt = stmt.where(MoneyScheduleMatch.id > cursor_int(key[0]))
    rows = list(session.scalars(stmt.order_by(MoneyScheduleMatch.id).limit(limit + 1)))
    return paginate(rows, limit, "schedule_matches", lambda m: [m.id])
