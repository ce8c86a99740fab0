"""The import page's column form ⇄ the API's `ImportMappingIn`.

The file's columns are offered in selects by index (labelled with the header text and a sample);
a chosen column goes into the mapping by its header text when that is unique (the saved mapping
then survives a bank reordering its columns), else by its index. A first mapping is guessed from
the header's names; a saved one is turned back into the form's values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import request

from lifeos.domains.finance.errors import ImportFileInvalid
from lifeos.domains.finance.models import Account
from lifeos.domains.finance.schemas import imports as s
from lifeos.domains.finance.services.imports.decoding import Record, decode, read_records, sniff_delimiter
from lifeos.platform.errors import AppError, ValidationFailed
from lifeos.platform.http import parse
from lifeos.web.forms import FormErrors

SAMPLE_CHARS = 64 * 1024  # of the file read to offer its columns

DELIMITERS = [("", "Detect"), (",", "Comma ,"), (";", "Semicolon ;"), ("tab", "Tab"), ("|", "Pipe |")]
DATE_FORMATS = [
    ("", "Detect"),
    ("iso", "2026-03-31 (ISO)"),
    ("dmy", "31.03.2026 (day first)"),
    ("mdy", "03/31/2026 (month first)"),
    ("ymd", "2026/03/31 (year first)"),
    ("custom", "Other format…"),
]
AMOUNT_KINDS = [
    ("signed", "One column: money out is negative"),
    ("split", "Two columns: money out and money in"),
    ("indicator", "An amount and a column saying out or in"),
]
DECIMAL_MARKS = [("auto", "Detect"), (".", "Point: 1,234.56"), (",", "Comma: 1.234,56")]
COLUMN_FIELDS = ("date", "amount_column", "money_out", "money_in", "indicator")
TEXT_FIELDS = ("description", "counterparty", "bank_id")
FORM_FIELDS = (
    "counter_account_id",
    "header",
    "skip_lines",
    "delimiter",
    "date_format",
    "date_format_custom",
    "amount_kind",
    "out_values",
    "in_values",
    "decimal_mark",
    *COLUMN_FIELDS,
    *TEXT_FIELDS,
)
# The API's error fields (with or without `mapping.`) → the form's fields.
RENAMES = {
    "amount.column": "amount_column",
    "amount.money_out": "money_out",
    "amount.money_in": "money_in",
    "amount.indicator": "indicator",
    "amount.out_values": "out_values",
    "amount.in_values": "in_values",
    "amount": "amount_kind",
    "content_base64": "file",
    "mapping": "counter_account_id",
}
GUESSES: dict[str, tuple[str, ...]] = {
    "date": ("booking date", "transaction date", "date", "datum", "fecha", "valuta"),
    "amount_column": ("amount", "betrag", "montant", "importe", "value", "sum"),
    "money_out": ("money out", "paid out", "withdrawal", "debit", "out", "soll"),
    "money_in": ("money in", "paid in", "deposit", "credit", "in", "haben"),
    "description": ("description", "details", "memo", "narrative", "purpose", "text", "verwendungszweck"),
    "counterparty": ("counterparty", "payee", "merchant", "name", "beneficiary", "empfänger"),
    "bank_id": ("reference", "transaction id", "bank id", "id", "ref"),
}


@dataclass(frozen=True)
class Column:
    """One column of the file as the selects offer it: its index, header text and a sample."""

    index: int
    name: str
    sample: str

    @property
    def label(self) -> str:
        title = self.name or f"Column {self.index + 1}"
        sample = self.sample if len(self.sample) <= 24 else self.sample[:23] + "…"
        return f"{title} (e.g. {sample})" if sample else title


def number(text: str, digits: int = 12) -> int | None:
    """A whole number of ASCII digits, at most `digits` of them (str.isdigit() also takes "²")."""
    return int(text) if 0 < len(text) <= digits and text.isascii() and text.isdigit() else None


def columns_of(content: bytes, values: Mapping[str, str]) -> tuple[list[Column], FormErrors]:
    """The file's columns as the layout fields read it (header, lines to skip, delimiter)."""
    try:
        text, _encoding = decode(content)
        skip_text = values.get("skip_lines") or "0"
        skip = min(number(skip_text, 3) or 0, 100)
        delimiter = delimiter_of(values.get("delimiter", "")) or sniff_delimiter(text, skip, set())
        records = _first_records(text, delimiter, skip)
    except ImportFileInvalid as exc:
        return [], form_errors(exc)
    first = records[0].cells
    header = values.get("header") == "1"
    sample = records[1].cells if header and len(records) > 1 else (first if not header else [])
    width = max(len(r.cells) for r in records[:50])
    return [
        Column(
            i,
            first[i].strip() if header and i < len(first) else "",
            sample[i].strip() if i < len(sample) else "",
        )
        for i in range(width)
    ], FormErrors()


