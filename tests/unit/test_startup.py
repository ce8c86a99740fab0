"""The production entry point leaves start-up's objects out of the garbage collector's walks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = "import gc; before = gc.get_freeze_count(); import lifeos.wsgi; print(before, gc.get_freeze_count())"


def test_the_wsgi_app_freezes_what_start_up_built(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "APP_ENV": "test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    before, after = (int(n) for n in done.stdout.split())
    assert before == 0
    assert after > 50_000  # the app's modules, routes, schemas and mappers
