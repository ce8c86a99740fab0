"""CSV import requests and responses: the column mapping, the preview and the commit.

A file arrives as multipart/form-data (`file`, `mapping` as JSON, `account_id`) or inside a
JSON body as base64 (`content_base64`). Columns are named by their header text or by their
0-based index. Amounts leave as signed 2-place strings.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, WithJsonSchema

from lifeos.platform.http import MAX_ID, Schema
from lifeos.platform.money import MoneyOut
from lifeos.platform.schemas import OutSchema, UtcDateTime

MAX_ROWS = 50_000
MAX_COLUMNS = 200
OUT_VALUES = ("D", "DR", "DEBIT", "OUT")
IN_VALUES = ("C", "CR", "CREDIT", "IN")


def _column_ref(value: str | int) -> str | int:
    if isinstance(value, str) and not 1 <= len(value) <= 128:
        raise ValueError("a column name has 1 to 128 characters")
    if isinstance(value, int) and not 0 <= value < MAX_COLUMNS:
        raise ValueError(f"a column index is 0 to {MAX_COLUMNS - 1}")
    return value


ColumnRef = Annotated[
    str | int,
    AfterValidator(_column_ref),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1, "maxLength": 128, "pattern": r"^[^\u0000]*\S[^\u0000]*$"},
                {"type": "integer", "minimum": 0, "maximum": MAX_COLUMNS - 1},
            ],
            "description": "A header name, or a 0-based column index.",
        }
    ),
]
IndicatorValue = Annotated[str, Field(min_length=1, max_length=32, pattern=r"\S")]
RowNumber = Annotated[int, Field(ge=1, le=MAX_ROWS + 200)]


class SignedAmount(Schema):
    """One column holds the signed amount (money in positive, money out negative)."""

    kind: Literal["signed"]
    column: ColumnRef


class SplitAmount(Schema):
    """Two columns: money out and money in; a row fills one of them (the other empty or zero)."""

    kind: Literal["split"]
    money_out: ColumnRef
    money_in: ColumnRef


class IndicatorAmount(Schema):
    """An amount column and a column saying whether the money went out or came in."""

    kind: Literal["indicator"]
    column: ColumnRef
    indicator: ColumnRef
    out_values: list[IndicatorValue] = Field(default=list(OUT_VALUES), min_length=1, max_length=20)
    in_values: list[IndicatorValue] = Field(default=list(IN_VALUES), min_length=1, max_length=20)


AmountLayout = Annotated[SignedAmount | SplitAmount | IndicatorAmount, Field(discriminator="kind")]


class ImportMappingIn(Schema):
    """How to read a bank's CSV file; saved per account when a commit succeeds."""

    counter_account_id: int = Field(
        ge=1, le=MAX_ID, description="The other side of every row (e.g. an 'Uncategorized' account)."
    )
    header: bool = Field(default=True, description="The first line (after skip_lines) names the columns.")
    skip_lines: int = Field(default=0, ge=0, le=100, description="Lines before the header (bank preambles).")
    delimiter: Literal[",", ";", "\t", "|"] | None = Field(
        default=None, description="Detected when left out."
    )
    date: ColumnRef
    date_format: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^(iso|dmy|mdy|ymd)$|^[^%\u0000]*(%[dmYybBHMSpaA%][^%\u0000]*)+$",
        description="iso, dmy, mdy, ymd or a strptime format such as %d.%m.%Y; detected when "
        "left out and only one format fits every row.",
    )
    amount: AmountLayout
    decimal_mark: Literal[".", ",", "auto"] = Field(
        default="auto",
        description="auto decides from the whole file; an amount it cannot decide is an error.",
    )
    description: ColumnRef | None = None
    counterparty: ColumnRef | None = None
    bank_id: ColumnRef | None = Field(
        default=None, description="The bank's own id of a row (deduplicates first)."
    )


class ImportIn(Schema):
    """Preview: the file as base64 in a JSON body (multipart/form-data sends `file` instead)."""

    account_id: int = Field(ge=1, le=MAX_ID, description="The bank account the statement belongs to.")
    mapping: ImportMappingIn | None = Field(
        default=None, description="Left out: the mapping saved for the account by its last import."
    )
    content_base64: str = Field(max_length=4_000_000, pattern=r"^[A-Za-z0-9+/=\s]*$")


class ImportDecisions(Schema):
    skip_rows: list[RowNumber] = Field(
        default_factory=list, max_length=MAX_ROWS, description="Rows not to import (near matches, bad rows)."
    )
    accept_rows: list[RowNumber] = Field(
        default_factory=list, max_length=MAX_ROWS, description="Near matches to import anyway."
    )


class ImportCommitIn(ImportIn, ImportDecisions):
    """Commit: the same file and mapping as the preview, with the user's decisions."""


FileBytes = Annotated[bytes, WithJsonSchema({"type": "string", "format": "binary"})]


class ImportForm(Schema):
    """Preview as multipart/form-data: `mapping` is a JSON document."""

    account_id: int = Field(ge=1, le=MAX_ID)
    mapping: ImportMappingIn | None = None
    file: FileBytes


class ImportCommitForm(ImportForm, ImportDecisions):
    """Commit as multipart/form-data: `mapping`, `skip_rows` and `accept_rows` are JSON."""


class ImportMappingQuery(Schema):
    account_id: int = Field(ge=1, le=MAX_ID)


# ---------------------------------------------------------------------------- responses


class ImportCellErrorOut(OutSchema):
    row: int | None = Field(description="Line number in the file (1 = its first line); null: the whole file.")
    column: str | None
    field: str
    message: str


class ImportMatchOut(OutSchema):
    """An existing posting on the account that a row duplicates or nearly matches."""

    journal_entry_id: int
    transaction_id: int | None
    date: dt.date
    amount: MoneyOut
    description: str | None


class ImportRowOut(OutSchema):
    row: int
    status: Literal["new", "duplicate", "near_match", "error"]
    date: dt.date | None
    amount: MoneyOut | None = Field(description="Signed: money in positive, money out negative.")
    description: str | None
    counterparty: str | None
    bank_id: str | None
    occurrence: int = Field(description="The n-th identical row (date, amount, description) in this file.")
    errors: list[ImportCellErrorOut]
    matches: list[ImportMatchOut]


class ImportCountsOut(OutSchema):
    rows: int
    new: int
    duplicate: int
    near_match: int
    error: int


class ImportPreviewOut(OutSchema):
    account_id: int
    encoding: str
    delimiter: str
    decimal_mark: str
    date_format: str
    mapping: ImportMappingIn
    counts: ImportCountsOut
    errors: list[ImportCellErrorOut]
    rows: list[ImportRowOut]


class ImportCommitOut(OutSchema):
    account_id: int
    created: int
    duplicates: int
    skipped: int
    counts: ImportCountsOut


class ImportMappingOut(OutSchema):
    account_id: int
    mapping: ImportMappingIn
    updated_at: UtcDateTime | None
