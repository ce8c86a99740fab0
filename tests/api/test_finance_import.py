"""CSV import over HTTP: preview, commit all or nothing, duplicates, near matches, encodings."""

from __future__ import annotations

import base64
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from lifeos.domains.finance.models import (
    Account,
    AccountDailyTotal,
    AccountMonthlyTotal,
    ImportMapping,
    LedgerEntry,
    LedgerLine,
    Transaction,
)
from lifeos.domains.finance.services.totals import rebuild_totals
from lifeos.platform.outbox.models import OutboxMessage
from tests.api.finance_support import API, account, count, entry
from tests.support.problems import assert_problem

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
PREVIEW, COMMIT, MAPPING = f"{API}/import/preview", f"{API}/import/commit", f"{API}/import/mapping"

US_MAPPING: dict[str, Any] = {
    "date": "Date",
    "amount": {"kind": "signed", "column": "Amount"},
    "description": "Description",
    "counterparty": "Counterparty",
}


@pytest.fixture
def ctx(client, user_factory, auth_headers):  # type: ignore[no-untyped-def]
    user = user_factory()
    headers = auth_headers(user)
    bank = account(client, headers, "Checking", "asset", "bank")
    other = account(client, headers, "Uncategorized", "expense", "other")
    return {"user": user, "headers": headers, "bank": bank, "other": other}


def _body(
    ctx: dict[str, Any], content: bytes | str, mapping: dict[str, Any] | None, **extra: Any
) -> dict[str, Any]:
    raw = content.encode("utf-8") if isinstance(content, str) else content
    body: dict[str, Any] = {"account_id": ctx["bank"], "content_base64": base64.b64encode(raw).decode()}
    if mapping is not None:
        body["mapping"] = {"counter_account_id": ctx["other"], **mapping}
    return {**body, **extra}


def _preview(client: Any, ctx: dict[str, Any], content: bytes | str, mapping: dict[str, Any] | None) -> Any:
    return client.post(PREVIEW, json=_body(ctx, content, mapping), headers=ctx["headers"])


def _commit(
    client: Any, ctx: dict[str, Any], content: bytes | str, mapping: dict[str, Any] | None, **extra: Any
) -> Any:
    return client.post(COMMIT, json=_body(ctx, content, mapping, **extra), headers=ctx["headers"])


def _txs(session: Any, user_id: int) -> list[Transaction]:
    session.expire_all()
    stmt = select(Transaction).where(Transaction.user_id == user_id).order_by(Transaction.id)
    return list(session.scalars(stmt))


def _balance(session: Any, account_id: int) -> Decimal:
    session.expire_all()
    debit, credit = session.execute(
        select(
            func.coalesce(func.sum(LedgerLine.debit), 0), func.coalesce(func.sum(LedgerLine.credit), 0)
        ).where(LedgerLine.account_id == account_id)
    ).one()
    return Decimal(debit) - Decimal(credit)


def _totals(session: Any, user_id: int) -> list[tuple[Any, ...]]:
    session.expire_all()
    rows = []
    for model, key in (
        (AccountDailyTotal, AccountDailyTotal.entry_date),
        (AccountMonthlyTotal, AccountMonthlyTotal.month),
    ):
        stmt = select(model.account_id, key, model.debit, model.credit, model.line_count).where(
            model.user_id == user_id
        )
        rows += [tuple(r) for r in session.execute(stmt.order_by(model.account_id, key))]
    return rows


US = (FIXTURES / "bank_us.csv").read_bytes()


