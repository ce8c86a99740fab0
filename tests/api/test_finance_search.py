"""Account typeahead: ranking tiers, usage tie-breaks, literal wildcards, exact limits, scoping."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from lifeos.domains.finance.models import Account
from tests.api.finance_support import API, account
from tests.support.problems import assert_problem


@pytest.fixture
def headers(user_factory, auth_headers):  # type: ignore[no-untyped-def]
    return auth_headers(user_factory())


def names(client, headers, q, limit=None):  # type: ignore[no-untyped-def]
    url = f"/finance/accounts/search?q={q}" + (f"&limit={limit}" if limit is not None else "")
    resp = client.get(url, headers=headers)
    assert resp.status_code == 200, resp.get_json()
    return [a["name"] for a in resp.get_json()["items"]]


def test_prefix_then_word_start_then_substring(client, headers):
    for n in ["Visa Savings", "Dissave Fund", "Savings", "Car Sav", "Xsav Ysav"]:
        account(client, headers, n)
    got = names(client, headers, "sav")
    assert got[:1] == ["Savings"]
    assert set(got[1:3]) == {"Visa Savings", "Car Sav"}
    assert set(got[3:]) == {"Dissave Fund", "Xsav Ysav"}
    assert names(client, headers, "  SAV ") == got


def test_ties_by_use_count_then_recency_then_name(client, session, headers):
    ids = {n: account(client, headers, n) for n in ["Savings B", "Savings A", "Savings C", "Savings D"]}
    from datetime import datetime

    session.execute(
        update(Account)
        .where(Account.id == ids["Savings C"])
        .values(use_count=5, last_used_at=datetime(2025, 1, 1))
    )
    session.execute(
        update(Account)
        .where(Account.id == ids["Savings D"])
        .values(use_count=5, last_used_at=datetime(2025, 6, 1))
    )
    session.flush()
    assert names(client, headers, "savings") == ["Savings D", "Savings C", "Savings A", "Savings B"]
    # Empty q: the most used / recent accounts, not an error.
    assert names(client, headers, "", 2) == ["Savings D", "Savings C"]
    assert names(client, headers, "")[:2] == ["Savings D", "Savings C"]


def test_wildcards_are_literal(client, headers):
    for n in ["100% Fund", "1000 Fund", "a_b", "axb", "back\\slash", "backxslash"]:
        account(client, headers, n)
    assert names(client, headers, "100%25") == ["100% Fund"]
    assert names(client, headers, "a_") == ["a_b"]
    assert names(client, headers, "back%5C") == ["back\\slash"]
    assert names(client, headers, "%25") == ["100% Fund"]


def test_limit_is_honoured_exactly(client, headers):
    for i in range(25):
        account(client, headers, f"Bucket {i:02d}")
    assert len(names(client, headers, "bucket")) == 20
    assert len(names(client, headers, "bucket", 1)) == 1
    assert len(names(client, headers, "bucket", 7)) == 7
    assert len(names(client, headers, "ket", 23)) == 23  # substring tier fills the limit
    for bad in ("0", "51", "-1", "abc", "2.5", ""):
        assert_problem(client.get(f"{API}/accounts/search?q=b&limit={bad}", headers=headers), 422)


def test_items_carry_picker_fields_and_skip_inactive(client, headers):
    acc = account(client, headers, "Amex", "liability", "credit_card")
    item = client.get(f"{API}/accounts/search?q=am", headers=headers).get_json()["items"][0]
    assert item == {
        "id": acc,
        "name": "Amex",
        "account_type": "liability",
        "account_subtype": "credit_card",
        "normal_balance": "credit",
        "type_label": "Liability",
    }
    client.post(f"{API}/accounts/{acc}/deactivate", headers=headers)
    assert names(client, headers, "am") == []


def test_other_users_accounts_never_appear(client, headers, user_factory, auth_headers):
    other = auth_headers(user_factory())
    account(client, other, "Secret Savings")
    account(client, headers, "My Savings")
    assert names(client, headers, "sav") == ["My Savings"]
    assert names(client, headers, "") == ["My Savings"]
    assert names(client, other, "my") == []


def test_search_needs_a_token(client):
    assert_problem(client.get("/finance/accounts/search?q=a"), 401)


@pytest.mark.parametrize("walk_rows", [3, 40, 1000])
def test_walk_and_fallback_match_a_brute_force_ranking(session, user_factory, monkeypatch, walk_rows):
    """The busiest-accounts walk and the index fallbacks give exactly the specified ranking."""
    import random
    from datetime import datetime

    from lifeos.domains.finance.naming import normalize_name
    from lifeos.domains.finance.services import search

    monkeypatch.setattr(search, "WALK_ROWS", walk_rows)
    monkeypatch.setattr(search, "WALK_CAP", 7)
    monkeypatch.setattr(search, "LONG_WALK_ROWS", walk_rows * 4)
    user = user_factory()
    rng = random.Random(walk_rows)  # noqa: S311 - seeded test data
    words = ["sav", "savings", "ally", "visa", "xsav", "dissave", "car", "fund", "a_b", "100%"]
    made = set()
    for i in range(120):
        name = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3))) + f" {i % 7}"
        if name in made:
            continue
        made.add(name)
        session.add(
            Account(
                user_id=user.id,
                name=name,
                normalized_name=normalize_name(name),
                use_count=rng.choice([0, 0, 1, 2, 3, 5, 8]),
                last_used_at=rng.choice([None, datetime(2025, 1, rng.randint(1, 28))]),
                is_active=rng.random() > 0.05,
            )
        )
    session.flush()
    rows = session.query(Account).filter_by(user_id=user.id, is_active=True).all()

    def expected(q: str, limit: int) -> list[int]:
        def tier(a: Account) -> int:
            n = a.normalized_name
            return 0 if n.startswith(q) else 1 if f" {q}" in n else 2

        hits = [a for a in rows if q in a.normalized_name]
        epoch = datetime(2000, 1, 1)
        hits.sort(
            key=lambda a: (
                tier(a),
                -a.use_count,
                a.last_used_at is None,
                -((a.last_used_at or epoch) - epoch).total_seconds(),
                a.name,
                a.id,
            )
        )
        return [a.id for a in hits[:limit]]

    for q in ["sav", "ally", "av", "a", "ings", "s", "_", "%", "visa sav", "zzz", "1"]:
        for limit in (1, 5, 20):
            got = [a.id for a in search.search_accounts(session, user.id, q, limit)]
            assert got == expected(q, limit), (q, limit)
