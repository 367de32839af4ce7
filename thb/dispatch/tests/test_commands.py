"""The commands of issue 4 §1 (contracts): `thb procedures check|import|export`, `thb dispatch simulate`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from thb.dispatch.models import ProcedureStatus, ProcedureVersion
from thb.dispatch.services.procedures import DEFAULT_PROCEDURE, procedure_install_default

pytestmark = pytest.mark.django_db


def _run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_check_passes_the_default_procedure(demo_directory):
    code, out, _ = _run("procedures", "check", str(DEFAULT_PROCEDURE))
    assert code == 0
    assert "belgium-default v1" in out and "19 of 19 examples pass" in out


def test_check_reports_line_and_field_and_exits_1(demo_directory, tmp_path):
    broken = DEFAULT_PROCEDURE.read_text().replace("legal_basis: vital_interest", "legal_basis: urgent", 1)
    path = tmp_path / "broken.yaml"
    path.write_text(broken)
    line = broken.splitlines().index("        legal_basis: urgent") + 1
    code, _, err = _run("procedures", "check", str(path))
    assert code == 1
    assert f"{path}:{line}: rules[1].refer[0].legal_basis:" in err


def test_check_exits_1_when_an_example_fails(demo_directory, tmp_path):
    path = tmp_path / "wrong.yaml"
    path.write_text(
        DEFAULT_PROCEDURE.read_text().replace(
            "organisation: child-focus, legal_basis: minor}", "organisation: payoke}", 1
        )
    )
    code, out, _ = _run("procedures", "check", str(path))
    assert code == 1 and "FAIL a minor in sexual exploitation" in out and "18 of 19 examples pass" in out


def test_import_stores_a_draft_and_export_prints_the_active_source(demo_directory, tmp_path):
    path = tmp_path / "v2.yaml"
    path.write_text(DEFAULT_PROCEDURE.read_text().replace("version: 1\n", "version: 2\n", 1))
    code, out, _ = _run("procedures", "import", str(path), "--note", "second version")
    assert code == 0 and "imported belgium-default v2 as a draft (all examples pass)" in out
    assert ProcedureVersion.objects.get(version=2).status == ProcedureStatus.DRAFT
    procedure_install_default()
    code, out, _ = _run("procedures", "export", "--active")
    assert code == 0 and out == DEFAULT_PROCEDURE.read_text()
    code, out, _ = _run("procedures", "export", "--procedure", "belgium-default", "--version", "2")
    assert "version: 2" in out
    with pytest.raises(CommandError):
        _run("procedures", "export", "--procedure", "belgium-default", "--version", "9")


def test_simulate_prints_the_contract_shape_with_the_active_procedure(demo_directory, tmp_path):
    procedure_install_default()
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"signal_type": "tip", "exploitation": ["labour"], "postcode": "2000"}))
    code, out, _ = _run("dispatch", "simulate", "--facts", str(facts))
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"referrals", "explanation"}
    assert {tuple(sorted(r)) for r in result["referrals"]} == {
        ("ack_within_hours", "disclosure", "legal_basis", "organisation", "partner_kind", "priority", "rule")
    }
    assert {r["organisation"] for r in result["referrals"]} == {
        "ecosoc-antwerpen",
        "labour-auditor-antwerpen",
    }
    assert any(line.startswith("rule labour matched") for line in result["explanation"])


def test_simulate_with_a_procedure_file_needs_no_active_procedure(demo_directory, tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"online_csam": True}))
    code, out, _ = _run("dispatch", "simulate", "--facts", str(facts), "--procedure", str(DEFAULT_PROCEDURE))
    assert code == 0 and [r["organisation"] for r in json.loads(out)["referrals"]] == ["fccu"]


def test_simulate_refuses_unknown_facts_clearly(demo_directory, tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"signal_type": "tipp", "victim_age": 12}))
    code, out, err = _run(
        "dispatch", "simulate", "--facts", str(facts), "--procedure", str(DEFAULT_PROCEDURE)
    )
    assert code == 1 and out == ""
    assert "signal_type: Input should be" in err and "victim_age: unknown fact" in err
    facts.write_text("{not json")
    with pytest.raises(CommandError, match="not a readable JSON file"):
        _run("dispatch", "simulate", "--facts", str(facts))
