"""Money at the edges: parsed once from JSON text into `Decimal`, rendered as 2-dp strings.

Floats never carry money: request bodies are parsed with numbers as Decimal from their text
(`platform.http.json_body`), pydantic types below check the shape, and services receive
`Decimal`. Columns are NUMERIC(18,2) (`platform.database.Money`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_AMOUNT = Decimal(10) ** 15
_AMOUNT_HINT = 'must be a decimal amount such as "12.34"'
# ASCII digits with an optional fraction, as written: no spaces, no exponent ("1e2"), no NaN,
# no leading zeros ("007.50").
_PLAIN = re.compile(r"[+-]?(?:0|[1-9][0-9]{0,19})(?:\.[0-9]{1,20})?")


def parse_amount(value: Any) -> Decimal:
    """A positive amount (string, int or Decimal) with at most two places, or ValueError.

    Floats are refused: they cannot say 0.1 exactly.
    """
    if isinstance(value, (bool, float)):
        raise ValueError("must be a decimal string or an exact number")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent > 0:  # 1E+2: written with an exponent
            raise ValueError(_AMOUNT_HINT)
        amount = value
    elif isinstance(value, str):
        text = value
        if not _PLAIN.fullmatch(text):
            raise ValueError(_AMOUNT_HINT)
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(_AMOUNT_HINT) from exc
    else:
        raise ValueError(_AMOUNT_HINT)
    if not amount.is_finite():
        raise ValueError("must be a finite amount")
    if amount <= 0:
        raise ValueError("must be greater than 0")
    if amount > MAX_AMOUNT:
        raise ValueError("must not exceed 1000000000000000")
    places = amount.as_tuple().exponent
    if isinstance(places, int) and places < -2:  # as written: 1.500 has three places
        raise ValueError("must have at most 2 decimal places")
    return amount.quantize(CENT)


def parse_signed_amount(value: Any) -> Decimal:
    """A non-zero amount of either sign (money in or out, lent or repaid), otherwise as
    `parse_amount`: at most two places, |amount| ≤ 10¹⁵, never a float."""
    if isinstance(value, str) and value[:1] in ("+", "-"):
        sign, rest = value[0], value[1:]
        if rest[:1] in ("+", "-"):
            raise ValueError(_AMOUNT_HINT)
        return -parse_amount(rest) if sign == "-" else parse_amount(rest)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value < 0:
        return -parse_amount(-value)
    return parse_amount(value)


def money_str(value: Decimal | int) -> str:
    """Money travels as a decimal string with two places."""
    return str(Decimal(value).quantize(CENT))


# Exactly what parse_amount accepts, so generated clients (and the schema fuzzer) agree with it:
# a decimal string or a JSON number, > 0, ≤ 10¹⁵, at most 2 places.
_POSITIVE_2DP = (
    r"^\+?(?:[1-9][0-9]{0,14}(?:\.[0-9]{1,2})?|0\.(?:0[1-9]|[1-9][0-9]?)|1000000000000000(?:\.00?)?)$"
)
_AMOUNT_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": _POSITIVE_2DP},
        {"type": "number", "exclusiveMinimum": 0, "maximum": 10**15, "multipleOf": 0.01},
    ],
    "description": 'Positive, ≤ 2 decimals, e.g. "12.34".',
    "examples": ["12.34"],
}


# A positive amount in a request body: Decimal after validation, never a float.
AmountIn = Annotated[
    Decimal, BeforeValidator(parse_amount), WithJsonSchema(_AMOUNT_SCHEMA, mode="validation")
]

# A signed amount in a request body: exactly what parse_signed_amount accepts.
_SIGNED_2DP = "^[+-]?" + _POSITIVE_2DP.removeprefix("^\\+?")
SignedAmountIn = Annotated[
    Decimal,
    BeforeValidator(parse_signed_amount),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": _SIGNED_2DP},
                {
                    "type": "number",
                    "minimum": -(10**15),
                    "maximum": 10**15,
                    "multipleOf": 0.01,
                    "not": {"const": 0},
                },
            ],
            "description": 'Signed, not zero, ≤ 2 decimals, e.g. "-50.00".',
            "examples": ["-50.00"],
        },
        mode="validation",
    ),
]

# Money in a response: a 2-dp string.
MoneyOut = Annotated[
    Decimal,
    PlainSerializer(money_str, return_type=str),
    WithJsonSchema({"type": "string", "examples": ["12.34"]}, mode="serialization"),
]
