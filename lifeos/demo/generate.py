"""Fill one account with the demo: every domain, one transaction, reproducible from the seed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from lifeos.demo.batch import OneTransaction
from lifeos.demo.context import Demo
from lifeos.demo.growth import projects, skills
from lifeos.demo.journal import journal
from lifeos.demo.ledger import ledger
from lifeos.demo.people import relationships
from lifeos.demo.routines import habits, health
from lifeos.platform.auth.services import create_user, find_user_by_email
from lifeos.platform.clock import today_in
from lifeos.platform.export import owned_row_count

# `.example` is reserved (RFC 2606); `demo@lifeos.local` would be refused by the sign-up validation
# (email_validator rejects the special-use name `.local`).
DEMO_EMAIL = "demo@lifeos.example"
DEMO_PASSWORD = "lifeos-demo"  # noqa: S105 - the documented password of a throwaway demo account
DEFAULT_DAYS = 380  # a year, and two weeks more so that "a year ago today" has data
# Not demo data: kept by a reset (sign-in sessions, roles, preferences, the event log).
KEPT_TABLES = frozenset({"user", "session_token", "user_role", "user_preference", "platform_outbox"})


class DemoRefused(Exception):
    """The account exists and holds data, and no reset was asked for."""


@dataclass(frozen=True)
class DemoResult:
    user_id: int
    email: str
    created: bool
    today: date
    counts: dict[str, int]


def fill(
    uow: OneTransaction, user_id: int, today: date, *, seed: int, days: int, zone_name: str | None
) -> Demo:
    """Write the demo for `user_id` (through the services; the caller's `uow.run` commits)."""
    demo = Demo(uow, user_id, today, days, seed, zone_name)
    ledger(demo)
    habits(demo)
    health(demo)
    skills(demo)
    projects(demo)
    relationships(demo)
    journal(demo)
    return demo


def wipe(session: Session, user_id: int) -> None:
    """Delete every row the user owns (children first), the derived tables included; no commit."""
    from lifeos.extensions import db

    for table in reversed(db.metadata.sorted_tables):
        if "user_id" in table.c and table.name not in KEPT_TABLES:
            session.execute(table.delete().where(table.c.user_id == user_id))


def run_demo(
    session: Session,
    *,
    email: str = DEMO_EMAIL,
    password: str = DEMO_PASSWORD,
    seed: int = 1,
    days: int = DEFAULT_DAYS,
    timezone: str = "UTC",
    reset: bool = False,
    today: date | None = None,
) -> DemoResult:
    """Create (or reuse) the account and fill it, all in one transaction.

    An existing account keeps its password and time zone; one that holds data is refused
    unless `reset`, which deletes its data first. `today` defaults to the user's today.
    """
    uow = OneTransaction(session)

    def work() -> DemoResult:
        user = find_user_by_email(uow.session, email)
        created = user is None
        if user is None:
            user = create_user(uow.session, email=email, password=password, timezone=timezone)
        elif reset:
            wipe(uow.session, user.id)
        elif owned_row_count(uow.session, user.id):
            raise DemoRefused(f"{user.email} already has data: use --reset to replace it")
        on = today or today_in(user.timezone)
        demo = fill(uow, user.id, on, seed=seed, days=days, zone_name=user.timezone)
        return DemoResult(user.id, user.email, created, on, dict(demo.counts))

    with uow:  # an error anywhere rolls everything back
        return uow.run(work)


__all__ = [
    "DEFAULT_DAYS",
    "DEMO_EMAIL",
    "DEMO_PASSWORD",
    "DemoRefused",
    "DemoResult",
    "fill",
    "run_demo",
    "wipe",
]
