"""Finance auth and limits: 401 without a token, 403 for readonly users and missing CSRF on
every write route, 429 past the search and inline-creation limits."""

from __future__ import annotations

import pytest

from lifeos.domains.finance.models import Account, LedgerEntry, TrialBalanceSetting
from lifeos.platform.auth.errors import CsrfFailed
from tests.api.finance_support import API, account, count, entry
from tests.support.problems import assert_problem

CSRF_CODE = CsrfFailed.code

# Every finance write route (method, path template). {acc} / {entry} are filled per test.
WRITES = [
    ("POST", "/finance/accounts/inline", {"name": "Ro", "account_type": "asset", "account_subtype": "bank"}),
    ("POST", f"{API}/accounts/inline", {"name": "Ro", "account_type": "asset", "account_subtype": "bank"}),
    ("POST", f"{API}/accounts", {"name": "Ro", "account_type": "asset", "account_subtype": "bank"}),
    ("PATCH", f"{API}/accounts/{{acc}}", {"name": "Renamed"}),
    ("POST", f"{API}/accounts/{{acc}}/deactivate", None),
    ("POST", f"{API}/accounts/{{acc}}/reactivate", None),
    ("POST", "/finance/journal", "ENTRY"),
    ("POST", f"{API}/journal", "ENTRY"),
    ("POST", f"{API}/journal/{{entry}}/reverse", {}),
    ("POST", f"{API}/transactions", "TX"),
    ("PUT", f"{API}/trial-balance/settings", {"hide_zero_rows": True, "fiscal_year_start_month": 4}),
]
READS = [
    "/finance/accounts/search?q=a",
    f"{API}/accounts/search",
    f"{API}/accounts",
    f"{API}/accounts/{{acc}}",
    f"{API}/accounts/{{acc}}/ledger",
    f"{API}/journal",
    f"{API}/journal/{{entry}}",
    f"{API}/transactions",
    f"{API}/trial-balance",
    f"{API}/trial-balance/settings",
    f"{API}/reports/balance-sheet",
    f"{API}/reports/income-statement",
]


@pytest.fixture
def owner(user_factory):  # type: ignore[no-untyped-def]
    return user_factory()


@pytest.fixture
def setup(client, owner, auth_headers):  # type: ignore[no-untyped-def]
    headers = auth_headers(owner)
    bank = account(client, headers, "Bank", "asset", "bank")
    food = account(client, headers, "Food", "expense", "groceries")
    posted = entry(
        client, headers, "2025-01-05", (food, "debit", "3.00"), (bank, "credit", "3.00")
    ).get_json()
    return {"headers": headers, "bank": bank, "food": food, "entry": posted["id"]}


def _body(kind, setup):  # type: ignore[no-untyped-def]
    if kind == "ENTRY":
        return {
            "date": "2025-01-06",
            "lines": [
                {"account_id": setup["food"], "debit": "1"},
                {"account_id": setup["bank"], "credit": "1"},
            ],
        }
    if kind == "TX":
        return {
            "date": "2025-01-06",
            "amount": "1",
            "from_account_id": setup["bank"],
            "to_account_id": setup["food"],
        }
    return kind


def _fill(path, setup):  # type: ignore[no-untyped-def]
    return path.format(acc=setup["bank"], entry=setup["entry"])


def _state(session, owner):  # type: ignore[no-untyped-def]
    return (
        count(session, Account, user_id=owner.id),
        count(session, LedgerEntry, user_id=owner.id),
        count(session, TrialBalanceSetting, user_id=owner.id),
    )


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_writes_need_a_token(client, session, owner, setup, method, path, body):
    before = _state(session, owner)
    resp = client.open(_fill(path, setup), method=method, json=_body(body, setup))
    assert_problem(resp, 401)
    assert _state(session, owner) == before


@pytest.mark.parametrize("path", READS)
def test_reads_need_a_token(client, setup, path):
    assert_problem(client.get(_fill(path, setup)), 401)


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_readonly_user_cannot_write(client, session, owner, setup, method, path, body):
    # A readonly session on the owner's own data: same user, read-only role.
    from lifeos.extensions import db
    from lifeos.platform.auth.models import Role

    readonly = db.session.query(Role).filter_by(name="readonly").one()
    owner.roles = [readonly]
    db.session.flush()
    before = _state(session, owner)
    resp = client.open(_fill(path, setup), method=method, json=_body(body, setup), headers=setup["headers"])
    assert_problem(resp, 403)
    assert _state(session, owner) == before
    # Reads still work for a readonly user.
    assert client.get(f"{API}/trial-balance", headers=setup["headers"]).status_code == 200


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_writes_need_the_csrf_header(client, session, owner, setup, method, path, body):
    headers = {"Authorization": setup["headers"]["Authorization"]}
    before = _state(session, owner)
    resp = client.open(_fill(path, setup), method=method, json=_body(body, setup), headers=headers)
    assert_problem(resp, 403, CSRF_CODE)
    assert _state(session, owner) == before


def test_rate_limits_on_search_and_inline(committed_app, user_factory, auth_headers):
    from lifeos.extensions import db
    from tests.conftest import make_test_app

    headers = auth_headers(user_factory())
    db.session.commit()  # the second app below reads them through its own engine
    limited = make_test_app(
        committed_app.config["SQLALCHEMY_DATABASE_URI"],
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
    )
    try:
        _exercise_limits(limited, headers)
    finally:
        # The limiter is one shared extension object: leave it as the other test apps expect.
        from lifeos.extensions import limiter

        limiter.reset()
        limiter.enabled = bool(committed_app.config.get("RATELIMIT_ENABLED"))
        with limited.app_context():
            from lifeos.extensions import db

            db.engine.dispose()


def _exercise_limits(limited, headers):  # type: ignore[no-untyped-def]
    client = limited.test_client()
    search_limit = int(limited.config["RATELIMIT_ACCOUNT_SEARCH"].split()[0])
    inline_limit = int(limited.config["RATELIMIT_ACCOUNT_INLINE"].split()[0])
    assert (search_limit, inline_limit) == (240, 120)
    statuses = [
        client.get("/finance/accounts/search?q=a", headers=headers).status_code for _ in range(search_limit)
    ]
    assert set(statuses) == {200}
    over = client.get(f"{API}/accounts/search?q=a", headers=headers)  # the /api/v1 twin shares the budget
    body = assert_problem(over, 429)
    assert body["code"] == "request.rate_limited" and over.headers.get("Retry-After")
    payload = {"name": "Limited", "account_type": "asset", "account_subtype": "bank"}
    statuses = [
        client.post("/finance/accounts/inline", json=payload, headers=headers).status_code
        for _ in range(inline_limit)
    ]
    assert set(statuses) <= {200, 201}
    assert_problem(client.post(f"{API}/accounts/inline", json=payload, headers=headers), 429)
