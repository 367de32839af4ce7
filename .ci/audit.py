"""The dependency audit of CI (issue 11 §5): ``pip-audit`` over the installed environment (the project itself,
installed editable, left out), read back from its JSON report.

* A known vulnerability in any installed distribution: listed with its fixed versions; exit 1.
* Where pip-audit could not look a distribution up (its services: PyPI's per-release JSON and OSV), PyPI's
  project JSON is asked instead: it lists the known vulnerabilities of the project's *latest* release, so it
  settles the question exactly when the installed version is the latest one. Older releases stay unaudited.
* What could not be audited is listed and said plainly — an audit that checked nothing must never read as a
  clean one. It fails CI only with ``THB_AUDIT_REQUIRED=1`` (a CI that reaches PyPI or OSV in full): a machine
  whose package mirror serves no per-release data must not fail for want of a network.

    .venv/bin/python .ci/audit.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

BIN = Path(__file__).resolve().parent.parent / ".venv" / "bin"
PROJECT_JSON = "https://pypi.org/pypi/{name}/json"


@dataclass
class Audit:
    audited: list[str] = field(default_factory=list)
    vulnerable: list[str] = field(default_factory=list)
    unaudited: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    by_project_json: int = 0


def classify(report: dict) -> Audit:
    """Sorts pip-audit's JSON report: ``{"dependencies": [{name, version, vulns} | {name, skip_reason}]}``."""
    audit = Audit()
    for dependency in report.get("dependencies", []):
        name = f"{dependency['name']} {dependency.get('version', '')}".strip()
        if "skip_reason" in dependency:
            if "editable" not in dependency["skip_reason"]:
                audit.unaudited.append((dependency["name"], dependency["skip_reason"]))
            continue
        audit.audited.append(name)
        for vuln in dependency.get("vulns", []):
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            audit.vulnerable.append(f"{name}: {vuln['id']} (fixed in {fixes})")
    return audit


def audit_latest_releases(
    audit: Audit,
    *,
    installed: Callable[[str], str | None],
    project_json: Callable[[str], dict | None],
) -> Audit:
    """Where pip-audit could not look a distribution up: its PyPI project JSON, authoritative for the
    latest release only (its ``vulnerabilities``; withdrawn advisories left out)."""
    names = [name for name, _why in audit.unaudited]
    with ThreadPoolExecutor(8) as pool:
        projects = dict(zip(names, pool.map(project_json, names), strict=True))
    still: list[tuple[str, str]] = []
    for name, why in audit.unaudited:
        version, project = installed(name), projects[name]
        if version is None or project is None:
            still.append((name, why))
            continue
        latest = str(project.get("info", {}).get("version", ""))
        if latest != version:
            still.append(
                (name, f"{version}, not the latest release ({latest}); no per-release data reachable")
            )
            continue
        audit.audited.append(f"{name} {version}")
        audit.by_project_json += 1
        for vuln in project.get("vulnerabilities") or []:
            if vuln.get("withdrawn"):
                continue
            fixes = ", ".join(vuln.get("fixed_in") or []) or "no fixed version yet"
            audit.vulnerable.append(f"{name} {version}: {vuln['id']} (fixed in {fixes})")
    audit.unaudited = still
    return audit


def verdict(audit: Audit, *, required: bool) -> tuple[int, list[str]]:
    """The exit code and the lines to print."""
    if audit.vulnerable:
        return 1, [
            f"DEPENDENCY AUDIT FAILED: {len(audit.vulnerable)} known vulnerabilities",
            *audit.vulnerable,
        ]
    if not audit.audited:
        reason = ": ".join(audit.unaudited[0]) if audit.unaudited else "no dependency was reported"
        return (1 if required else 0), [
            "DEPENDENCY AUDIT NOT POSSIBLE HERE: no vulnerability data could be reached for any of the "
            f"{len(audit.unaudited)} installed distributions (e.g. {reason}); nothing was checked"
        ]
    how = (
        f" ({audit.by_project_json} through PyPI's data on their latest release)"
        if audit.by_project_json
        else ""
    )
    lines = [f"dependency audit: {len(audit.audited)} distributions audited{how}, no known vulnerability"]
    if audit.unaudited:
        lines.append(f"{len(audit.unaudited)} could not be audited:")
        lines += [f"  {name}: {why}" for name, why in audit.unaudited]
    return (1 if required and audit.unaudited else 0), lines


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _project_json(name: str) -> dict | None:
    try:
        with urllib.request.urlopen(PROJECT_JSON.format(name=name), timeout=20) as response:
            return json.load(response)
    except (OSError, ValueError):
        return None


def main() -> int:
    required = os.environ.get("THB_AUDIT_REQUIRED") == "1"
    done = subprocess.run(
        [str(BIN / "pip-audit"), "--skip-editable", "--progress-spinner", "off", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print("DEPENDENCY AUDIT NOT POSSIBLE HERE: pip-audit gave no report:", done.stderr.strip()[-1500:])
        return 1 if required else 0
    audit = audit_latest_releases(classify(report), installed=_installed, project_json=_project_json)
    code, lines = verdict(audit, required=required)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
