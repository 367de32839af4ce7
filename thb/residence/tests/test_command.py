"""``thb residence simulate --events FILE.json`` (issue 7 §1, a contract)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command


def _run(tmp_path, capsys, payload) -> tuple[int, str, str]:
    source = tmp_path / "events.json"
    source.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    try:
        call_command("residence", "simulate", "--events", str(source))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    else:
        code = 0
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_the_contract(tmp_path, capsys):
    code, out, _ = _run(
        tmp_path,
        capsys,
        {
            "path": "adult",
            "events": [
                {"type": "reflection_requested", "date": "2024-01-10"},
                {"type": "complaint_filed", "date": "2024-02-01"},
            ],
        },
    )
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"phase", "document", "valid_until", "next_actions", "history", "warnings"}
    assert result["phase"] == "complaint" and result["document"] == "attestation_immatriculation"
    assert result["valid_until"] == "2024-04-30"
    assert {"action", "due", "by"} == set(result["next_actions"][0])
    assert [h["event"] for h in result["history"]] == ["reflection_requested", "complaint_filed"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"path": "adult", "events": [{"type": "cire_renewed", "date": "2024-01-01"}]}, "phase 'start'"),
        ({"path": "adult", "events": [{"type": "asylum", "date": "2024-01-01"}]}, "unknown type"),
        ({"path": "nobody", "events": []}, "unknown path"),
        ("{not json", "is not JSON"),
    ],
)
def test_refusals_exit_2_with_a_clear_message(tmp_path, capsys, payload, message):
    code, out, err = _run(tmp_path, capsys, payload)
    assert code == 2 and out == "" and message in err
