"""The dependency audit of CI (issue 11 §5): ``pip-audit`` over the installed environment (the project itself,
installed editable, left out), read back from its JSON report.

* A known vulnerability in any installed distribution: listed with its fixed versions; exit 1.
* Distributions pip-audit could not look up: listed, and said plainly — an audit that checked nothing must
  never read as a clean one. Where no vulnerability data can be reached at all (a machine whose package
  mirror serves no per-release data and cannot reach api.osv.dev), the audit says it could not run and exits
  0, unless ``THB_AUDIT_REQUIRED=1`` (then 1): CI on such a machine must not fail for want of a network.

    .venv/bin/python .ci/audit.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(__file__).resolve().parent.parent / ".venv" / "bin"


@dataclass
class Audit:
    audited: list[str] = field(default_factory=list)
    vulnerable: list[str] = field(default_factory=list)
    unaudited: list[str] = field(default_factory=list)


def classify(report: dict) -> Audit:
    """Sorts pip-audit's JSON report: ``{"dependencies": [{name, version, vulns} | {name, skip_reason}]}``."""
    audit = Audit()
    for dependency in report.get("dependencies", []):
        name = f"{dependency['name']} {dependency.get('version', '')}".strip()
        if "skip_reason" in dependency:
            if "editable" not in dependency["skip_reason"]:
                audit.unaudited.append(f"{name}: {dependency['skip_reason']}")
            continue
        audit.audited.append(name)
        for vuln in dependency.get("vulns", []):
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            audit.vulnerable.append(f"{name}: {vuln['id']} (fixed in {fixes})")
    return audit


def verdict(audit: Audit, *, required: bool) -> tuple[int, list[str]]:
    """The exit code and the lines to print."""
    if audit.vulnerable:
        return 1, [
            f"DEPENDENCY AUDIT FAILED: {len(audit.vulnerable)} known vulnerabilities",
            *audit.vulnerable,
        ]
    if not audit.audited:
        reason = audit.unaudited[0] if audit.unaudited else "no dependency was reported"
        return (1 if required else 0), [
            "DEPENDENCY AUDIT NOT POSSIBLE HERE: no vulnerability data could be reached for any of the "
            f"{len(audit.unaudited)} installed distributions (e.g. {reason}); nothing was checked"
        ]
    lines = [f"dependency audit: {len(audit.audited)} distributions audited, no known vulnerability"]
    if audit.unaudited:
        lines.append(f"{len(audit.unaudited)} could not be audited:")
        lines += [f"  {line}" for line in audit.unaudited]
    return (1 if required and audit.unaudited else 0), lines


def main() -> int:
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
        return 1 if os.environ.get("THB_AUDIT_REQUIRED") == "1" else 0
    code, lines = verdict(classify(report), required=os.environ.get("THB_AUDIT_REQUIRED") == "1")
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
