"""Logs carry the request id and never a password, bearer token, JWT or CSRF value."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from flask import Flask

from lifeos import create_app
from lifeos.platform.redaction import redact

PASSWORD = "hunter2-very-secret"
CSRF = "csrf-4f1d2c9e8b7a6d5c"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXZhbHVl"
REFRESH = "rt-0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize(
    "text",
    [
        f"Authorization: Bearer {JWT}",
        f"authorization=bearer {REFRESH}",
        f"token in the middle {JWT} of a line",
        json.dumps({"email": "a@example.com", "password": PASSWORD}),
        json.dumps({"refresh_token": REFRESH, "csrf_token": CSRF}),
        str({"email": "a@example.com", "password": PASSWORD, "csrf_token": CSRF}),
        f"X-CSRF-Token: {CSRF}",
        f"password={PASSWORD}&email=a@example.com",
    ],
)
def test_redact_removes_secrets(text: str) -> None:
    cleaned = redact(text)
    for secret in (PASSWORD, CSRF, JWT, REFRESH):
        assert secret not in cleaned, cleaned
    if "email" in text:
        assert "a@example.com" in cleaned  # only the secrets go


def _logging_app(tmp_path: Path, json_logs: bool) -> tuple[Flask, Path]:
    log_file = tmp_path / "logs" / "app.log"
    flask_app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "LOG_FILE": str(log_file),
            "LOG_JSON": json_logs,
            "LOG_LEVEL": "INFO",
        }
    )

    @flask_app.post("/_login_probe")
    def login_probe():  # type: ignore[no-untyped-def]
        from flask import request

        log = logging.getLogger("lifeos.auth.probe")
        # The mistakes a handler could make: log the raw body, the parsed dict, the headers.
        log.info("login body %s", request.get_data(as_text=True))
        log.info("login payload %s", request.get_json())
        log.info("headers: %s", dict(request.headers))
        log.info("password=%s csrf=%s", request.get_json()["password"], request.headers["X-CSRF-Token"])
        log.warning("token %(token)s for %(email)s", {"token": JWT, "email": "a@example.com"})
        try:
            raise ValueError(f"bad credentials for password={PASSWORD}")
        except ValueError:
            log.exception("login failed")
        return {"ok": True}

    return flask_app, log_file


@pytest.mark.parametrize("json_logs", [True, False], ids=["json", "text"])
def test_request_logs_carry_request_id_and_no_secrets(tmp_path: Path, json_logs: bool) -> None:
    flask_app, log_file = _logging_app(tmp_path, json_logs)
    response = flask_app.test_client().post(
        "/_login_probe",
        json={"email": "a@example.com", "password": PASSWORD},
        headers={"Authorization": f"Bearer {JWT}", "X-CSRF-Token": CSRF, "X-Request-ID": "req-log-test-1"},
    )
    assert response.status_code == 200
    for handler in logging.getLogger("lifeos").handlers:
        handler.flush()
    content = log_file.read_text()
    for secret in (PASSWORD, CSRF, JWT):
        assert secret not in content, f"secret leaked into the log:\n{content}"
    assert "[REDACTED]" in content
    assert "login body" in content
    assert "a@example.com" in content
    lines = [line for line in content.splitlines() if line.strip()]
    if json_logs:
        records = [json.loads(line) for line in lines]
        probe = [r for r in records if r["logger"] == "lifeos.auth.probe"]
        assert len(probe) == 6
        assert all(r["request_id"] == "req-log-test-1" for r in probe)
        access = [r for r in records if r["logger"] == "lifeos.request"]
        assert access and access[-1]["request_id"] == "req-log-test-1"
        assert "POST /_login_probe 200" in access[-1]["message"]
        assert any("exc" in r for r in probe)
    else:
        assert sum("[req-log-test-1]" in line for line in lines) >= 6


def test_log_outside_request_has_placeholder_id(tmp_path: Path) -> None:
    _flask_app, log_file = _logging_app(tmp_path, True)
    logging.getLogger("lifeos.worker").info("batch done, password=%s", PASSWORD)
    for handler in logging.getLogger("lifeos").handlers:
        handler.flush()
    record = json.loads(log_file.read_text().strip().splitlines()[-1])
    assert record["request_id"] == "-"
    assert PASSWORD not in record["message"]