def test_preview_then_commit_posts_balanced_entries_and_saves_the_mapping(client, session, ctx) -> None:  # type: ignore[no-untyped-def]
    resp = _preview(client, ctx, US, US_MAPPING)
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["counts"] == {"rows": 4, "new": 4, "duplicate": 0, "near_match": 0, "error": 0}
    assert (body["delimiter"], body["decimal_mark"], body["date_format"], body["encoding"]) == (
        ",",
        ".",
        "iso",
        "utf-8",
    )
    assert [(r["row"], r["date"], r["amount"]) for r in body["rows"]] == [
        (2, "2026-03-02", "-12.50"),
        (3, "2026-03-03", "1250.00"),
        (4, "2026-03-05", "-54.99"),
        (5, "2026-03-05", "-3.20"),
    ]
    assert count(session, Transaction, user_id=ctx["user"].id) == 0  # a preview writes nothing

    resp = _commit(client, ctx, US, US_MAPPING)
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json() | {"counts": None} == {
        "account_id": ctx["bank"],
        "created": 4,
        "duplicates": 0,
        "skipped": 0,
        "counts": None,
    }
    txs = _txs(session, ctx["user"].id)
    assert [(t.amount, t.from_account_id, t.to_account_id) for t in txs] == [
        (Decimal("12.50"), ctx["bank"], ctx["other"]),
        (Decimal("1250.00"), ctx["other"], ctx["bank"]),
        (Decimal("54.99"), ctx["bank"], ctx["other"]),
        (Decimal("3.20"), ctx["bank"], ctx["other"]),
    ]
    assert txs[1].counterparty == "ACME Corp" and txs[1].description == "Salary March"
    assert all(t.journal_entry_id for t in txs)
    assert _balance(session, ctx["bank"]) == Decimal("1250.00") - Decimal("12.50") - Decimal(
        "54.99"
    ) - Decimal("3.20")
    assert _balance(session, ctx["bank"]) + _balance(session, ctx["other"]) == 0
    # The batched posting leaves the derived tables as one posting at a time would.
    daily = _totals(session, ctx["user"].id)
    rebuild_totals(session, ctx["user"].id)
    assert _totals(session, ctx["user"].id) == daily and len(daily) == 3 * 2 + 2  # days, months × accounts
    usage = session.scalars(
        select(Account.use_count).where(Account.id.in_([ctx["bank"], ctx["other"]]))
    ).all()
    assert usage == [4, 4]
    events = session.scalars(
        select(OutboxMessage.event_type).where(OutboxMessage.user_id == ctx["user"].id)
    ).all()
    assert events.count("finance.journal.posted") == 4 and events.count("finance.import.committed") == 1

    saved = client.get(MAPPING, query_string={"account_id": ctx["bank"]}, headers=ctx["headers"])
    assert saved.status_code == 200
    assert saved.get_json()["mapping"]["date"] == "Date"
    assert saved.get_json()["mapping"]["counter_account_id"] == ctx["other"]
    # The next import needs no mapping: the saved one is used.
    again = _preview(client, ctx, US, None)
    assert again.status_code == 200 and again.get_json()["mapping"]["description"] == "Description"


def test_the_same_file_twice_creates_nothing_the_second_time(client, session, ctx) -> None:  # type: ignore[no-untyped-def]
    assert _commit(client, ctx, US, US_MAPPING).status_code == 201
    preview = _preview(client, ctx, US, US_MAPPING).get_json()
    assert preview["counts"]["duplicate"] == 4 and preview["counts"]["new"] == 0
    assert all(r["status"] == "duplicate" and r["matches"] for r in preview["rows"])
    resp = _commit(client, ctx, US, US_MAPPING)
    assert resp.status_code == 201
    assert (resp.get_json()["created"], resp.get_json()["duplicates"]) == (0, 4)
    assert count(session, Transaction, user_id=ctx["user"].id) == 4


