"""Report endpoints: trial balance shape and settings, balance sheet, income statement."""

from __future__ import annotations

import pytest

from tests.api.finance_support import API, account, entry
from tests.support.problems import assert_problem


@pytest.fixture
def headers(user_factory, auth_headers):  # type: ignore[no-untyped-def]
    return auth_headers(user_factory())


def test_reports_reconcile(client, headers):
    bank = account(client, headers, "Bank", "asset", "bank")
    capital = account(client, headers, "Capital", "equity", "contributed")
    salary = account(client, headers, "Salary", "income", "salary")
    food = account(client, headers, "Food", "expense", "groceries")
    account(client, headers, "Unused Card", "liability", "credit_card")
    entry(client, headers, "2025-01-01", (bank, "debit", "500.00"), (capital, "credit", "500.00"))
    entry(client, headers, "2025-02-01", (bank, "debit", "2000.00"), (salary, "credit", "2000.00"))
    entry(client, headers, "2025-02-03", (food, "debit", "120.55"), (bank, "credit", "120.55"))

    tb = client.get(f"{API}/trial-balance", headers=headers).get_json()
    assert [g["account_type"] for g in tb["groups"]] == ["asset", "liability", "equity", "income", "expense"]
    assert tb["balanced"] is True and tb["totals"] == {"debit": "2620.55", "credit": "2620.55"}
    rows = {a["name"]: a for g in tb["groups"] for a in g["accounts"]}
    assert rows["Bank"] == {
        "id": bank,
        "name": "Bank",
        "subtype": "bank",
        "is_active": True,
        "debit": "2500.00",
        "credit": "120.55",
        "balance": "2379.45",
    }
    assert rows["Salary"]["balance"] == "2000.00" and rows["Unused Card"]["balance"] == "0.00"
    assert tb["groups"][0]["totals"] == {"debit": "2500.00", "credit": "120.55", "balance": "2379.45"}

    put = client.put(
        f"{API}/trial-balance/settings",
        headers=headers,
        json={"hide_zero_rows": True, "fiscal_year_start_month": 1},
    )
    assert put.status_code == 200 and put.get_json()["hide_zero_rows"] is True
    hidden = client.get(f"{API}/trial-balance", headers=headers).get_json()
    assert "Unused Card" not in {a["name"] for g in hidden["groups"] for a in g["accounts"]}
    assert client.get(f"{API}/trial-balance/settings", headers=headers).get_json()["hide_zero_rows"] is True
    assert_problem(
        client.put(
            f"{API}/trial-balance/settings",
            headers=headers,
            json={"hide_zero_rows": True, "fiscal_year_start_month": 13},
        ),
        422,
    )

    jan = client.get(f"{API}/trial-balance?as_of=2025-01-31", headers=headers).get_json()
    assert jan["as_of"] == "2025-01-31" and jan["totals"]["debit"] == "500.00"
    assert_problem(
        client.get(f"{API}/trial-balance?as_of=2025-01-01&from=2025-02-01", headers=headers),
        422,
        "finance.invalid_period",
    )

    bs = client.get(f"{API}/reports/balance-sheet?as_of=2025-12-31", headers=headers).get_json()
    assert bs["balanced"] is True
    assert bs["total_assets"] == "2379.45" and bs["retained_net_income"] == "1879.45"
    assert bs["total_liabilities_and_equity"] == "2379.45"

    inc = client.get(
        f"{API}/reports/income-statement?from=2025-02-01&to=2025-02-28", headers=headers
    ).get_json()
    assert inc["net_income"] == "1879.45"
    assert inc["income"]["totals"]["balance"] == "2000.00" and inc["expense"]["totals"]["balance"] == "120.55"

    ledger = client.get(f"{API}/accounts/{bank}/ledger?order=desc&limit=1", headers=headers).get_json()
    assert ledger["items"][0]["balance"] == rows["Bank"]["balance"] and ledger["next_cursor"]
    nxt = client.get(
        f"{API}/accounts/{bank}/ledger?order=desc&limit=1&cursor={ledger['next_cursor']}", headers=headers
    )
    assert nxt.get_json()["items"][0]["balance"] == "2500.00"
    assert_problem(client.get(f"{API}/accounts/{bank}/ledger?order=sideways", headers=headers), 422)
