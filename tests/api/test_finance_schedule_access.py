"""Another user's schedule ids answer 404 on every schedule route, in paths, queries and bodies."""

from __future__ import annotations

from typing import Any

from flask import Flask

from lifeos.domains.finance.models import MoneyScheduleMatch, MoneyScheduleRow, MoneyScheduleScenarioRow
from tests.api.finance_support import account, count, entry
from tests.api.test_finance_schedule_support import SCHEDULE, freeze, funded_bank, make_row


def _owned_by_a(client: Any, headers: dict[str, str]) -> dict[str, int]:
    bank = funded_bank(client, headers)
    salary = account(client, headers, "Salary", "income", "salary")
    row = make_row(client, headers, account_id=bank, event_date="2027-03-05", amount="100.00")
    resp = entry(client, headers, "2027-03-05", (bank, "debit", "100.00"), (salary, "credit", "100.00"))
    line = next(ln["id"] for ln in resp.get_json()["lines"] if ln["account_id"] == bank)
    assert client.post(f"{SCHEDULE}/recompute", headers=headers).get_json()["matched"] == 1
    match = client.get(f"{SCHEDULE}/matches", headers=headers).get_json()["items"][0]["id"]
    scenario = client.post(f"{SCHEDULE}/scenarios", json={"name": "A's secret"}, headers=headers).get_json()[
        "id"
    ]
    op = client.post(
        f"{SCHEDULE}/scenarios/{scenario}/rows",
        json={"op": "drop", "base_row_id": row["id"]},
        headers=headers,
    ).get_json()["id"]
    return {
        "bank": bank,
        "row_id": row["id"],
        "line": line,
        "match_id": match,
        "scenario_id": scenario,
        "op": op,
    }


def test_every_schedule_route_hides_another_users_objects(
    app: Flask, session, monkeypatch, user_factory, auth_headers
) -> None:  # type: ignore[no-untyped-def]
    freeze(monkeypatch)
    client = app.test_client()
    a_headers = auth_headers(user_factory())
    ids = _owned_by_a(client, a_headers)
    b_user = user_factory()
    b = auth_headers(b_user)

    walked = 0
    for rule in app.url_map.iter_rules():
        if "/schedule/" not in rule.rule or not rule.arguments:
            continue
        url = rule.rule
        for name in rule.arguments:
            value = ids["op"] if (name == "row_id" and "scenarios" in url) else ids[name]
            url = url.replace(f"<int:{name}>", str(value))
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, json={}, headers=b)
            assert response.status_code == 404, (method, url, response.status_code, response.get_json())
            walked += 1
    assert walked >= 11

    # Ids in queries and bodies.
    b_bank = funded_bank(client, b)
    b_row = make_row(client, b, account_id=b_bank, event_date="2027-03-05", amount="100.00")
    b_scenario = client.post(f"{SCHEDULE}/scenarios", json={"name": "B"}, headers=b).get_json()["id"]
    for method, url, body in (
        ("GET", f"{SCHEDULE}/projection?scenario={ids['scenario_id']}", None),
        ("GET", f"{SCHEDULE}/projection?accounts={ids['bank']}", None),
        ("GET", f"{SCHEDULE}/compare?a=base&b={ids['scenario_id']}", None),
        ("GET", f"{SCHEDULE}/compare?a={ids['scenario_id']}&b=base", None),
        ("POST", f"{SCHEDULE}/rows", {"account_id": ids["bank"], "event_date": "2027-04-01", "amount": "1"}),
        ("PATCH", f"{SCHEDULE}/rows/{b_row['id']}", {"account_id": ids["bank"]}),
        ("POST", f"{SCHEDULE}/scenarios/{b_scenario}/rows", {"op": "drop", "base_row_id": ids["row_id"]}),
        (
            "POST",
            f"{SCHEDULE}/scenarios/{b_scenario}/rows",
            {"op": "add", "account_id": ids["bank"], "event_date": "2027-04-01", "amount": "1"},
        ),
        (
            "POST",
            f"{SCHEDULE}/matches",
            {"row_id": ids["row_id"], "occurrence_date": "2027-03-05", "journal_line_id": ids["line"]},
        ),
        (
            "POST",
            f"{SCHEDULE}/matches",
            {"row_id": b_row["id"], "occurrence_date": "2027-03-05", "journal_line_id": ids["line"]},
        ),
    ):
        response = client.open(url, method=method, json=body, headers=b)
        assert response.status_code == 404, (method, url, response.status_code, response.get_json())

    # Lists never show A's things; nothing of B's was written by the refused requests.
    assert [r["id"] for r in client.get(f"{SCHEDULE}/rows", headers=b).get_json()["items"]] == [b_row["id"]]
    assert [x["name"] for x in client.get(f"{SCHEDULE}/scenarios", headers=b).get_json()["items"]] == ["B"]
    assert client.get(f"{SCHEDULE}/matches", headers=b).get_json()["items"] == []
    assert client.get(f"{SCHEDULE}/matches?row_id={ids['row_id']}", headers=b).get_json()["items"] == []
    assert count(session, MoneyScheduleRow, user_id=b_user.id) == 1
    assert count(session, MoneyScheduleScenarioRow, user_id=b_user.id) == 0
    assert count(session, MoneyScheduleMatch, user_id=b_user.id) == 0