def test_two_identical_rows_in_one_file_are_two_transactions(client, session, ctx) -> None:  # type: ignore[no-untyped-def]
    csv = "Date,Amount,Description\n" + "2026-03-02,-4.00,Coffee\n" * 2 + "2026-03-02,-4.00,coffee \n"
    preview = _preview(client, ctx, csv, US_MAPPING | {"counterparty": None}).get_json()
    assert [r["occurrence"] for r in preview["rows"]] == [1, 2, 3]  # description is normalized
    resp = _commit(client, ctx, csv, US_MAPPING | {"counterparty": None})
    assert resp.get_json()["created"] == 3
    assert count(session, Transaction, user_id=ctx["user"].id) == 3
    # A later statement that repeats the day still matches each one once.
    resp = _commit(client, ctx, csv + "2026-03-03,-4.00,Coffee\n", US_MAPPING | {"counterparty": None})
    assert (resp.get_json()["created"], resp.get_json()["duplicates"]) == (1, 3)


def test_one_bad_row_writes_nothing_and_names_row_and_column(client, session, ctx) -> None:  # type: ignore[no-untyped-def]
    csv = (
        "Date,Amount,Description\n2026-03-02,-4.00,ok\n2026-03-03,twelve,bad amount\n"
        "2026-02-30,-1.00,bad date\n"
    )
    mapping = US_MAPPING | {"counterparty": None, "date_format": "iso"}
    preview = _preview(client, ctx, csv, mapping).get_json()
    assert [r["status"] for r in preview["rows"]] == ["new", "error", "error"]
    resp = _commit(client, ctx, csv, mapping)
    body = assert_problem(resp, 422, "finance.import_rows_invalid")
    by_row = {(e["row"], e["column"]): e for e in body["errors"]}
    assert set(by_row) == {(3, "Amount"), (4, "Date")}
    assert by_row[(3, "Amount")]["field"] == "rows[3].amount"
    assert count(session, Transaction, user_id=ctx["user"].id) == 0
    assert count(session, LedgerEntry, user_id=ctx["user"].id) == 0
    # The user may leave the bad rows out explicitly.
    resp = _commit(client, ctx, csv, mapping, skip_rows=[3, 4])
    assert resp.status_code == 201 and (resp.get_json()["created"], resp.get_json()["skipped"]) == (1, 2)


def test_amount_formats_parse(client, ctx) -> None:  # type: ignore[no-untyped-def]
    raw = (FIXTURES / "amount_formats.csv").read_bytes()
    mapping = {"date": "date", "amount": {"kind": "signed", "column": "amount"}, "description": "text"}
    body = _preview(client, ctx, raw, mapping).get_json()
    assert body["encoding"] == "utf-8-sig"
    assert [r["amount"] for r in body["rows"]] == ["-12.50", "-12.50", "-12.50", "7.25"]


def test_utf16_file_with_comma_decimals_imports(client, session, ctx) -> None:  # type: ignore[no-untyped-def]
    raw = (FIXTURES / "bank_eu_utf16.csv").read_bytes()
    mapping = {
        "date": "Buchungstag",
        "amount": {"kind": "signed", "column": "Betrag"},
        "description": "Verwendungszweck",
        "counterparty": "Empfänger",
    }
    body = _preview(client, ctx, raw, mapping).get_json()
    assert (body["encoding"], body["delimiter"], body["decimal_mark"], body["date_format"]) == (
        "utf-16",
        ";",
        ",",
        "dmy",
    )
    assert [r["amount"] for r in body["rows"]] == ["-1234.56", "2500.00", "-12.50"]
    assert _commit(client, ctx, raw, mapping).get_json()["created"] == 3
    assert [t.description for t in _txs(session, ctx["user"].id)] == ["Miete März", "Gehalt", "Bäckerei"]


def test_latin1_file_imports_when_the_date_format_is_given(client, session, ctx) -> None:  # type: ignore[no-untyped-def]
    raw = (FIXTURES / "bank_fr_latin1.csv").read_bytes()
    mapping = {"date": 0, "amount": {"kind": "signed", "column": 1}, "description": "Libellé"}
    # 02/03/2026 and 03/03/2026 read as day-first and month-first give other dates: not guessed.
    resp = _preview(client, ctx, raw, mapping)
    body = assert_problem(resp, 422, "finance.import_file_invalid")
    assert body["errors"][0]["field"] == "mapping.date_format"
    resp = _commit(client, ctx, raw, mapping | {"date_format": "dmy"})
    assert resp.status_code == 201, resp.get_json()
    txs = _txs(session, ctx["user"].id)
    assert [(t.description, t.amount, t.occurred_at.date().isoformat()) for t in txs] == [
        ("Café Crème Société", Decimal("45.20"), "2026-03-02"),
        ("Boulangerie Hélène", Decimal("8.00"), "2026-03-03"),
    ]