def _first_records(text: str, delimiter: str, skip: int) -> list[Record]:
    """The records the selects need (the header and a sample), without reading a large file whole."""
    cut = text.rfind("\n", 0, SAMPLE_CHARS) + 1 if len(text) > SAMPLE_CHARS else 0
    if cut:
        try:
            return read_records(text[:cut], delimiter, skip)
        except ImportFileInvalid:
            pass  # e.g. a quoted cell cut in two: read the whole file
    return read_records(text, delimiter, skip)


def delimiter_of(value: str) -> str | None:
    return "\t" if value == "tab" else value if value in (",", ";", "|") else None


# ------------------------------------------------------------------------------ form ⇄ mapping


def form_errors(exc: AppError) -> FormErrors:
    """The error's fields as the form names them; the rest (and row errors) go form-level."""
    fields: dict[str, str] = {}
    loose: list[str] = []
    for item in exc.errors:
        name = str(item.get("field") or "").removeprefix("mapping.")
        name = RENAMES.get(name, RENAMES.get(name.split("[", 1)[0], name))
        message = str(item.get("message") or exc.detail)
        if name in FORM_FIELDS or name in ("file", "account_id"):
            fields.setdefault(name, message[:1].upper() + message[1:])
        elif not name.startswith(("rows[", "accept_rows", "skip_rows")):
            loose.append(message if not name else f"{name}: {message}")
    summary = exc.detail if not loose else " ".join(dict.fromkeys([exc.detail, *loose]))
    return FormErrors(fields, summary)


def _ref_index(ref: str | int | None, columns: list[Column]) -> str:
    if ref is None:
        return ""
    if isinstance(ref, int):
        return str(ref)
    folded = ref.strip().casefold()
    return next((str(c.index) for c in columns if c.name.casefold() == folded), "")


def values_of(mapping: s.ImportMappingIn, content: bytes) -> dict[str, str]:
    """A saved (or previewed) mapping as the form's values."""
    amount = mapping.amount
    values = {
        "counter_account_id": str(mapping.counter_account_id),
        "header": "1" if mapping.header else "",
        "skip_lines": str(mapping.skip_lines),
        "delimiter": "tab" if mapping.delimiter == "\t" else (mapping.delimiter or ""),
        "decimal_mark": mapping.decimal_mark,
        "amount_kind": amount.kind,
        "out_values": ", ".join(getattr(amount, "out_values", s.OUT_VALUES)),
        "in_values": ", ".join(getattr(amount, "in_values", s.IN_VALUES)),
    }
    fmt = mapping.date_format or ""
    values["date_format"] = fmt if fmt in dict(DATE_FORMATS) else "custom"
    values["date_format_custom"] = "" if fmt in dict(DATE_FORMATS) else fmt
    columns, _ = columns_of(content, values)
    refs = {
        "date": mapping.date,
        "amount_column": getattr(amount, "column", None),
        "money_out": getattr(amount, "money_out", None),
        "money_in": getattr(amount, "money_in", None),
        "indicator": getattr(amount, "indicator", None),
        "description": mapping.description,
        "counterparty": mapping.counterparty,
        "bank_id": mapping.bank_id,
    }
    values.update({name: _ref_index(ref, columns) for name, ref in refs.items()})
    return values


