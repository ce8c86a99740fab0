"""Biometrics: one record per user and date, written by an atomic upsert; the weight trend.

`put_biometric` is `INSERT … ON CONFLICT (user_id, date) DO NOTHING RETURNING id` and, when the
day already has its row, `UPDATE … RETURNING id` — never check-then-insert. The unique index
`ux_health_biometric_user_date` decides between concurrent writers: on PostgreSQL the second
INSERT waits for the first transaction and then does nothing, and its UPDATE (a new snapshot
under READ COMMITTED) replaces the row the first one committed; SQLite serialises writers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from lifeos.domains.health.errors import EmptyBiometric
from lifeos.domains.health.events import BiometricLogged
from lifeos.domains.health.models import Biometric
from lifeos.domains.health.services.common import check_period, shift
from lifeos.platform.database import utcnow
from lifeos.platform.pagination import Page, newest_by_day
from lifeos.platform.uow import UnitOfWork

CENT = Decimal("0.01")
TREND_DAYS = 7
_UPSERT_ATTEMPTS = 3


@dataclass(frozen=True)
class BiometricInput:
    """The day's record as the user sent it (ranges already checked at the edge)."""

    weight: Decimal | None = None
    body_fat_pct: Decimal | None = None
    resting_hr: int | None = None
    sleep_hours: Decimal | None = None
    energy: int | None = None
    stress: int | None = None
    notes: str | None = None

    def is_empty(self) -> bool:
        measured = (
            self.weight,
            self.body_fat_pct,
            self.resting_hr,
            self.sleep_hours,
            self.energy,
            self.stress,
        )
        return all(v is None for v in measured) and not self.notes

    def columns(self) -> dict[str, Any]:
        """Every column the record owns: a PUT replaces the day's record as a whole."""
        return {
            "weight": self.weight,
            "body_fat_pct": self.body_fat_pct,
            "resting_hr": self.resting_hr,
            "sleep_hours": self.sleep_hours,
            "energy_level": self.energy,
            "stress_level": self.stress,
            "notes": self.notes or None,
        }


def put_biometric(uow: UnitOfWork, user_id: int, day: date, values: BiometricInput) -> tuple[Biometric, bool]:
    """Create or replace the user's record for `day`; returns (record, created).

    Emits `health.biometric.logged` (with `created`). Legacy `metric`/`value` columns are kept.
    """
    if values.is_empty():
        raise EmptyBiometric(
            "Give at least one measurement or a note.",
            errors=[{"field": "body", "message": "give at least one measurement or a note"}],
        )
    session = uow.session
    columns = values.columns()

    def work() -> tuple[Biometric, bool]:
        biometric_id, created = _upsert(session, user_id, day, columns)
        record = session.scalars(
            select(Biometric)
            .where(Biometric.user_id == user_id, Biometric.id == biometric_id)
            .execution_options(populate_existing=True)
        ).one()
        uow.emit(
            BiometricLogged(
                biometric_id=record.id,
                user_id=user_id,
                date=day,
                created=created,
                weight=record.weight,
                body_fat_pct=record.body_fat_pct,
                resting_hr=record.resting_hr,
                sleep_hours=record.sleep_hours,
                energy=record.energy_level,
                stress=record.stress_level,
            ),
            user_id,
        )
        return record, created

    return uow.run(work)


def _upsert(session: Session, user_id: int, day: date, columns: dict[str, Any]) -> tuple[int, bool]:
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for _ in range(_UPSERT_ATTEMPTS):
        now = utcnow()
        new_id = session.execute(
            insert(Biometric)
            .values(user_id=user_id, date=day, recorded_at=now, created_at=now, updated_at=now, **columns)
            .on_conflict_do_nothing(index_elements=[Biometric.user_id, Biometric.date])
            .returning(Biometric.id)
        ).scalar_one_or_none()
        if new_id is not None:
            return new_id, True
        old_id = session.execute(
            update(Biometric)
            .where(Biometric.user_id == user_id, Biometric.date == day)
            .values(recorded_at=now, updated_at=now, **columns)
            .returning(Biometric.id)
        ).scalar_one_or_none()
        if old_id is not None:
            return old_id, False
        # The conflicting row was deleted between the two statements: insert again.
    raise RuntimeError(f"biometric upsert for user {user_id} on {day} did not settle")


def get_for_day(session: Session, user_id: int, day: date) -> Biometric | None:
    return session.scalar(select(Biometric).where(Biometric.user_id == user_id, Biometric.date == day))


def between(session: Session, user_id: int, first: date, last: date) -> dict[date, Biometric]:
    """The user's records from `first` to `last` (inclusive), by date."""
    rows = session.scalars(
        select(Biometric).where(Biometric.user_id == user_id, Biometric.date.between(first, last))
    )
    return {row.date: row for row in rows}


def list_biometrics(
    session: Session,
    user_id: int,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int,
    cursor: str | None = None,
) -> Page[Biometric]:
    """The user's records, newest first, keyset-paginated on (date, id)."""
    check_period(date_from, date_to)
    stmt = select(Biometric).where(Biometric.user_id == user_id)
    return newest_by_day(
        session,
        stmt,
        Biometric.date,
        Biometric.id,
        kind="health.biometrics",
        limit=limit,
        cursor=cursor,
        date_from=date_from,
        date_to=date_to,
    )


# ---------------------------------------------------------------------------- weight trend


def weights_between(session: Session, user_id: int, first: date, last: date) -> dict[date, Decimal]:
    """The user's weigh-ins (days with a weight) from `first` to `last`, by date."""
    rows = session.execute(
        select(Biometric.date, Biometric.weight).where(
            Biometric.user_id == user_id,
            Biometric.date.between(first, last),
            Biometric.weight.is_not(None),
        )
    ).tuples()
    return {on: weight for on, weight in rows if weight is not None}


def trend_window(day: date) -> tuple[date, date]:
    """The 7 days ending on `day`."""
    return shift(day, -(TREND_DAYS - 1)), day


def mean(values: list[Decimal] | list[int]) -> Decimal | None:
    """The arithmetic mean to 2 places (half up), or None for no values."""
    if not values:
        return None
    total = sum((Decimal(v) for v in values), start=Decimal(0))
    return (total / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def moving_average(weights: Mapping[date, Decimal], day: date) -> Decimal | None:
    """The 7-day weight trend on `day`: the mean of the weigh-ins in the 7 days ending on `day`.

    Days without a weigh-in are left out (they are not zeros); None when the window has none.
    """
    first, last = trend_window(day)
    return mean([w for on, w in weights.items() if first <= on <= last])