def test_an_ambiguous_amount_is_flagged_not_guessed(client, ctx) -> None:  # type: ignore[no-untyped-def]
    csv = "Date,Amount,Description\n2026-03-02,1.000,rent\n2026-03-03,-20,other\n"
    body = _preview(client, ctx, csv, US_MAPPING | {"counterparty": None}).get_json()
    row = body["rows"][0]
    assert row["status"] == "error" and row["errors"][0]["column"] == "Amount"
    assert "ambiguous" in row["errors"][0]["message"]
    explicit = _preview(client, ctx, csv, US_MAPPING | {"counterparty": None, "decimal_mark": ","}).get_json()
    assert explicit["rows"][0]["amount"] == "1000.00"
    # The rest of the file decides it: 12.50 says '.' is the decimal mark.
    decided = _preview(
        client, ctx, csv + "2026-03-04,12.50,x\n", US_MAPPING | {"counterparty": None}
    ).get_json()
    assert decided["rows"][0]["amount"] == "1.00" and decided["decimal_mark"] == "."


def test_split_and_indicator_columns(client, ctx) -> None:  # type: ignore[no-untyped-def]
    split = "Date;Out;In;Text\n2026-03-02;12,50;;a\n2026-03-03;;1.000,00;b\n"
    mapping = {
        "date": "Date",
        "amount": {"kind": "split", "money_out": "Out", "money_in": "In"},
        "description": "Text",
    }
    body = _preview(client, ctx, split, mapping).get_json()
    assert [r["amount"] for r in body["rows"]] == ["-12.50", "1000.00"]
    flagged = "Date,Amount,DC\n2026-03-02,12.50,D\n2026-03-03,7.00,cr\n2026-03-04,1.00,X\n"
    mapping = {"date": "Date", "amount": {"kind": "indicator", "column": "Amount", "indicator": "DC"}}
    body = _preview(client, ctx, flagged, mapping).get_json()
    assert [r["amount"] for r in body["rows"][:2]] == ["-12.50", "7.00"]
    assert body["rows"][2]["errors"][0]["column"] == "DC"


def test_bank_ids_deduplicate_first(client, session, ctx) -> None:  # type: ignore[no-untyped-def]
    mapping = US_MAPPING | {"bank_id": "Reference"}
    assert _commit(client, ctx, US, mapping).get_json()["created"] == 4
    assert {t.external_id for t in _txs(session, ctx["user"].id)} == {"TX1001", "TX1002", "TX1003", "TX1004"}
    # The bank corrected a description: its id still says it is the same row.
    changed = US.replace(b"Coffee beans", b"COFFEE BEANS LTD")
    resp = _commit(client, ctx, changed, mapping)
    assert (resp.get_json()["created"], resp.get_json()["duplicates"]) == (0, 4)


def test_near_matches_need_a_decision(client, session, ctx) -> None:  # type: ignore[no-untyped-def]
    # A posting made by hand two days before the bank's row, same amount.
    assert (
        entry(
            client,
            ctx["headers"],
            "2026-03-03",
            (ctx["other"], "debit", "54.99"),
            (ctx["bank"], "credit", "54.99"),
        ).status_code
        == 201
    )
    preview = _preview(client, ctx, US, US_MAPPING).get_json()
    near = [r for r in preview["rows"] if r["status"] == "near_match"]
    assert [r["row"] for r in near] == [4] and near[0]["matches"][0]["amount"] == "-54.99"
    resp = _commit(client, ctx, US, US_MAPPING)
    body = assert_problem(resp, 422, "finance.import_undecided")
    assert [e["row"] for e in body["errors"]] == [4]
    assert count(session, Transaction, user_id=ctx["user"].id) == 0
    resp = _commit(client, ctx, US, US_MAPPING, skip_rows=[4])
    assert (resp.get_json()["created"], resp.get_json()["skipped"]) == (3, 1)


