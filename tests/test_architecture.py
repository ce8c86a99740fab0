"""The architecture is enforced by tools, run as part of the suite.

* import-linter (contracts in pyproject.toml): each domain is layered (domain → api|views|cli →
  services → errors|events → schemas → models); domains never import each other; the platform
  never imports a domain; services never import Flask; revisions import no application code.
* the domain registry (lifeos/registry.py) lists every domain package, and their events are
  in the catalog; only the unit of work commits.
* ruff (rules in pyproject.toml): lint and security checks over the whole tree.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Any

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


def registry_problems(
    packages: list[str], domains: list[Any], contracts: list[dict[str, Any]], catalog: dict[str, Any]
) -> list[str]:
    """What is wrong between the domain packages, the registry, the contracts and the catalog."""
    problems: list[str] = []
    names = [d.name for d in domains]
    for package in packages:
        if package not in names:
            problems.append(f"lifeos/domains/{package} is not registered in lifeos/registry.py")
    layered = next(c for c in contracts if c["type"] == "layers")["containers"]
    independent = next(c for c in contracts if c["type"] == "independence")["modules"]
    for domain in domains:
        module = f"lifeos.domains.{domain.name}"
        if domain.models.__name__ != f"{module}.models" or domain.events.__name__ != f"{module}.events":
            problems.append(f"{domain.name}: models/events must be {module}.models and {module}.events")
        for listed, label in ((layered, "layers"), (independent, "independence")):
            if module not in listed and "lifeos.domains.*" not in listed:
                problems.append(f"{domain.name} is missing from the {label} contract")
        for event in domain.declared_events():
            if catalog.get(event.name) is not event:
                problems.append(f"{event.__name__} of {domain.name} is not in the event catalog")
            if event.name.split(".", 1)[0] != domain.name:
                problems.append(f"event {event.name} must start with {domain.name}.")
    for name in catalog:
        prefix = name.split(".", 1)[0]
        if prefix not in names and prefix != "testing":
            problems.append(f"catalogued event {name} belongs to no registered domain")
    return problems


def _contracts() -> list[dict[str, Any]]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _packages() -> list[str]:
    return sorted(
        p.name for p in (ROOT / "lifeos" / "domains").iterdir() if p.is_dir() and (p / "__init__.py").exists()
    )


def test_every_domain_is_registered_covered_by_the_contracts_and_catalogued() -> None:
    from lifeos.platform.events import CATALOG
    from lifeos.registry import DOMAINS

    assert registry_problems(_packages(), list(DOMAINS), _contracts(), dict(CATALOG)) == []
    assert len({d.name for d in DOMAINS}) == len(DOMAINS) == 7


def test_registry_check_catches_each_kind_of_drift() -> None:
    from lifeos.platform.events import CATALOG
    from lifeos.registry import DOMAINS

    finance = next(d for d in DOMAINS if d.name == "finance")
    others = [d for d in DOMAINS if d.name != "finance"]
    # A domain package that is not registered.
    assert any("not registered" in p for p in registry_problems(_packages(), others, _contracts(), {}))
    # A domain missing from explicit (non-wildcard) contract lists.
    explicit = [
        {"type": "layers", "containers": [f"lifeos.domains.{d.name}" for d in others]},
        {"type": "independence", "modules": [f"lifeos.domains.{d.name}" for d in others]},
    ]
    problems = registry_problems(_packages(), list(DOMAINS), explicit, dict(CATALOG))
    assert "finance is missing from the layers contract" in problems
    assert "finance is missing from the independence contract" in problems
    # A domain event that is not in the catalog, and a catalogued event nobody owns.
    catalog = {k: v for k, v in CATALOG.items() if not k.startswith("finance.")}
    catalog["gardening.plant.watered"] = object()
    problems = registry_problems(_packages(), [finance], _contracts(), catalog)
    assert any("is not in the event catalog" in p for p in problems)
    assert "catalogued event gardening.plant.watered belongs to no registered domain" in problems


def _calls(path: Path, attribute: str) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        func = node.func if isinstance(node, ast.Call) else None
        if isinstance(func, ast.Attribute) and func.attr == attribute:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(func)}")
    return found


def test_the_unit_of_work_is_the_one_owner_of_the_commit() -> None:
    """Only UnitOfWork commits; the outbox worker owns its own claim/deliver transactions."""
    owners = {ROOT / "lifeos/platform/uow.py", ROOT / "lifeos/platform/outbox/worker.py"}
    offenders = []
    for path in sorted((ROOT / "lifeos").rglob("*.py")):
        if path in owners or "migrations" in path.parts:
            continue
        offenders += [c for c in _calls(path, "commit") if not c.endswith(" uow.commit")]
    assert offenders == []
    domain_commits = [c for p in (ROOT / "lifeos/domains").rglob("*.py") for c in _calls(p, "commit")]
    assert domain_commits == [], "domain code writes through uow.run(work), which commits"


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
