"""The Settings page through the Flask test client (both databases): the time zone, the
trial-balance settings (a section finance's views contribute) and the data export."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from lifeos.platform.auth.models import User
from lifeos.web.settings import sections, settings_section
from tests.api.test_web_session import HTML
from tests.support.web import page_html as _page
from tests.support.web import person_signed_in


@pytest.fixture
def signed_in(client: FlaskClient, user_factory: Any, auth_headers: Any) -> dict[str, Any]:
    return person_signed_in(client, user_factory, auth_headers, timezone="Europe/London")


def test_settings_show_each_section(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    html = _page(client, "/settings")
    assert html.count("<h1") == 1 and 'href="/settings" aria-current="page"' in html
    assert '<option value="Europe/London" selected>Europe/London</option>' in html
    assert 'id="trial-balance"' in html and 'action="/money/settings"' in html
    assert 'href="/settings/export"' in html
    assert html.index('id="time-zone"') < html.index('id="trial-balance"') < html.index('id="export"')


def test_the_time_zone_is_saved_and_an_unknown_one_refused(
    client: FlaskClient, signed_in: dict[str, Any], session: Any
) -> None:
    response = client.post(
        "/settings/timezone",
        data={"csrf_token": signed_in["csrf"], "timezone": "Pacific/Auckland"},
        headers=HTML,
    )
    assert response.status_code == 303
    user = session.get(User, signed_in["user"].id)
    session.refresh(user)
    assert user.timezone == "Pacific/Auckland"
    assert (
        client.get("/api/v1/auth/me", headers=signed_in["headers"]).get_json()["timezone"]
        == "Pacific/Auckland"
    )
    assert "Time zone set to Pacific/Auckland" in _page(client, "/settings")

    for bad in ("Mars/Olympus_Mons", "", "x" * 300):
        refused = client.post("/settings/timezone", data={"csrf_token": signed_in["csrf"], "timezone": bad})
        assert refused.status_code == 422
        html = refused.get_data(as_text=True)
        assert 'id="f-timezone-error"' in html and 'aria-invalid="true"' in html
    session.refresh(user)
    assert user.timezone == "Pacific/Auckland"
    assert client.post("/settings/timezone", data={"timezone": "UTC"}).status_code == 403
    session.refresh(user)
    assert user.timezone == "Pacific/Auckland"


def test_trial_balance_settings_are_saved_from_settings(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    response = client.post(
        "/money/settings",
        data={"csrf_token": signed_in["csrf"], "hide_zero_rows": "1", "fiscal_year_start_month": "4"},
        headers=HTML,
    )
    assert response.status_code == 303 and response.headers["Location"] == "/settings#trial-balance"
    html = _page(client, "/settings")
    assert "Trial balance settings saved." in html
    assert 'id="f-settings-hide-zero" name="hide_zero_rows" value="1" checked' in html
    assert '<option value="4" selected>April</option>' in html
    refused = client.post(
        "/money/settings",
        data={"csrf_token": signed_in["csrf"], "fiscal_year_start_month": "13"},
        headers=HTML,
    )
    assert refused.status_code == 303 and "Settings not saved" in _page(client, "/settings")
    assert '<option value="4" selected>April</option>' in _page(client, "/settings")


def test_the_export_downloads_the_apis_document(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    made = client.post("/api/v1/skills", json={"name": "Piano"}, headers=signed_in["headers"])
    assert made.status_code == 201
    response = client.get("/settings/export", headers=HTML)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="lifeos-export-')
    document = json.loads(response.get_data(as_text=True))
    api = client.get("/api/v1/export", headers=signed_in["headers"]).get_json()
    document.pop("exported_at"), api.pop("exported_at")
    assert document == api
    assert [s["name"] for s in document["tables"]["skill"]] == ["Piano"]
    client.post("/logout", data={"csrf_token": signed_in["csrf"]})
    assert client.get("/settings/export", headers=HTML).status_code == 302


def test_a_domain_section_registers_once_by_name() -> None:
    before = [s.name for s in sections()]
    assert "finance" in before

    @settings_section("zz-test", "finance/_settings_section.html", order=999)
    def _ctx() -> dict[str, Any]:
        return {}

    try:
        settings_section("zz-test", "finance/_settings_section.html", order=998)(_ctx)
        names = [s.name for s in sections()]
        assert names.count("zz-test") == 1 and names[-1] == "zz-test"
    finally:
        from lifeos.web import settings as module

        module._SECTIONS.pop("zz-test", None)
    assert [s.name for s in sections()] == before
