"""GET /api/v1/admin/outbox and POST /api/v1/admin/outbox/retry-dead: admin only, real counts."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert, select

from lifeos.extensions import db
from lifeos.platform.database import utcnow
from lifeos.platform.outbox.models import DEAD, PENDING, SENDING, SENT, OutboxMessage

T = OutboxMessage.__table__
STATUS_URL = "/api/v1/admin/outbox"
RETRY_URL = "/api/v1/admin/outbox/retry-dead"


def _seed(**per_status: int) -> dict[str, list[int]]:
    now = utcnow()
    ids: dict[str, list[int]] = {}
    for status, n in per_status.items():
        for _ in range(n):
            new_id = db.session.execute(
                insert(T)
                .values(
                    event_type="testing.admin.seeded",
                    payload={},
                    status=status,
                    attempts=8 if status == DEAD else 0,
                    last_error="boom" if status == DEAD else None,
                    available_at=now,
                    created_at=now,
                )
                .returning(T.c.id)
            ).scalar_one()
            ids.setdefault(status, []).append(new_id)
    db.session.flush()
    return ids


def _status(client: FlaskClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get(STATUS_URL, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_outbox_admin_needs_a_token(client: FlaskClient) -> None:
    assert client.get(STATUS_URL).status_code == 401
    response = client.post(RETRY_URL, json={})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_outbox_admin_is_forbidden_to_non_admins(client: FlaskClient, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    _seed(dead=1)
    headers = auth_headers(user_factory(roles=("user",)))
    response = client.get(STATUS_URL, headers=headers)
    assert response.status_code == 403
    assert response.get_json()["code"] == "auth.forbidden"
    assert client.post(RETRY_URL, json={}, headers=headers).status_code == 403
    assert db.session.scalar(select(T.c.status).where(T.c.event_type == "testing.admin.seeded")) == DEAD


def test_outbox_admin_counts_and_retries(app: Flask, client: FlaskClient, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    headers = auth_headers(user_factory(roles=("user", "admin")))
    before = _status(client, headers)["counts"]
    assert set(before) == {PENDING, SENDING, SENT, DEAD}

    ids = _seed(pending=2, sending=1, sent=3, dead=3)
    body = _status(client, headers)
    assert body["counts"] == {
        PENDING: before[PENDING] + 2,
        SENDING: before[SENDING] + 1,
        SENT: before[SENT] + 3,
        DEAD: before[DEAD] + 3,
    }
    assert isinstance(body["oldest_pending_age_seconds"], float)

    # Writes need the CSRF header, like every other write.
    no_csrf = {"Authorization": headers["Authorization"]}
    assert client.post(RETRY_URL, json={}, headers=no_csrf).status_code == 403

    response = client.post(RETRY_URL, json={"ids": [ids[DEAD][0]]}, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"retried": 1}
    response = client.post(RETRY_URL, json={"ids": "all"}, headers=headers)
    assert response.status_code == 422

    response = client.post(RETRY_URL, headers=headers)  # no body: every dead message
    assert response.get_json() == {"retried": 2}
    after = _status(client, headers)["counts"]
    assert after[DEAD] == before[DEAD]
    assert after[PENDING] == before[PENDING] + 5
    revived = db.session.execute(select(T.c.status, T.c.attempts).where(T.c.id.in_(ids[DEAD]))).all()
    assert set(revived) == {(PENDING, 0)}


def test_outbox_admin_routes_are_documented(app: Flask) -> None:
    from lifeos.platform.openapi import openapi_meta

    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(STATUS_URL):
            meta = openapi_meta(app.view_functions[rule.endpoint])
            assert meta is not None and meta["auth"] and 403 in meta["errors"], rule.rule
