"""/money/import through the Flask test client (both databases).

The page calls the import services the JSON API calls: a file uploaded once travels with the
form (preview → commit never asks for it again), the columns are guessed from the header or taken
from the account's saved mapping, each row's status is shown in words, errors name line and
column, near matches need a decision, the commit is all or nothing, and a second import of the
same file marks every row as already there and writes nothing.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lifeos.domains.finance.models import ImportMapping, LedgerEntry, Transaction
from tests.api.finance_support import API, account, count, entry
from tests.api.test_web_session import HTML, sign_in

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
US_CSV = (FIXTURES / "bank_us.csv").read_bytes()


class _Form(HTMLParser):
    """The successful controls of the page's import form, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.select: str | None = None
        self.first_option: str | None = None
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "import-form" in a.get("class", ""):
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select, self.first_option = a.get("name"), None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = a.get("value", "")
                self.values.setdefault(self.select, self.first_option)
            if "selected" in a:
                self.values[self.select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def form_of(html: str) -> dict[str, str]:
    parser = _Form()
    parser.feed(html)
    return parser.values


@pytest.fixture
def ctx(client: FlaskClient, user_factory: Any, auth_headers: Any) -> dict[str, Any]:
    user = user_factory(full_name="Ada Lovelace", timezone="UTC")
    headers = auth_headers(user)
    csrf = sign_in(client, user.email)
    bank = account(client, headers, "Checking", "asset", "bank")
    other = account(client, headers, "Uncategorized", "expense", "other")
    return {"user": user, "headers": headers, "csrf": csrf, "bank": bank, "other": other}


def upload(
    client: FlaskClient, ctx: dict[str, Any], content: bytes, name: str = "bank.csv", **extra: Any
) -> Any:
    data = {
        "csrf_token": ctx["csrf"],
        "account_id": str(ctx["bank"]),
        "file": (io.BytesIO(content), name),
        **extra,
    }
    return client.post("/money/import", data=data, headers=HTML, content_type="multipart/form-data")


def post(client: FlaskClient, path: str, form: dict[str, str]) -> Any:
    return client.post(path, data=form, headers=HTML)


def statuses(html: str) -> dict[int, str]:
    """Line number → the status shown in words."""
    found = re.findall(
        r'id="row-(\d+)">.*?<span class="row-status status-[a-z_]+">.*?</span> ([A-Za-z ]+)</span>',
        html,
        re.S,
    )
    return {int(line): text.strip() for line, text in found}


def text_of(response: Any) -> str:
    return response.get_data(as_text=True)  # type: ignore[no-any-return]


def test_upload_page_offers_the_accounts_and_needs_a_file(
    client: FlaskClient, ctx: dict[str, Any], session: Any
) -> None:
    page = client.get(f"/money/import?account_id={ctx['bank']}", headers=HTML)
    html = text_of(page)
    assert page.status_code == 200
    assert 'aria-current="page">Import' in html and 'aria-current="step"' in html
    assert f'<option value="{ctx["bank"]}" selected>Checking</option>' in html
    assert '<label for="f-file">CSV file' in html and 'enctype="multipart/form-data"' in html

    missing = client.post(
        "/money/import",
        data={"csrf_token": ctx["csrf"], "account_id": str(ctx["bank"])},
        headers=HTML,
        content_type="multipart/form-data",
    )
    assert missing.status_code == 422
    assert 'id="f-file-error">Choose a CSV file' in text_of(missing)
    assert 'aria-invalid="true"' in text_of(missing)

    empty = upload(client, ctx, b"   \n")
    assert empty.status_code == 422 and "The file is empty" in text_of(empty)
    assert count(session, ImportMapping, user_id=ctx["user"].id) == 0


def test_import_preview_commit_then_the_same_file_again_writes_nothing(
    client: FlaskClient, ctx: dict[str, Any], session: Any
) -> None:
    uid = ctx["user"].id
    first = upload(client, ctx, US_CSV, "march.csv")
    html = text_of(first)
    assert first.status_code == 200, html[:2000]
    # Columns guessed from the header, "Uncategorized" as the other side: previewed at once.
    form = form_of(html)
    assert form["counter_account_id"] == str(ctx["other"])
    assert (form["date"], form["amount_column"], form["description"], form["bank_id"]) == ("0", "1", "2", "4")
    assert statuses(html) == {2: "New", 3: "New", 4: "New", 5: "New"}
    assert "Import rows" in html and "march.csv" in html
    assert 'formaction="/money/import/preview"' in html  # "Preview" re-posts the same form elsewhere
    assert "1,250.00" in html and "\u221212.50" in html  # amounts as a person reads them

    done = post(client, "/money/import/commit", form)
    assert done.status_code == 303, text_of(done)[:2000]
    assert done.headers["Location"].endswith("/money/import/done")
    assert count(session, Transaction, user_id=uid) == 4
    assert count(session, LedgerEntry, user_id=uid) == 4
    summary = text_of(client.get("/money/import/done", headers=HTML))
    assert "4 rows imported" in summary
    assert f"/money/journal?account_id={ctx['bank']}&amp;from=2026-03-02&amp;to=2026-03-05" in summary

    # The mapping is the API's, saved for the account.
    saved = client.get(f"{API}/import/mapping?account_id={ctx['bank']}", headers=ctx["headers"]).get_json()
    assert saved["mapping"]["date"] == "Date" and saved["mapping"]["bank_id"] == "Reference"

    again = upload(client, ctx, US_CSV, "march.csv")
    html = text_of(again)
    assert again.status_code == 200
    assert statuses(html) == {2: "Duplicate", 3: "Duplicate", 4: "Duplicate", 5: "Duplicate"}
    assert "Nothing new to import" in html and "Import rows" not in html
    assert html.count("not imported again") == 4
    # Sent anyway (an old tab): the duplicates are counted, never written.
    forced = post(client, "/money/import/commit", form_of(html))
    assert forced.status_code == 303
    assert count(session, Transaction, user_id=uid) == 4
    assert "Nothing new imported" in text_of(client.get("/money/import/done", headers=HTML))


def test_unknown_header_shows_the_columns_and_errors_beside_the_fields(
    client: FlaskClient, ctx: dict[str, Any], session: Any
) -> None:
    content = b"Buchungstag;Wert;Zweck\n02.03.2026;-12,50;Kaffee\n03.03.2026;1.250,00;Gehalt\n"
    first = upload(client, ctx, content)
    html = text_of(first)
    assert first.status_code == 200
    assert "Preview</h2>" not in html  # nothing guessed for the date: map first
    assert '<option value="0">Buchungstag (e.g. 02.03.2026)</option>' in html
    form = form_of(html)
    assert form["date"] == ""

    missing = post(client, "/money/import/preview", form)
    assert missing.status_code == 422
    assert 'id="f-date-error">Choose the column that holds the date' in text_of(missing)

    bad_format = {
        **form,
        "date": "0",
        "amount_column": "1",
        "date_format": "custom",
        "date_format_custom": "%Q",
    }
    wrong = post(client, "/money/import/preview", bad_format)
    assert wrong.status_code == 422
    assert 'id="f-date_format_custom-error"' in text_of(wrong)
    assert 'value="%Q"' in text_of(wrong)  # what was typed stays

    chosen = {**form, "date": "0", "amount_column": "1", "description": "2"}
    ambiguous = post(client, "/money/import/preview", chosen)  # 02.03. and 03.03.: day or month first?
    assert ambiguous.status_code == 422
    assert 'id="f-date_format-error">No single date format reads every date' in text_of(ambiguous)

    ok = post(client, "/money/import/preview", {**chosen, "date_format": "dmy"})
    html = text_of(ok)
    assert ok.status_code == 200, html[:2000]
    assert statuses(html) == {2: "New", 3: "New"}
    assert "\u221212.50" in html and "1,250.00" in html and "dates as day first" in html
    assert count(session, Transaction, user_id=ctx["user"].id) == 0


def test_bad_rows_name_line_and_column_and_are_left_out_only_when_asked(
    client: FlaskClient, ctx: dict[str, Any], session: Any
) -> None:
    content = b"Date,Amount,Description\n2026-03-02,-12.50,Coffee\n2026-03-03,twelve,Lunch\n"
    content += b"2026-03-04,5.00,Refund\n"
    html = text_of(upload(client, ctx, content))
    assert statuses(html) == {2: "New", 3: "Error", 4: "New"}
    assert "Column “Amount”: &#39;twelve&#39; is not a number" in html
    form = form_of(html)
    assert "skip_errors" not in form

    refused = post(client, "/money/import/commit", form)
    assert refused.status_code == 422
    assert "cannot be imported; nothing was written" in text_of(refused)
    assert count(session, Transaction, user_id=ctx["user"].id) == 0

    left_out = post(client, "/money/import/commit", {**form, "skip_errors": "1"})
    assert left_out.status_code == 303
    assert count(session, Transaction, user_id=ctx["user"].id) == 2
    assert "Skipped" in text_of(client.get("/money/import/done", headers=HTML))


def test_a_near_match_needs_a_decision(client: FlaskClient, ctx: dict[str, Any], session: Any) -> None:
    posted = entry(
        client,
        ctx["headers"],
        "2026-03-03",
        (ctx["other"], "debit", "54.99"),
        (ctx["bank"], "credit", "54.99"),
    )
    assert posted.status_code == 201
    html = text_of(upload(client, ctx, US_CSV))
    assert statuses(html) == {2: "New", 3: "New", 4: "Near match", 5: "New"}
    assert f"entry #{posted.get_json()['id']}" in html
    form = form_of(html)

    undecided = post(client, "/money/import/commit", form)
    html = text_of(undecided)
    assert undecided.status_code == 422
    assert 'id="decision-4-error">Choose: import it, or skip it.' in html
    assert count(session, Transaction, user_id=ctx["user"].id) == 0

    skipped = post(client, "/money/import/commit", {**form_of(html), "decision_4": "skip"})
    assert skipped.status_code == 303
    assert count(session, Transaction, user_id=ctx["user"].id) == 3


def test_a_mapping_changed_after_the_preview_is_previewed_again(
    client: FlaskClient, ctx: dict[str, Any], session: Any
) -> None:
    form = form_of(text_of(upload(client, ctx, US_CSV)))
    changed = post(client, "/money/import/commit", {**form, "description": "3"})
    assert changed.status_code == 409
    html = text_of(changed)
    assert "changed after the preview" in html and "Bean Shop" in html
    assert count(session, Transaction, user_id=ctx["user"].id) == 0
    assert post(client, "/money/import/commit", form_of(html)).status_code == 303
    assert count(session, Transaction, user_id=ctx["user"].id) == 4


def test_another_persons_accounts_and_a_tampered_file_are_refused(
    client: FlaskClient, ctx: dict[str, Any], user_factory: Any, auth_headers: Any, session: Any
) -> None:
    stranger = user_factory()
    theirs = account(client, auth_headers(stranger), "Their bank", "asset", "bank")
    refused = upload(client, {**ctx, "bank": theirs}, US_CSV)
    assert refused.status_code == 422 and "Their bank" not in text_of(refused)
    assert 'id="f-account_id-error"' in text_of(refused)

    form = form_of(text_of(upload(client, ctx, US_CSV)))
    counter = post(client, "/money/import/preview", {**form, "counter_account_id": str(theirs)})
    assert counter.status_code == 404
    assert 'id="f-counter-error" data-picker-error>Choose an account from the list' in text_of(counter)

    lost = post(client, "/money/import/commit", {**form, "content": "not-a-file!"})
    assert lost.status_code == 422 and "The file was lost on the way" in text_of(lost)
    assert count(session, Transaction, user_id=ctx["user"].id) == 0

    # The last result belongs to this browser's person only.
    other_client = client.application.test_client()
    sign_in(other_client, stranger.email)
    assert other_client.get("/money/import/done", headers=HTML).status_code == 302


def test_the_page_needs_a_session_and_csrf(client: FlaskClient, ctx: dict[str, Any]) -> None:
    form = form_of(text_of(upload(client, ctx, US_CSV)))
    forged = post(client, "/money/import/commit", {**form, "csrf_token": "forged"})
    assert forged.status_code == 403
    fresh = client.application.test_client()
    assert fresh.get("/money/import", headers=HTML).status_code == 302


@pytest.mark.parametrize("names", ["Paid out,Paid in", "Debit amount,Credit amount"])
def test_money_out_and_in_columns_are_guessed_and_signed(
    client: FlaskClient, ctx: dict[str, Any], names: str
) -> None:
    content = f"Date,Details,{names}\n2026-03-02,Coffee,12.50,\n2026-03-03,Salary,,1250.00\n".encode()
    html = text_of(upload(client, ctx, content))
    form = form_of(html)
    assert (form["amount_kind"], form["money_out"], form["money_in"]) == ("split", "2", "3")
    assert statuses(html) == {2: "New", 3: "New"}
    assert "\u221212.50" in html and "1,250.00" in html


def test_an_amount_with_a_direction_column_and_a_file_without_header(
    client: FlaskClient, ctx: dict[str, Any]
) -> None:
    content = b"02/03/2026|12.50|D|Coffee\n28/02/2026|1250.00|C|Salary\n"
    html = text_of(upload(client, ctx, content))
    assert "Preview</h2>" not in html
    form = form_of(html)
    # Without a header the first line is data: its values are what the selects show.
    headerless = {**form, "header": ""}
    html = text_of(post(client, "/money/import/preview", headerless))
    assert '<option value="2">Column 3 (e.g. D)</option>' in html
    chosen = {
        **headerless,
        "date": "0",
        "amount_kind": "indicator",
        "amount_column": "1",
        "indicator": "2",
        "out_values": "D",
        "in_values": "C",
        "description": "3",
    }
    previewed = post(client, "/money/import/preview", chosen)
    html = text_of(previewed)
    assert previewed.status_code == 200, html[:2000]
    assert statuses(html) == {1: "New", 2: "New"}
    assert "\u221212.50" in html and "1,250.00" in html and "dates as day first" in html
    done = post(client, "/money/import/commit", form_of(html))
    assert done.status_code == 303
    saved = client.get(f"{API}/import/mapping?account_id={ctx['bank']}", headers=ctx["headers"]).get_json()
    assert saved["mapping"]["amount"] == {
        "kind": "indicator",
        "column": 1,
        "indicator": 2,
        "out_values": ["D"],
        "in_values": ["C"],
    }
    assert saved["mapping"]["header"] is False and saved["mapping"]["delimiter"] is None


def test_files_past_the_limits_are_refused_with_a_reason(
    client: FlaskClient, ctx: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from lifeos.domains.finance.views import imports as views_import

    monkeypatch.setattr(views_import, "MAX_TOKEN", 100)
    big = b"Date,Amount,Description\n" + b"".join(
        f"2026-03-{1 + i % 28:02d},-{i}.00,Row {i} {i * 7919 % 10007}\n".encode() for i in range(1, 60)
    )
    refused = upload(client, ctx, big)
    assert refused.status_code == 422
    assert "too large to import here" in text_of(refused)

    limit = client.application.config["MAX_CONTENT_LENGTH"]
    huge = upload(client, ctx, b"x" * (limit + 10))
    assert huge.status_code == 413 and "That was too large" in text_of(huge)


def test_one_choice_for_the_near_matches_left_open(
    client: FlaskClient, ctx: dict[str, Any], session: Any
) -> None:
    for day, amount in (("2026-03-01", "12.50"), ("2026-03-04", "54.99")):
        made = entry(
            client, ctx["headers"], day, (ctx["other"], "debit", amount), (ctx["bank"], "credit", amount)
        )
        assert made.status_code == 201
    html = text_of(upload(client, ctx, US_CSV))
    assert statuses(html) == {2: "Near match", 3: "New", 4: "Near match", 5: "New"}
    form = form_of(html)
    assert form["near_rows"] == "2,4" and form["near_default"] == ""

    # Row 2 chosen in its row; row 4 takes the choice for the rest.
    done = post(client, "/money/import/commit", {**form, "decision_2": "accept", "near_default": "skip"})
    assert done.status_code == 303, text_of(done)[:2000]
    txs = session.query(Transaction).filter_by(user_id=ctx["user"].id).order_by(Transaction.id).all()
    assert [tx.external_id for tx in txs] == ["TX1001", "TX1002", "TX1004"]


hostile = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "199",
        "200",
        "999999999999999",
        "²",
        "١",
        "abc",
        "\x00",
        "%Q",
        "custom",
        "tab",
        ";",
        "split",
    ]
) | st.text(max_size=12)


def test_hostile_forms_never_answer_5xx_nor_write(
    client: FlaskClient, ctx: dict[str, Any], session: Any
) -> None:
    form = form_of(text_of(upload(client, ctx, US_CSV)))
    names = [*form, "decision_2", "decision_9999999", "near_rows", "near_default", "skip_errors"]

    @settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def probe(data: st.DataObject) -> None:
        changed = {
            name: data.draw(hostile) for name in data.draw(st.sets(st.sampled_from(names), max_size=4))
        }
        changed.pop("csrf_token", None)
        path = data.draw(st.sampled_from(["/money/import/preview", "/money/import/commit"]))
        response = post(client, path, {**form, **changed})
        assert response.status_code < 500, (path, changed, text_of(response)[:500])
        if response.status_code == 303:  # a valid commit: the file's rows, once
            assert count(session, Transaction, user_id=ctx["user"].id) <= 4

    probe()
