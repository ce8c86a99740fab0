"""Bytes to rows: the encoding, the delimiter, and the file's limits.

Encodings: UTF-8 (with or without BOM), UTF-16 (with BOM, or recognised by its NUL bytes),
else Windows-1252 (Latin-1 for the five bytes 1252 leaves undefined). The delimiter is tried
among `, ; TAB |` by parsing, not guessed from character counts (csv.Sniffer guesses badly):
a candidate must split every sampled record into the same number (2+) of fields.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from lifeos.domains.finance.errors import ImportFileInvalid
from lifeos.domains.finance.schemas.imports import MAX_COLUMNS, MAX_ROWS

DELIMITERS = (",", ";", "\t", "|")
MAX_RECORD_CHARS = 10_000
SNIFF_RECORDS = 50


@dataclass(frozen=True)
class Record:
    line: int  # the file's line where the record starts (1 = first line)
    cells: list[str]


def _file_error(message: str, *, line: int | None = None, field: str = "file") -> ImportFileInvalid:
    error = {"field": field, "message": message, "row": line, "column": None}
    return ImportFileInvalid(message[:1].upper() + message[1:] + ".", errors=[error])


def _looks_utf16(raw: bytes) -> str | None:
    """UTF-16 without a BOM: text of ASCII letters has a NUL in every other byte."""
    sample = raw[:2000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.6 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.6 and odd < half * 0.05:
        return "utf-16-be"
    return None


def decode(raw: bytes) -> tuple[str, str]:
    """The file's text and the name of the encoding it was read with."""
    if not raw.strip():
        raise _file_error("the file is empty")
    try:
        if raw.startswith(codecs.BOM_UTF8):
            text, encoding = raw[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text, encoding = raw.decode("utf-16"), "utf-16"
        elif (wide := _looks_utf16(raw)) is not None:
            text, encoding = raw.decode(wide), wide
        else:
            try:
                text, encoding = raw.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                try:
                    text, encoding = raw.decode("cp1252"), "windows-1252"
                except UnicodeDecodeError:
                    text, encoding = raw.decode("latin-1"), "latin-1"
    except UnicodeDecodeError as exc:
        raise _file_error(f"the file is not valid text in its encoding ({exc.reason})") from None
    if "\x00" in text:
        raise _file_error("the file contains NUL characters (is it a spreadsheet, not a CSV file?)")
    return text, encoding


def _records(text: str, delimiter: str, skip_lines: int) -> Iterable[Record]:
    lines = io.StringIO(text, newline="")
    for _ in range(skip_lines):
        lines.readline()
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    start = skip_lines + 1
    try:
        for cells in reader:
            line, start = start, skip_lines + reader.line_num + 1
            if sum(len(c) for c in cells) > MAX_RECORD_CHARS:
                raise _file_error(f"line {line} is longer than {MAX_RECORD_CHARS} characters", line=line)
            if len(cells) > MAX_COLUMNS:
                raise _file_error(f"line {line} has more than {MAX_COLUMNS} columns", line=line)
            if any(c.strip() for c in cells):
                yield Record(line, cells)
    except csv.Error as exc:
        raise _file_error(f"the file is not valid CSV near line {start}: {exc}", line=start) from None


def sniff_delimiter(text: str, skip_lines: int, header_names: set[str]) -> str:
    """The one delimiter that splits the first records consistently (and fits the mapping's names)."""
    fitting: list[str] = []
    for delimiter in DELIMITERS:
        sample: list[Record] = []
        try:
            for record in _records(text, delimiter, skip_lines):
                sample.append(record)
                if len(sample) >= SNIFF_RECORDS:
                    break
        except ImportFileInvalid:
            continue
        if not sample or len(sample[0].cells) < 2:
            continue
        if all(len(r.cells) == len(sample[0].cells) for r in sample):
            fitting.append(delimiter)
    if header_names and len(fitting) > 1:
        named = []
        for delimiter in fitting:
            first = next(iter(_records(text, delimiter, skip_lines)))
            if header_names <= {c.strip().casefold() for c in first.cells}:
                named.append(delimiter)
        fitting = named or fitting
    if len(fitting) != 1:
        why = "no delimiter" if not fitting else "more than one delimiter"
        raise _file_error(
            f"{why} among , ; TAB | splits the file into the same columns on every line: "
            "set mapping.delimiter",
            field="mapping.delimiter",
        )
    return fitting[0]


def read_records(text: str, delimiter: str, skip_lines: int) -> list[Record]:
    """Every non-blank record after `skip_lines`, within the row limit."""
    out: list[Record] = []
    for record in _records(text, delimiter, skip_lines):
        out.append(record)
        if len(out) > MAX_ROWS + 1:  # + the header
            raise _file_error(f"the file has more than {MAX_ROWS} rows", line=record.line)
    if not out:
        raise _file_error("the file has no rows")
    return out
