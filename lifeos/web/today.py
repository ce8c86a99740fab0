"""The Today page's cards: each domain's views add one (or more) with `today_card`.

The web shell never imports a domain; a domain's views module registers a function that
returns the context of its card's template. Cards render in `order`, then registration order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CardContext = Callable[[], dict[str, Any]]


@dataclass(frozen=True)
class TodayCard:
    name: str
    template: str
    context: CardContext
    order: int = 100


_CARDS: dict[str, TodayCard] = {}


def today_card(name: str, template: str, *, order: int = 100) -> Callable[[CardContext], CardContext]:
    """Register `fn` as the context of a Today card (re-registering a name replaces it)."""

    def decorate(fn: CardContext) -> CardContext:
        _CARDS[name] = TodayCard(name, template, fn, order)
        return fn

    return decorate


def cards() -> list[TodayCard]:
    """The registered cards in display order."""
    return sorted(_CARDS.values(), key=lambda c: c.order)
