"""Decoding and delimiters: UTF-8 (BOM or not), UTF-16, Windows-1252, and sniffing by parsing."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifeos.domains.finance.errors import ImportFileInvalid, ImportMappingInvalid
from lifeos.domains.finance.schemas.imports import ImportMappingIn
from lifeos.domains.finance.services.imports.decoding import decode, read_records, sniff_delimiter
from lifeos.domains.finance.services.imports.mapping import parse_file

TEXT = "Datum;Betrag;Text\n02.03.2026;-1,50;Café “Süß”\n"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1252"), "windows-1252"),
    ],
)
def test_encodings(raw: bytes, encoding: str) -> None:
    assert decode(raw) == (TEXT, encoding)


def test_latin1_bytes_that_1252_leaves_undefined() -> None:
    assert decode("a;b\n\x81;ü\n".encode("latin-1")) == ("a;b\n\x81;ü\n", "latin-1")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1,5;2,5;3\n", ";"),
        ("a\tb\n1,5\t2\n", "\t"),
        ("a|b\n1|2\n", "|"),
        ('a,b\n"1;2",3\n', ","),
    ],
)
def test_delimiters(text: str, expected: str) -> None:
    assert sniff_delimiter(text, 0, set()) == expected


def test_the_mapping_names_break_a_tie() -> None:
    text = "date;x,amount;y\n1;2,3;4\n"
    with pytest.raises(ImportFileInvalid):
        sniff_delimiter(text, 0, set())
    assert sniff_delimiter(text, 0, {"date", "y"}) == ";"


def test_records_keep_their_line_numbers_across_quoted_newlines_and_blank_lines() -> None:
    text = 'h1,h2\n"multi\nline",1\n\n2026,2\n'
    assert [(r.line, r.cells) for r in read_records(text, ",", 0)] == [
        (1, ["h1", "h2"]),
        (2, ["multi\nline", "1"]),
        (5, ["2026", "2"]),
    ]
    assert read_records("preamble\nh1,h2\n1,2\n", ",", 1)[0].line == 2


@pytest.mark.parametrize("raw", [b"", b"  \n", b"a,b\n\x00,1\n"])
def test_unreadable_files(raw: bytes) -> None:
    with pytest.raises(ImportFileInvalid):
        decode(raw)


def test_long_lines_are_refused() -> None:
    with pytest.raises(ImportFileInvalid, match="longer than"):
        read_records("a,b\n" + "x" * 10_001 + ",1\n", ",", 0)


MAPPING = {
    "counter_account_id": 1,
    "header": False,
    "date": 0,
    "amount": {"kind": "signed", "column": 1},
    "description": 2,
}


@settings(max_examples=300, deadline=None)
@given(
    raw=st.one_of(
        st.binary(max_size=300),
        st.lists(
            st.lists(
                st.text(alphabet="0123456789.,-()+ −;|\t\"'\n\r€aé", max_size=12), min_size=1, max_size=5
            ),
            max_size=8,
        ).map(lambda rows: "\n".join(",".join(r) for r in rows).encode("utf-8")),
    ),
    mark=st.sampled_from([".", ",", "auto"]),
)
def test_any_bytes_give_rows_or_a_named_refusal(raw: bytes, mark: str) -> None:
    """Whatever the file holds: parsed rows (each with a date and amount, or errors) or a 422."""
    mapping = ImportMappingIn.model_validate(MAPPING | {"decimal_mark": mark})
    try:
        parsed = parse_file(raw, mapping)
    except (ImportFileInvalid, ImportMappingInvalid) as exc:
        assert exc.errors and all(e["field"] for e in exc.errors)
        return
    for row in parsed.rows:
        assert row.errors or (row.date is not None and row.amount is not None and row.amount != 0)


def test_the_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import lifeos.domains.finance.services.imports.decoding as decoding

    monkeypatch.setattr(decoding, "MAX_ROWS", 3)
    assert len(read_records("h\n1\n2\n3\n", ",", 0)) == 4  # the header and three rows
    with pytest.raises(ImportFileInvalid, match="more than 3 rows"):
        read_records("h\n1\n2\n3\n4\n", ",", 0)
