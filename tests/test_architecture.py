"""The architecture is enforced by tools, run as part of the suite.

* import-linter (contracts in pyproject.toml): each domain is layered api|views → services →
  models; domains never import each other; the platform never imports a domain.
* ruff (rules in pyproject.toml): lint and security checks over the whole tree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def test_import_contracts_hold() -> None:
    result = _run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and " 0 broken" in result.stdout


def test_ruff_passes() -> None:
    result = _run(str(BIN / "ruff"), "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_contracts_cover_every_domain() -> None:
    """A new domain folder must be added to the import-linter contracts."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    independent = next(c for c in contracts if c["type"] == "independence")["modules"]
    layered = next(c for c in contracts if c["type"] == "layers")["containers"]
    domains = sorted(
        f"lifeos.domains.{p.name}"
        for p in (ROOT / "lifeos" / "domains").iterdir()
        if p.is_dir() and (p / "__init__.py").exists()
    )
    assert sorted(independent) == domains
    assert sorted(layered) == domains


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    commands = [line.strip() for line in ci.splitlines() if line.strip() and not line.startswith("#")]
    assert commands[0] == "set -euo pipefail"
    assert commands[-1] == 'exec scripts/test "$@"'
    assert "|| true" not in ci
    assert "scripts/test    # run the whole test suite on SQLite and PostgreSQL" in readme
    for script in ("scripts/test", "scripts/run", "scripts/ensure_postgres", ".ci/run"):
        assert (ROOT / script).stat().st_mode & 0o111, f"{script} is not executable"