def guess(content: bytes, counter: Account | None) -> dict[str, str]:
    """A first mapping from the header's names (no mapping is saved for the account yet)."""
    values = {
        "counter_account_id": str(counter.id) if counter else "",
        "header": "1",
        "skip_lines": "0",
        "delimiter": "",
        "decimal_mark": "auto",
        "date_format": "",
        "date_format_custom": "",
        "amount_kind": "signed",
        "out_values": ", ".join(s.OUT_VALUES),
        "in_values": ", ".join(s.IN_VALUES),
    }
    columns, _ = columns_of(content, values)
    taken: set[int] = set()

    def find(words: tuple[str, ...]) -> str:
        for word in words:  # the whole name first, then a long word inside it ("Debit amount")
            found = next((c for c in columns if c.index not in taken and c.name.casefold() == word), None)
            found = found or next(
                (c for c in columns if c.index not in taken and len(word) > 3 and word in c.name.casefold()),
                None,
            )
            if found:
                taken.add(found.index)
                return str(found.index)
        return ""

    money_out, money_in = find(GUESSES["money_out"]), find(GUESSES["money_in"])
    if money_out and money_in:
        values.update(amount_kind="split", money_out=money_out, money_in=money_in)
    else:
        taken.difference_update({int(i) for i in (money_out, money_in) if i})
    for name, words in GUESSES.items():
        if name not in ("money_out", "money_in") and not (name == "amount_column" and money_out and money_in):
            values[name] = find(words)
    return values


def form_values() -> dict[str, str]:
    form = request.form
    values = {name: form.get(name, "").strip()[:200] for name in FORM_FIELDS}
    values["header"] = "1" if form.get("header") == "1" else ""
    return values


def _column_ref(value: str, columns: list[Column], header: bool) -> str | int | None:
    """A chosen column as the mapping names it: its header text when that is unique, else its index."""
    index = number(value, 3)
    if index is None:
        return None
    column = next((c for c in columns if c.index == index), None)
    if column is None:
        return index
    names = [c.name.casefold() for c in columns]
    if header and 0 < len(column.name) <= 128 and names.count(column.name.casefold()) == 1:
        return column.name
    return index


def mapping_of(values: Mapping[str, str], columns: list[Column]) -> s.ImportMappingIn:
    """The form's values parsed with the API's mapping schema (a 422 names the form's fields)."""
    header = values.get("header") == "1"
    kind = values.get("amount_kind") or "signed"
    needed = {"date": "the date"}
    needed.update(
        {"amount_column": "the amount"}
        if kind == "signed"
        else {"money_out": "money out", "money_in": "money in"}
        if kind == "split"
        else {"amount_column": "the amount", "indicator": "out or in"}
    )
    missing = [
        {"field": name, "message": f"choose the column that holds {what}"}
        for name, what in needed.items()
        if number(values.get(name, ""), 3) is None
    ]
    if not values.get("counter_account_id"):
        missing.insert(0, {"field": "counter_account_id", "message": "choose an account from the list"})
    if missing:
        raise ValidationFailed("Some fields need a choice.", errors=missing)

    def ref(name: str) -> str | int | None:
        return _column_ref(values.get(name, ""), columns, header)

    amount: dict[str, Any] = {"kind": kind}
    if kind == "split":
        amount.update(money_out=ref("money_out"), money_in=ref("money_in"))
    else:
        amount["column"] = ref("amount_column")
    if kind == "indicator":
        amount["indicator"] = ref("indicator")
        for name in ("out_values", "in_values"):
            words = [w.strip() for w in values.get(name, "").split(",") if w.strip()]
            if words:
                amount[name] = words
    fmt = values.get("date_format") or None
    if fmt == "custom":
        fmt = values.get("date_format_custom") or None
    counter = values.get("counter_account_id", "")
    data: dict[str, Any] = {
        "counter_account_id": counter_id if (counter_id := number(counter)) is not None else counter,
        "header": header,
        "skip_lines": values.get("skip_lines") or 0,
        "delimiter": delimiter_of(values.get("delimiter", "")),
        "date": ref("date"),
        "date_format": fmt,
        "amount": amount,
        "decimal_mark": values.get("decimal_mark") or "auto",
        **{name: ref(name) for name in TEXT_FIELDS},
    }
    return parse(s.ImportMappingIn, data)
