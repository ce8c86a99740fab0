"""A decoded file and its mapping → parsed rows (date, signed amount, texts) or their errors.

Nothing here reads the database. Every error names the file's line, the column (header text,
or `#<index>` without a header) and the mapping field it was read for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from lifeos.domains.finance.errors import ImportFileInvalid, ImportMappingInvalid
from lifeos.domains.finance.schemas.imports import (
    ImportMappingIn,
    IndicatorAmount,
    SignedAmount,
    SplitAmount,
)
from lifeos.domains.finance.services.imports import amounts, dates
from lifeos.domains.finance.services.imports.decoding import Record, decode, read_records, sniff_delimiter

MAX_DESCRIPTION, MAX_COUNTERPARTY, MAX_BANK_ID = 2000, 255, 128


@dataclass
class CellError:
    row: int | None
    column: str | None
    field: str
    message: str

    def as_problem(self) -> dict[str, object]:
        where = f"rows[{self.row}].{self.field}" if self.row is not None else f"mapping.{self.field}"
        return {"field": where, "message": self.message, "row": self.row, "column": self.column}


@dataclass
class ParsedRow:
    row: int
    date: date | None = None
    amount: Decimal | None = None
    description: str | None = None
    counterparty: str | None = None
    bank_id: str | None = None
    errors: list[CellError] = field(default_factory=list)


@dataclass
class ParsedFile:
    encoding: str
    delimiter: str
    decimal_mark: str
    date_format: str
    rows: list[ParsedRow]


@dataclass(frozen=True)
class _Column:
    index: int
    label: str


def _mapping_error(field_name: str, message: str) -> ImportMappingInvalid:
    return ImportMappingInvalid(
        f"mapping.{field_name}: {message}.",
        errors=[{"field": f"mapping.{field_name}", "message": message, "row": None, "column": None}],
    )


class _Columns:
    def __init__(self, mapping: ImportMappingIn, header: list[str] | None, width: int) -> None:
        self.mapping, self.header, self.width = mapping, header, width
        self._names = {c.strip(): i for i, c in reversed(list(enumerate(header or [])))}
        self._folded = {c.strip().casefold(): i for i, c in reversed(list(enumerate(header or [])))}

    def find(self, field_name: str, ref: str | int) -> _Column:
        if isinstance(ref, int):
            if ref >= self.width:
                raise _mapping_error(field_name, f"column {ref} is past the file's {self.width} columns")
            label = self.header[ref].strip() if self.header and ref < len(self.header) else ""
            return _Column(ref, label or f"#{ref}")
        if self.header is None:
            raise _mapping_error(field_name, "columns are named only when the file has a header row")
        index = self._names.get(ref, self._folded.get(ref.casefold()))
        if index is None:
            shown = ", ".join(repr(c.strip()) for c in self.header[:30])
            raise _mapping_error(field_name, f"no column named {ref!r} (the header has {shown})")
        return _Column(index, ref)


def _cell(record: Record, column: _Column | None) -> str:
    if column is None or column.index >= len(record.cells):
        return ""
    return record.cells[column.index].strip()


def _amount_texts(records: list[Record], columns: list[_Column]) -> list[str]:
    return [text for r in records for c in columns if (text := _cell(r, c))]


def _decide_mark(
    mapping: ImportMappingIn, records: list[Record], columns: list[_Column]
) -> amounts.Mark | None:
    if mapping.decimal_mark != "auto":
        return mapping.decimal_mark
    mark, against = amounts.decide_mark(_amount_texts(records, columns))
    if against:
        shown = ", ".join(repr(t) for t in against[:5])
        raise ImportFileInvalid(
            f"The file writes amounts with both '.' and ',' as the decimal mark (e.g. {shown}).",
            errors=[
                {
                    "field": "mapping.decimal_mark",
                    "message": f"amounts disagree on the decimal mark (e.g. {shown}): set it explicitly",
                    "row": None,
                    "column": columns[0].label,
                }
            ],
        )
    return mark


def _date_format(mapping: ImportMappingIn, records: list[Record], column: _Column) -> str:
    if mapping.date_format is not None:
        fmt = mapping.date_format
        parts = ({"%d", "%j"}, {"%m", "%b", "%B", "%j"}, {"%Y", "%y"})
        if fmt not in dates.NAMED and not all(any(p in fmt for p in part) for part in parts):
            raise _mapping_error(
                "date_format", "a format needs a day (%d), a month (%m, %b, %B) and a year (%Y, %y)"
            )
        return fmt
    found = dates.detect(_cell(r, column) for r in records)
    if found is None:
        message = "no single date format reads every date unambiguously: set mapping.date_format"
        raise ImportFileInvalid(
            "The date format cannot be detected.",
            errors=[
                {"field": "mapping.date_format", "message": message, "row": None, "column": column.label}
            ],
        )
    return found


class _RowReader:
    def __init__(self, mapping: ImportMappingIn, cols: _Columns, mark: amounts.Mark | None, date_format: str):
        self.mapping, self.mark = mapping, mark
        self.read_date = dates.reader(date_format)
        self.date = cols.find("date", mapping.date)
        layout = mapping.amount
        self.layout = layout
        if isinstance(layout, SignedAmount):
            self.amount_cols = [cols.find("amount.column", layout.column)]
        elif isinstance(layout, SplitAmount):
            self.amount_cols = [
                cols.find("amount.money_out", layout.money_out),
                cols.find("amount.money_in", layout.money_in),
            ]
        else:
            self.amount_cols = [cols.find("amount.column", layout.column)]
            self.indicator = cols.find("amount.indicator", layout.indicator)
        self.texts = {
            name: cols.find(name, ref) if ref is not None else None
            for name, ref in (
                ("description", mapping.description),
                ("counterparty", mapping.counterparty),
                ("bank_id", mapping.bank_id),
            )
        }

    def _parse_amount(
        self, record: Record, column: _Column, out: ParsedRow, field_name: str
    ) -> Decimal | None:
        text = _cell(record, column)
        if not text:
            return None
        try:
            return amounts.parse(text, self.mark)
        except amounts.AmountError as exc:
            out.errors.append(CellError(record.line, column.label, field_name, f"{text!r} {exc}"))
            return None

    def _amount(self, record: Record, out: ParsedRow) -> Decimal | None:
        layout = self.layout
        if isinstance(layout, SignedAmount):
            column = self.amount_cols[0]
            value = self._parse_amount(record, column, out, "amount")
            if value is None and not out.errors:
                out.errors.append(CellError(record.line, column.label, "amount", "the amount is empty"))
            return value
        if isinstance(layout, SplitAmount):
            out_col, in_col = self.amount_cols
            money_out = self._parse_amount(record, out_col, out, "amount.money_out")
            money_in = self._parse_amount(record, in_col, out, "amount.money_in")
            if out.errors:
                return None
            if money_out and money_in:
                out.errors.append(
                    CellError(
                        record.line, in_col.label, "amount.money_in", "both money out and money in are set"
                    )
                )
                return None
            if money_out:
                return -abs(money_out)
            if money_in:
                return abs(money_in)
            if money_out is None and money_in is None:
                out.errors.append(CellError(record.line, out_col.label, "amount", "the amount is empty"))
                return None
            return Decimal("0.00")
        return self._indicated(record, out, layout)

    def _indicated(self, record: Record, out: ParsedRow, layout: IndicatorAmount) -> Decimal | None:
        column = self.amount_cols[0]
        value = self._parse_amount(record, column, out, "amount")
        flag = _cell(record, self.indicator).casefold()
        outs = {v.strip().casefold() for v in layout.out_values}
        ins = {v.strip().casefold() for v in layout.in_values}
        if flag in outs and flag not in ins:
            sign = -1
        elif flag in ins and flag not in outs:
            sign = 1
        else:
            shown = "/".join([*layout.out_values, *layout.in_values])
            message = f"{flag!r} is not one of {shown}" if flag else "the indicator is empty"
            out.errors.append(CellError(record.line, self.indicator.label, "amount.indicator", message))
            return None
        if value is None:
            if not out.errors:
                out.errors.append(CellError(record.line, column.label, "amount", "the amount is empty"))
            return None
        return sign * abs(value)

    def read(self, record: Record) -> ParsedRow:
        out = ParsedRow(row=record.line)
        date_text = _cell(record, self.date)
        if not date_text:
            out.errors.append(CellError(record.line, self.date.label, "date", "the date is empty"))
        else:
            try:
                out.date = self.read_date(date_text)
            except dates.DateError as exc:
                out.errors.append(CellError(record.line, self.date.label, "date", f"{date_text!r} {exc}"))
        amount = self._amount(record, out)
        if amount is not None and amount == 0:
            out.errors.append(
                CellError(record.line, self.amount_cols[0].label, "amount", "the amount is zero")
            )
        elif amount is not None:
            out.amount = amount
        limits = {"description": MAX_DESCRIPTION, "counterparty": MAX_COUNTERPARTY, "bank_id": MAX_BANK_ID}
        for name, column in self.texts.items():
            text = _cell(record, column) or None
            if text is not None and len(text) > limits[name]:
                out.errors.append(
                    CellError(
                        record.line,
                        column.label if column else None,
                        name,
                        f"longer than {limits[name]} characters",
                    )
                )
                text = None
            setattr(out, name, " ".join(text.split()) if text and name != "bank_id" else text)
        return out


def _header_names(mapping: ImportMappingIn) -> set[str]:
    layout = mapping.amount
    refs: list[str | int | None] = [mapping.date, mapping.description, mapping.counterparty, mapping.bank_id]
    refs += [getattr(layout, n, None) for n in ("column", "money_out", "money_in", "indicator")]
    return {r.casefold() for r in refs if isinstance(r, str)} if mapping.header else set()


def parse_file(raw: bytes, mapping: ImportMappingIn) -> ParsedFile:
    """Decode, split and read every row; file-wide problems raise, row problems are kept per row."""
    text, encoding = decode(raw)
    delimiter = mapping.delimiter or sniff_delimiter(text, mapping.skip_lines, _header_names(mapping))
    records = read_records(text, delimiter, mapping.skip_lines)
    header = records[0].cells if mapping.header else None
    body = records[1:] if mapping.header else records
    width = max(len(r.cells) for r in records)
    cols = _Columns(mapping, header, width)
    date_col = cols.find("date", mapping.date)
    probe = _RowReader(mapping, cols, None, "iso")  # resolves every column (mapping errors first)
    date_format = _date_format(mapping, body, date_col)
    mark = _decide_mark(mapping, body, probe.amount_cols)
    reader = _RowReader(mapping, cols, mark, date_format)
    rows = [reader.read(r) for r in body]
    return ParsedFile(encoding, delimiter, mark or ".", date_format, rows)
