"""No cross-user access: every route that takes an id answers another user's id as missing.

User A owns an account, a journal entry and a transaction; user B walks every parametrised
route of the app with A's ids and must get 404 (never 200/403, which would leak existence),
and B's lists and reports must not mention A's data.
"""

from __future__ import annotations

from flask import Flask

API = "/api/v1/finance"
SKIP_RULES = {"/static/<path:filename>", "/assets/<path:filename>"}


def _post(client, url: str, headers: dict[str, str], body: dict) -> dict:  # type: ignore[no-untyped-def]
    response = client.post(url, json=body, headers=headers)
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()


def _owned_by_a(client, headers: dict[str, str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    bank = _post(
        client,
        f"{API}/accounts",
        headers,
        {"name": "A Secret Bank", "account_type": "asset", "account_subtype": "bank"},
    )
    food = _post(
        client,
        f"{API}/accounts",
        headers,
        {"name": "A Secret Food", "account_type": "expense", "account_subtype": "groceries"},
    )
    entry = _post(
        client,
        f"{API}/journal",
        headers,
        {
            "date": "2025-03-01",
            "description": "A secret",
            "lines": [
                {"account_id": food["id"], "debit": "12.50"},
                {"account_id": bank["id"], "credit": "12.50"},
            ],
        },
    )
    tx = _post(
        client,
        f"{API}/transactions",
        headers,
        {"date": "2025-03-02", "amount": "3.00", "from_account_id": bank["id"], "to_account_id": food["id"]},
    )
    return {"account_id": bank["id"], "entry_id": entry["id"], "tx_id": tx["id"]}


def test_every_id_route_hides_other_users_objects(app: Flask, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    ids = _owned_by_a(client, auth_headers(user_factory()))
    b_headers = auth_headers(user_factory())

    walked = 0
    for rule in app.url_map.iter_rules():
        if rule.rule in SKIP_RULES or not rule.arguments & set(ids):
            continue
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", str(ids[name]))
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, json={}, headers=b_headers)
            assert response.status_code == 404, (method, url, response.status_code, response.get_json())
            walked += 1
    assert (
        walked >= 7
    )  # accounts get/patch/deactivate/reactivate/ledger, journal get/reverse, transaction get


def test_lists_and_reports_never_show_other_users_data(app: Flask, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    _owned_by_a(client, auth_headers(user_factory()))
    b_headers = auth_headers(user_factory())
    for url in (
        f"{API}/accounts",
        f"{API}/accounts/search?q=secret",
        f"{API}/accounts/search?q=",
        "/finance/accounts/search?q=a",
        f"{API}/journal",
        f"{API}/journal?q=secret",
        f"{API}/transactions",
        f"{API}/trial-balance",
        f"{API}/reports/balance-sheet",
        f"{API}/reports/income-statement?from=2025-01-01&to=2025-12-31",
    ):
        response = client.get(url, headers=b_headers)
        assert response.status_code == 200, (url, response.get_json())
        text = response.get_data(as_text=True).lower()
        assert "secret" not in text and "12.50" not in text, url
