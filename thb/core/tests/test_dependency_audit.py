"""The verdict of CI's dependency audit (.ci/audit.py, issue 11 §5) on pip-audit's JSON reports and PyPI's
project data: a known vulnerability fails; what could not be checked is named, and an audit that checked
nothing says so and never reads as clean."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "ci_audit", Path(__file__).resolve().parents[3] / ".ci" / "audit.py"
)
assert _spec is not None and _spec.loader is not None
audit = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = audit  # dataclasses look their module up there
_spec.loader.exec_module(audit)

SKIPPED = {"name": "whitenoise", "skip_reason": "Dependency not found on PyPI and could not be audited"}
EDITABLE = {"name": "thb-platform", "skip_reason": "distribution marked as editable"}
CLEAN = {"name": "django", "version": "5.2.9", "vulns": []}
VULNERABLE = {
    "name": "jinja2",
    "version": "3.1.2",
    "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"], "aliases": [], "description": ""}],
}


@pytest.mark.parametrize("required", [False, True])
def test_a_known_vulnerability_fails_the_audit(required):
    code, lines = audit.verdict(
        audit.classify({"dependencies": [CLEAN, VULNERABLE, SKIPPED]}), required=required
    )
    assert code == 1
    assert lines == [
        "DEPENDENCY AUDIT FAILED: 1 known vulnerabilities",
        "jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)",
    ]


def test_an_audit_that_checked_nothing_says_so():
    report = {"dependencies": [SKIPPED, EDITABLE]}
    code, lines = audit.verdict(audit.classify(report), required=False)
    assert code == 0 and len(lines) == 1
    assert lines[0].startswith(
        "DEPENDENCY AUDIT NOT POSSIBLE HERE: no vulnerability data could be reached for"
    )
    assert "the 1 installed distributions" in lines[0] and "nothing was checked" in lines[0]
    assert audit.verdict(audit.classify(report), required=True)[0] == 1


def test_a_clean_audit_names_what_it_could_not_check():
    code, lines = audit.verdict(audit.classify({"dependencies": [CLEAN, SKIPPED, EDITABLE]}), required=False)
    assert code == 0
    assert lines[0] == "dependency audit: 1 distributions audited, no known vulnerability"
    assert lines[1:] == ["1 could not be audited:", f"  whitenoise: {SKIPPED['skip_reason']}"]
    assert audit.verdict(audit.classify({"dependencies": [CLEAN]}), required=True) == (
        0,
        ["dependency audit: 1 distributions audited, no known vulnerability"],
    )


def _project(version: str, *vulns: dict) -> dict:
    return {"info": {"version": version}, "vulnerabilities": list(vulns)}


ADVISORY = {"id": "PYSEC-2026-1", "fixed_in": ["6.13.0"], "withdrawn": None}
WITHDRAWN = {"id": "PYSEC-2025-9", "fixed_in": [], "withdrawn": "2025-10-01T00:00:00Z"}


def test_the_latest_release_is_audited_through_the_project_data_older_ones_stay_unaudited():
    projects = {
        "whitenoise": _project("6.12.0", WITHDRAWN),
        "idna": _project("3.20"),
        "gone": None,  # PyPI did not answer
    }
    installed = {"whitenoise": "6.12.0", "idna": "3.11", "gone": "1.0"}
    report = {
        "dependencies": [
            CLEAN,
            *({"name": name, "skip_reason": "Dependency not found on PyPI"} for name in projects),
        ]
    }

    checked = audit.audit_latest_releases(
        audit.classify(report), installed=installed.get, project_json=projects.__getitem__
    )
    code, lines = audit.verdict(checked, required=False)

    assert code == 0
    assert lines == [
        "dependency audit: 2 distributions audited (1 through PyPI's data on their latest release), "
        "no known vulnerability",
        "2 could not be audited:",
        "  idna: 3.11, not the latest release (3.20); no per-release data reachable",
        "  gone: Dependency not found on PyPI",
    ]
    assert audit.verdict(checked, required=True)[0] == 1


def test_an_advisory_on_the_latest_release_fails_the_audit():
    report = {"dependencies": [{"name": "whitenoise", "skip_reason": "Dependency not found on PyPI"}]}
    checked = audit.audit_latest_releases(
        audit.classify(report),
        installed=lambda name: "6.12.0",
        project_json=lambda name: _project("6.12.0", ADVISORY, WITHDRAWN),
    )
    assert audit.verdict(checked, required=False) == (
        1,
        [
            "DEPENDENCY AUDIT FAILED: 1 known vulnerabilities",
            "whitenoise 6.12.0: PYSEC-2026-1 (fixed in 6.13.0)",
        ],
    )