def test_a_near_match_can_be_accepted(client, session, ctx) -> None:  # type: ignore[no-untyped-def]
    entry(
        client,
        ctx["headers"],
        "2026-03-04",
        (ctx["other"], "debit", "54.99"),
        (ctx["bank"], "credit", "54.99"),
    )
    resp = _commit(client, ctx, US, US_MAPPING, accept_rows=[4])
    assert resp.status_code == 201 and resp.get_json()["created"] == 4


def test_multipart_upload(client, session, ctx) -> None:  # type: ignore[no-untyped-def]
    mapping = json.dumps({"counter_account_id": ctx["other"], **US_MAPPING})
    data = {"account_id": str(ctx["bank"]), "mapping": mapping, "file": (io.BytesIO(US), "march.csv")}
    resp = client.post(PREVIEW, data=data, headers=ctx["headers"], content_type="multipart/form-data")
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["counts"]["new"] == 4
    data = {
        "account_id": str(ctx["bank"]),
        "mapping": mapping,
        "skip_rows": "[2]",
        "file": (io.BytesIO(US), "march.csv"),
    }
    resp = client.post(COMMIT, data=data, headers=ctx["headers"], content_type="multipart/form-data")
    assert resp.status_code == 201, resp.get_json()
    assert (resp.get_json()["created"], resp.get_json()["skipped"]) == (3, 1)
    bad = {"account_id": str(ctx["bank"]), "mapping": "{not json", "file": (io.BytesIO(US), "march.csv")}
    resp = client.post(PREVIEW, data=bad, headers=ctx["headers"], content_type="multipart/form-data")
    assert "mapping" in {e["field"] for e in assert_problem(resp, 422, "request.validation_failed")["errors"]}


def test_other_users_accounts_are_404(client, session, ctx, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    stranger = auth_headers(user_factory())
    foreign = account(client, stranger, "Their bank", "asset", "bank")
    for path in (PREVIEW, COMMIT):
        resp = client.post(
            path, json=_body(ctx, US, US_MAPPING) | {"account_id": foreign}, headers=ctx["headers"]
        )
        assert_problem(resp, 404, "finance.account_not_found")
        body = _body(ctx, US, US_MAPPING)
        body["mapping"]["counter_account_id"] = foreign
        assert_problem(client.post(path, json=body, headers=ctx["headers"]), 404, "finance.account_not_found")
    resp = client.get(MAPPING, query_string={"account_id": foreign}, headers=ctx["headers"])
    assert_problem(resp, 404, "finance.account_not_found")
    resp = client.get(MAPPING, query_string={"account_id": ctx["bank"]}, headers=ctx["headers"])
    assert_problem(resp, 404, "finance.import_mapping_not_found")
    assert count(session, Transaction, user_id=ctx["user"].id) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"mapping": {"date": "Date"}}, "mapping.amount"),
        ({"mapping": {"date": "Date", "amount": {"kind": "sum", "column": "A"}}}, "mapping.amount"),
        (
            {"mapping": {"date": "Date", "amount": {"kind": "signed", "column": -1}}},
            "mapping.amount.signed.column",
        ),
        ({"account_id": 0}, "account_id"),
        ({"content_base64": None}, "content_base64"),
        ({"skip_rows": ["x"]}, "skip_rows[0]"),
    ],
)
def test_bad_input_is_422_with_field_errors(client, session, ctx, change, field) -> None:  # type: ignore[no-untyped-def]
    body = _body(ctx, US, US_MAPPING, skip_rows=[])
    for key, value in change.items():
        body[key] = ({"counter_account_id": ctx["other"]} | value) if key == "mapping" else value
    resp = client.post(COMMIT, json=body, headers=ctx["headers"])
    problem = assert_problem(resp, 422, "request.validation_failed")
    assert any(e["field"].startswith(field) for e in problem["errors"]), problem["errors"]
    assert count(session, Transaction, user_id=ctx["user"].id) == 0


