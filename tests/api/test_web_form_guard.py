"""Every page form refuses text a database cannot store before any view runs (both databases).

A NUL in any field of any form on any page is a 422 naming that field - never a 500 from
PostgreSQL, and nothing is written. The JSON routes keep their own check (their multipart
bodies must stay unread by the page guard).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from lifeos.domains.finance.models import Account, LoanGroup, ReceivableTracker
from tests.api.test_web_session import HTML, sign_in


def _page_form_rules(app: Flask) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.rsplit(".", 1)[0] if "." in rule.endpoint else ""
        if "POST" not in (rule.methods or set()) or not (blueprint == "web" or blueprint.endswith("_web")):
            continue
        urls.append(re.sub(r"<[^>]+>", "1", rule.rule))
    return sorted(set(urls))


def test_a_nul_in_any_page_form_is_a_422_naming_the_field(
    app: Flask, client: FlaskClient, user_factory: Any, session: Any
) -> None:
    user = user_factory()
    csrf = sign_in(client, user.email)
    urls = _page_form_rules(app)
    assert "/money/accounts" in urls and len(urls) >= 20, urls
    for url in urls:
        response = client.post(url, data={"csrf_token": csrf, "name": "Cash\x00"}, headers=HTML)
        assert response.status_code == 422, (url, response.status_code)
        assert "name: must not contain NUL characters." in response.get_data(as_text=True), url


@pytest.mark.parametrize(
    ("url", "form"),
    [
        ("/money/accounts", {"name": "Wal\x00let", "account_type": "asset", "account_subtype": "cash"}),
        ("/money/loans", {"name": "Car\x00loan", "direction": "lent"}),
        (
            "/money/receivables",
            {"counterparty": "Grace\x00", "principal": "1.00", "start_date": "2026-01-01"},
        ),
        ("/money/receivables", {"counterparty": "Grace", "memo": "\x00"}),
    ],
)
def test_the_refusal_names_the_field_and_writes_nothing(
    client: FlaskClient, user_factory: Any, session: Any, url: str, form: dict[str, str]
) -> None:
    user = user_factory()
    csrf = sign_in(client, user.email)
    response = client.post(url, data={"csrf_token": csrf, **form}, headers=HTML)
    assert response.status_code == 422
    field = next(name for name, value in form.items() if "\x00" in value)
    assert f"{field}: must not contain NUL characters." in response.get_data(as_text=True)
    for model in (Account, LoanGroup, ReceivableTracker):
        assert session.query(model).filter_by(user_id=user.id).count() == 0


def test_a_nul_in_an_account_form_writes_nothing(
    client: FlaskClient, user_factory: Any, session: Any
) -> None:
    user = user_factory()
    csrf = sign_in(client, user.email)
    form = {"csrf_token": csrf, "name": "Wal\x00let", "account_type": "asset", "account_subtype": "cash"}
    response = client.post("/money/accounts", data=form, headers=HTML)
    assert response.status_code == 422
    assert session.query(Account).filter_by(user_id=user.id).count() == 0
    form["name"] = "Wallet"
    assert client.post("/money/accounts", data=form, headers=HTML).status_code in (201, 303)
    assert session.query(Account).filter_by(user_id=user.id).count() == 1
