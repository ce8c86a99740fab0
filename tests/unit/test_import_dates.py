"""Bank dates: named formats, strptime formats, and detection that does not guess."""

from __future__ import annotations

from datetime import date

import pytest

from lifeos.domains.finance.services.imports import dates


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        ("iso", "2026-03-02", date(2026, 3, 2)),
        ("iso", "2026-03-02 14:05:00", date(2026, 3, 2)),
        ("iso", "2026-03-02T14:05:00+01:00", date(2026, 3, 2)),
        ("dmy", "02.03.2026", date(2026, 3, 2)),
        ("dmy", "2/3/26", date(2026, 3, 2)),
        ("mdy", "03/02/2026", date(2026, 3, 2)),
        ("ymd", "2026/03/02", date(2026, 3, 2)),
        ("ymd", "20260302", date(2026, 3, 2)),
        ("%d %b %Y", "02 Mar 2026", date(2026, 3, 2)),
    ],
)
def test_formats_read(fmt: str, text: str, expected: date) -> None:
    assert dates.reader(fmt)(text) == expected


@pytest.mark.parametrize(
    ("fmt", "text"),
    [("iso", "2026-02-30"), ("dmy", "32.01.2026"), ("iso", "1899-12-31"), ("%d.%m.%Y", "2026-03-02")],
)
def test_bad_dates_raise(fmt: str, text: str) -> None:
    with pytest.raises(dates.DateError):
        dates.reader(fmt)(text)


def test_detection_answers_only_when_unambiguous() -> None:
    assert dates.detect(["2026-03-02", "2026-12-31"]) == "iso"
    assert dates.detect(["02.03.2026", "31.03.2026"]) == "dmy"
    assert dates.detect(["03/31/2026", "04/01/2026"]) == "mdy"
    assert dates.detect(["02/03/2026", "03/03/2026"]) is None  # day or month first: other dates
    assert dates.detect(["01/01/2026", "02/02/2026"]) == "dmy"  # both readings agree
    assert dates.detect(["2026-03-02", "02.03.2026"]) is None
    assert dates.detect([]) is None
