"""The demo's journal: most days of the year, moods and tags, one a year ago today."""

from __future__ import annotations

import random
from datetime import date

from lifeos.demo.context import Demo
from lifeos.domains.journal.services.entries import create_entry

TITLES = {
    "work": ("Long day at work", "Shipped the release", "Planning week", "A good meeting for once"),
    "family": ("Sunday with the family", "Called Mum", "Dinner with Daniel"),
    "health": ("Morning run", "Rest day", "Slept well at last"),
    "reading": ("Finished a book", "Reading by the window"),
    "travel": ("Weekend away", "Train journey"),
    "gratitude": ("Small things", "Three good things"),
}
SENTENCES = (
    "The morning was quiet and I got a lot done before lunch.",
    "Walked by the river on the way home; the light was beautiful.",
    "Felt tired in the afternoon, probably too much coffee.",
    "Spent an hour on guitar and finally got the chord change right.",
    "Cooked something new for dinner and it actually worked.",
    "Read a few chapters before bed.",
    "Had a long chat with an old friend, which lifted my mood.",
    "Too many meetings today; need to protect my mornings.",
    "Practised Spanish on the tram: *poco a poco*.",
    "Grateful for a calm evening at home.",
    "The kitchen plans are coming together.",
    "Money-wise a good month: the savings transfer went through.",
)
MOODS = (-2, -1, 0, 1, 1, 2, 2, 3, 3, 4)


def journal(demo: Demo) -> None:
    rng = demo.rng("journal")
    year_ago = demo.year_ago()
    for day in demo.each_day():
        wanted = rng.random() < 0.55 or day in (year_ago, demo.today)
        topic = rng.choice(tuple(TITLES))
        if not wanted:
            continue
        _entry(demo, rng, day, topic)


def _entry(demo: Demo, rng: random.Random, day: date, topic: str) -> None:
    tags = [topic, *rng.sample(("evening", "weekend", "ideas", "outdoors"), rng.randint(0, 2))]
    body = " ".join(rng.sample(SENTENCES, rng.randint(2, 4)))
    create_entry(
        demo.uow,
        demo.user_id,
        title=rng.choice(TITLES[topic]),
        body=body,
        mood=rng.choice(MOODS) if rng.random() < 0.9 or day == demo.today else None,
        tags=tags,
        entry_date=day,
    )
    demo.count("journal entries")
