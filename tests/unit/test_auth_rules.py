"""Pure auth rules: email normalisation, time zones, named rate limits."""

from __future__ import annotations

import pytest
from flask import Flask

from lifeos.platform import ratelimits
from lifeos.platform.auth import services


@pytest.mark.parametrize(("raw", "expected"), [(" Foo@X.com ", "foo@x.com"), ("A@B.CO", "a@b.co")])
def test_normalize_email(raw: str, expected: str) -> None:
    assert services.normalize_email(raw) == expected


@pytest.mark.parametrize("name", ["UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "Asia/Kolkata"])
def test_valid_timezones(name: str) -> None:
    assert services.is_valid_timezone(name)


@pytest.mark.parametrize(
    "name", ["", "Mars/Olympus", "europe/paris ", "../../etc/passwd", "/etc/localtime", "X" * 65]
)
def test_invalid_timezones(name: str) -> None:
    assert not services.is_valid_timezone(name)


def test_unknown_limit_name_fails_at_decoration_time() -> None:
    with pytest.raises(ValueError, match="Unknown rate limit"):
        ratelimits.limit("acount_search")


def test_limits_are_read_from_config_at_request_time() -> None:
    flask_app = Flask(__name__)
    flask_app.config.update(RATELIMIT_LOGIN="3 per minute", RATELIMIT_DEFAULT="99 per minute")
    provider = ratelimits.limit_string("login")
    with flask_app.app_context():
        assert provider() == "3 per minute"
        flask_app.config["RATELIMIT_LOGIN"] = "7 per hour"
        assert provider() == "7 per hour"
        flask_app.config["RATELIMIT_LOGIN"] = None
        assert provider() == "99 per minute"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"email": " Foo@X.com ", "password": "x"}', "email:foo@x.com"),
        (b'{"email": 5}', "ip:10.1.2.3"),
        (b"not json", "ip:10.1.2.3"),
        (b"[1, 2]", "ip:10.1.2.3"),
        (b"", "ip:10.1.2.3"),
    ],
)
def test_login_email_key(body: bytes, expected: str) -> None:
    flask_app = Flask(__name__)
    with flask_app.test_request_context(
        "/auth/login",
        method="POST",
        data=body,
        content_type="application/json",
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    ):
        assert ratelimits.login_email_key() == expected