@pytest.mark.parametrize(
    ("content", "mapping", "code", "field"),
    [
        (
            "Date,Amount\n2026-03-02,1.00\n",
            {"amount": {"kind": "signed", "column": "Betrag"}},
            "finance.import_mapping_invalid",
            "mapping.amount.column",
        ),
        ("Date,Amount\n2026-03-02,1.00\n", {"date": 7}, "finance.import_mapping_invalid", "mapping.date"),
        (
            "Date,Amount\n2026-03-02,1.00\n",
            {"date_format": "%H:%M"},
            "finance.import_mapping_invalid",
            "mapping.date_format",
        ),
        ("2026-03-02,1.00\n", {"header": False}, "finance.import_mapping_invalid", "mapping.date"),
        ("", {}, "finance.import_file_invalid", "file"),
        ("just one column\nno delimiter\n", {}, "finance.import_file_invalid", "mapping.delimiter"),
        (b"\xff\xfe" + "a,b\n".encode("utf-16-le") + b"\x00\xd8", {}, "finance.import_file_invalid", "file"),
    ],
)
def test_files_that_do_not_fit_are_422(client, ctx, content, mapping, code, field) -> None:  # type: ignore[no-untyped-def]
    resp = _preview(client, ctx, content, US_MAPPING | {"counterparty": None, "description": None} | mapping)
    body = assert_problem(resp, 422, code)
    assert body["errors"][0]["field"] == field


def test_counter_account_must_differ(client, ctx) -> None:  # type: ignore[no-untyped-def]
    body = _body(ctx, US, US_MAPPING)
    body["mapping"]["counter_account_id"] = ctx["bank"]
    resp = client.post(PREVIEW, json=body, headers=ctx["headers"])
    assert (
        assert_problem(resp, 422, "finance.import_mapping_invalid")["errors"][0]["field"]
        == "mapping.counter_account_id"
    )


def test_preview_without_any_mapping_is_422(client, ctx) -> None:  # type: ignore[no-untyped-def]
    resp = _preview(client, ctx, US, None)
    assert assert_problem(resp, 422, "finance.import_mapping_invalid")["errors"][0]["field"] == "mapping"


def test_mapping_upsert_keeps_one_row(client, session, ctx) -> None:  # type: ignore[no-untyped-def]
    _commit(client, ctx, US, US_MAPPING)
    _commit(client, ctx, US, US_MAPPING | {"counterparty": None})
    assert count(session, ImportMapping, user_id=ctx["user"].id) == 1
    saved = client.get(MAPPING, query_string={"account_id": ctx["bank"]}, headers=ctx["headers"]).get_json()
    assert saved["mapping"]["counterparty"] is None


def test_a_file_past_the_request_limit_is_413(client, session, ctx) -> None:  # type: ignore[no-untyped-def]
    big = US + b"2026-03-06,-1.00,padding," + b"x" * (client.application.config["MAX_CONTENT_LENGTH"]) + b"\n"
    mapping = json.dumps({"counter_account_id": ctx["other"], **US_MAPPING})
    data = {"account_id": str(ctx["bank"]), "mapping": mapping, "file": (io.BytesIO(big), "big.csv")}
    resp = client.post(COMMIT, data=data, headers=ctx["headers"], content_type="multipart/form-data")
    assert_problem(resp, 413)
    assert count(session, Transaction, user_id=ctx["user"].id) == 0
