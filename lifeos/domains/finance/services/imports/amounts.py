"""Bank amounts as text → signed Decimal, with the decimal mark given or decided per file.

Negatives: a leading `-` or `−` (U+2212), a trailing `-`, or `(12.50)`. Thousands are grouped
by the other mark, a space, a no-break space or an apostrophe (groups of three). Currency
symbols and codes around the number are ignored. `1.000` or `1,000` alone cannot tell its
decimal mark: `decide_mark` takes the mark from the rest of the file or reports it undecided,
never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Literal

from lifeos.platform.money import CENT, MAX_AMOUNT

Mark = Literal[".", ","]
_MINUS = "-\u2212\u2012\u2013"
_GROUPING = " \u00a0\u202f\u2009'\u2019"
_CURRENCY = re.compile(r"^(?:[A-Z]{3}|[€$£¥₹₽₺₩]|[A-Z]{1,2}\$)\s*|\s*(?:[A-Z]{3}|[€$£¥₹₽₺₩])$")
_NUMBER = re.compile(r"[0-9][0-9.," + _GROUPING + r"]*")


class AmountError(ValueError):
    """The text is not an amount; the message says why (shown to the user with row and column)."""


def _split_sign(text: str) -> tuple[bool, str]:
    body = text.strip()
    for _ in range(2):
        body = _CURRENCY.sub("", body).strip()
    negative = False
    markers = 0
    if body.startswith("(") and body.endswith(")"):
        body, negative, markers = body[1:-1].strip(), True, markers + 1
    for _ in range(2):
        body = _CURRENCY.sub("", body).strip()
    if body and body[0] in _MINUS:
        body, negative, markers = body[1:].strip(), True, markers + 1
    elif body.startswith("+"):
        body = body[1:].strip()
    if body and body[-1] in _MINUS:
        body, negative, markers = body[:-1].strip(), True, markers + 1
    body = _CURRENCY.sub("", body).strip()
    if markers > 1:
        raise AmountError("has more than one minus sign")
    if not body or not _NUMBER.fullmatch(body):
        raise AmountError("is not a number")
    return negative, body


def hint(text: str) -> Mark | Literal["ambiguous"] | None:
    """What the amount says about the file's decimal mark (None: nothing, or it is no amount)."""
    try:
        _, body = _split_sign(text)
    except AmountError:
        return None
    dot, comma = body.rfind("."), body.rfind(",")
    if dot >= 0 and comma >= 0:
        return "." if dot > comma else ","
    if dot < 0 and comma < 0:
        return None
    mark: Mark = "." if dot >= 0 else ","
    other: Mark = "," if mark == "." else "."
    if body.count(mark) > 1:
        return other  # repeated: it groups thousands
    decimals = len(body) - body.rfind(mark) - 1
    if decimals == 3:
        return "ambiguous"
    return mark if decimals in (1, 2) else None


def decide_mark(texts: Iterable[str]) -> tuple[Mark | None, list[str]]:
    """The file's decimal mark from all its amounts, and the texts that vote against it.

    (None, []) when nothing in the file decides it; the caller flags the ambiguous amounts.
    """
    votes: dict[str, list[str]] = {".": [], ",": []}
    for text in texts:
        found = hint(text)
        if found in votes:
            votes[found].append(text)
    if votes["."] and votes[","]:
        major: Mark = "." if len(votes["."]) >= len(votes[","]) else ","
        return major, votes["," if major == "." else "."]
    if votes["."]:
        return ".", []
    if votes[","]:
        return ",", []
    return None, []


def parse(text: str, mark: Mark | None) -> Decimal:
    """The signed amount; `mark` None means the file did not decide (so `1.000` is an error)."""
    negative, body = _split_sign(text)
    for char in _GROUPING:
        body = body.replace(char, "," if mark == "." else "." if mark == "," else "\x01")
    if mark is None:
        found = hint(text)
        if found == "ambiguous":
            raise AmountError(
                "is ambiguous: is the mark a decimal point or a thousands separator? Set mapping.decimal_mark"
            )
        mark = found if found in (".", ",") else "."
    thousands = "," if mark == "." else "."
    whole, _, fraction = body.partition(mark)
    if mark in fraction or thousands in fraction or "\x01" in fraction:
        raise AmountError(f"is not a number with {mark!r} as its decimal mark")
    groups = whole.replace("\x01", thousands).split(thousands)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        raise AmountError(f"has misplaced thousands separators for {mark!r} as the decimal mark")
    digits = "".join(groups)
    if not digits or (mark in body and not fraction):
        raise AmountError("is not a number")
    try:
        value = Decimal(f"{digits}.{fraction}" if fraction else digits)
    except InvalidOperation:
        raise AmountError("is not a number") from None
    if value != value.quantize(CENT):
        raise AmountError("has more than 2 decimal places")
    if value > MAX_AMOUNT:
        raise AmountError("is too large")
    value = value.quantize(CENT)
    return -value if negative else value
