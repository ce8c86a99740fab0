"""Page tests through the Flask client: fetch a page as a browser would, sign a person in."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.api.test_web_session import HTML, sign_in


def page_html(client: FlaskClient, path: str, status: int = 200) -> str:
    """The page's HTML, asserting its status (the start of the body is in the failure)."""
    response = client.get(path, headers=HTML)
    assert response.status_code == status, (path, response.status_code, response.get_data(as_text=True)[:500])
    return response.get_data(as_text=True)


def person_signed_in(
    client: FlaskClient, user_factory: Any, auth_headers: Any, **fields: Any
) -> dict[str, Any]:
    """A new person (Ada Lovelace unless `fields` say otherwise) signed in through the form, with
    bearer headers for setting data up through the JSON API."""
    user = user_factory(**{"full_name": "Ada Lovelace", **fields})
    return {"user": user, "headers": auth_headers(user), "csrf": sign_in(client, user.email)}
