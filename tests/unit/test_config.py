"""Configuration: environment selection, database URLs, production secrets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lifeos import InsecureConfiguration, create_app
from lifeos.config import (
    DEV_SECRET,
    DevelopmentConfig,
    ProductionConfig,
    TestConfig,
    config_from_env,
    normalise_db_url,
)

ROOT = Path(__file__).resolve().parents[2]
FLASK = str(Path(sys.executable).parent / "flask")
STRONG = "s" * 48


@pytest.mark.parametrize(
    ("app_env", "flask_env", "expected"),
    [
        (None, None, DevelopmentConfig),
        ("production", None, ProductionConfig),
        (None, "production", ProductionConfig),  # the deployment guide's variable
        ("test", "production", TestConfig),  # APP_ENV wins
        ("PROD", None, ProductionConfig),
        ("testing", None, TestConfig),
    ],
)
def test_environment_is_chosen_by_app_env_then_flask_env(monkeypatch, app_env, flask_env, expected) -> None:  # type: ignore[no-untyped-def]
    for name, value in (("APP_ENV", app_env), ("FLASK_ENV", flask_env)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert config_from_env() is expected


def test_unknown_environment_is_refused(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("APP_ENV", "staging-ish")
    with pytest.raises(RuntimeError, match="Unknown APP_ENV"):
        config_from_env()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:p@db/lifeos", "postgresql+psycopg://u:p@db/lifeos"),
        ("postgresql://u@db:5433/lifeos", "postgresql+psycopg://u@db:5433/lifeos"),
        ("postgresql+psycopg://u@db/lifeos", "postgresql+psycopg://u@db/lifeos"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_urls_use_psycopg3(url: str, expected: str) -> None:
    assert normalise_db_url(url) == expected


def test_default_database_is_sqlite_under_instance() -> None:
    from lifeos.config import default_sqlite_url

    assert default_sqlite_url() == f"sqlite:///{ROOT / 'instance' / 'lifeos.db'}"


def _production(**overrides: object) -> dict[str, object]:
    return {"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://", "LOG_FILE": None, **overrides}


@pytest.mark.parametrize("key", ["SECRET_KEY", "JWT_SECRET_KEY"])
@pytest.mark.parametrize("bad", [None, "", DEV_SECRET, "short-secret"])
def test_production_refuses_missing_default_or_weak_secrets(monkeypatch, key: str, bad) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "argv", ["gunicorn", "lifeos.wsgi:app"])
    config = _production(SECRET_KEY=STRONG, JWT_SECRET_KEY=STRONG)
    config[key] = bad
    with pytest.raises(InsecureConfiguration, match=key):
        create_app(config)


def test_production_starts_with_real_secrets(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "argv", ["gunicorn", "lifeos.wsgi:app"])
    flask_app = create_app(_production(SECRET_KEY=STRONG, JWT_SECRET_KEY="j" * 40))
    assert flask_app.config["ENV_NAME"] == "production"


@pytest.mark.parametrize(
    "argv",
    [
        ["/usr/local/bin/flask", "db", "current"],
        ["flask", "--app", "lifeos", "db", "upgrade"],
        ["flask", "-A", "lifeos", "shell"],
    ],
)
def test_migration_commands_need_no_secret(monkeypatch, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "argv", argv)
    create_app(_production(SECRET_KEY=None, JWT_SECRET_KEY=None))


def test_serving_commands_still_need_secrets(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "argv", ["flask", "--app", "lifeos", "run"])
    with pytest.raises(InsecureConfiguration):
        create_app(_production(SECRET_KEY=None, JWT_SECRET_KEY=None))


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    dropped = {"APP_ENV", "SECRET_KEY", "JWT_SECRET_KEY", "FLASK_APP"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        {
            "FLASK_ENV": "production",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.db'}",
            "LOG_FILE": str(tmp_path / "logs" / "production.log"),
        }
    )
    env.update(extra)
    return env


@pytest.mark.slow
def test_guide_commands_work_in_production_with_only_database_url(tmp_path: Path) -> None:
    """`FLASK_ENV=production flask db upgrade|current` with no secrets set (deployment guide)."""
    env = _env(tmp_path)
    for args in (["db", "upgrade"], ["db", "current"]):
        result = subprocess.run(
            [FLASK, "--app", "lifeos", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
    assert "(head)" in result.stdout


@pytest.mark.slow
def test_production_process_refuses_to_start_without_secrets(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from lifeos.wsgi import app"],
        cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.slow
def test_production_writes_json_logs_to_its_log_file(tmp_path: Path) -> None:
    code = (
        "from lifeos.wsgi import app\n"
        "r = app.test_client().get('/health', headers={'X-Request-ID': 'prod-req-1'})\n"
        "assert r.status_code == 200\n"
    )
    env = _env(tmp_path, SECRET_KEY=STRONG, JWT_SECRET_KEY=STRONG)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "logs" / "production.log").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert any(r["request_id"] == "prod-req-1" and "GET /health 200" in r["message"] for r in records)


def test_production_log_file_defaults_to_logs_production_log() -> None:
    # ProductionConfig reads LOG_FILE at import; without an override it is logs/production.log.
    if os.environ.get("LOG_FILE"):
        pytest.skip("LOG_FILE is set in this environment")
    assert str(ROOT / "logs" / "production.log") == ProductionConfig.LOG_FILE
    assert ProductionConfig.LOG_JSON is True or os.environ.get("LOG_JSON")


def test_env_example_documents_every_setting() -> None:
    import re

    names = set()
    for source in (ROOT / "lifeos" / "config.py", ROOT / "gunicorn.conf.py"):
        names |= set(re.findall(r"""_(?:env|bool|int)\(\s*["']([A-Z][A-Z0-9_]+)["']""", source.read_text()))
    names |= {"APP_ENV", "FLASK_ENV", "REDIS_URL"}
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    missing = sorted(names - documented)
    assert not missing, f".env.example does not document: {missing}"
