"""The demo's people: cadences (some overdue, one never contacted, one snoozed), birthdays (one
this week, one on 29 February, some without a year) and a year of interactions."""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from lifeos.demo.context import Demo
from lifeos.domains.relationships.services.interactions import log_interaction
from lifeos.domains.relationships.services.people import create_person, update_person


@dataclass(frozen=True)
class PersonPlan:
    name: str
    kind: str
    importance: int
    cadence: int | None
    last_ago: int | None  # days since the latest interaction (None: never contacted)
    birthday: tuple[int, int | None] | None = None  # (days from today to the next one, birth year)
    fixed_birthday: tuple[int, int, int | None] | None = None  # (month, day, year)
    snooze_for: int | None = None  # days
    tags: tuple[str, ...] = ()


PEOPLE = (
    PersonPlan("Helen Novak", "family", 5, 7, 2, birthday=(3, 1961), tags=("mum",)),
    PersonPlan("Rose Novak", "family", 5, 14, 5, birthday=(6, None), tags=("grandma",)),
    PersonPlan("Daniel Novak", "family", 5, 14, 25, fixed_birthday=(2, 29, 1992), tags=("brother",)),
    PersonPlan("Sam Okafor", "friend", 4, 21, 10, birthday=(120, None), tags=("climbing",)),
    PersonPlan("Priya Raman", "friend", 4, 30, 65, birthday=(40, 1990)),
    PersonPlan("Jonas Weber", "friend", 3, 30, None, tags=("new",)),
    PersonPlan("Aiko Tanaka", "friend", 3, 45, 80, birthday=(200, 1993), snooze_for=7),
    PersonPlan("Tom Becker", "colleague", 3, 60, 30, tags=("work",)),
    PersonPlan("Lena Fischer", "mentor", 4, 90, 130, birthday=(75, 1970), tags=("work",)),
    PersonPlan("Nora Lindqvist", "friend", 3, 180, 200, birthday=(260, 1988)),
    PersonPlan("Marco Rossi", "neighbour", 2, None, 12),
    PersonPlan("Chris Doyle", "colleague", 2, None, 45, birthday=(90, 1985), tags=("work",)),
)
METHODS = ("call", "message", "message", "meeting", "meeting", "other")
NOTES = {
    "call": ("Long catch-up call", "Quick call about the weekend", "Called to say hi"),
    "message": ("Swapped photos", "Sent a birthday card idea", "Chatted about the match"),
    "meeting": ("Coffee in town", "Dinner at theirs", "Walk in the park", "Climbing session"),
    "other": ("Met by chance at the market", "Helped with the move"),
}


def relationships(demo: Demo) -> None:
    rng = demo.rng("relationships")
    for plan in PEOPLE:
        data: dict[str, Any] = {
            "name": plan.name,
            "relationship_type": plan.kind,
            "importance": plan.importance,
            "tags": list(plan.tags),
            "cadence_days": plan.cadence,
            "birthday": _birthday(plan, demo.today),
        }
        if plan.last_ago is None:
            data["first_met_date"] = demo.today - timedelta(days=10)
        person = create_person(demo.uow, demo.user_id, data, demo.today)
        demo.count("people")
        for day in _contacts(demo, rng, plan):
            method = rng.choice(METHODS)
            given = {"date": day, "method": method, "notes": rng.choice(NOTES[method])}
            given["sentiment"] = rng.choice((0, 1, 1, 2, 2, -1))
            log_interaction(demo.uow, demo.user_id, person.id, given)
            demo.count("interactions")
        if plan.snooze_for is not None:
            until = {"snoozed_until": demo.today + timedelta(days=plan.snooze_for)}
            update_person(demo.uow, demo.user_id, person.id, until, demo.today)


def _birthday(plan: PersonPlan, today: date) -> dict[str, Any] | None:
    if plan.fixed_birthday is not None:
        month, day, year = plan.fixed_birthday
        return {"month": month, "day": day, "year": year}
    if plan.birthday is None:
        return None
    ahead, year = plan.birthday
    on = today + timedelta(days=ahead)
    if year is not None and (on.month, on.day) == (2, 29) and not calendar.isleap(year):
        year = 1992
    return {"month": on.month, "day": on.day, "year": year}


def _contacts(demo: Demo, rng: random.Random, plan: PersonPlan) -> list[date]:
    """The interaction dates, oldest first: the latest `last_ago` days ago, then back in steps."""
    if plan.last_ago is None:
        return []
    step = int((plan.cadence or 40) * 0.8)
    days: list[date] = []
    day = demo.today - timedelta(days=plan.last_ago)
    while day >= demo.first:
        days.append(day)
        day -= timedelta(days=max(1, step + rng.randint(-step // 3, step // 3)))
    return days[::-1]
