"""Procedure documents (procedure.py, yamlsource.py, conditions.py): every mistake a coordinator can make is
reported with its line and path; a good document compiles."""

from __future__ import annotations

import textwrap

import pytest

from thb.dispatch.procedure import parse_procedure
from thb.dispatch.yamlsource import YamlSourceError, load

MINIMAL = textwrap.dedent(
    """\
    procedure: test-procedure
    version: 3
    title: {fr: Titre, nl: Titel, en: Title}
    disclosure_profiles:
      facts-only:
        description: {fr: Faits, nl: Feiten, en: Facts}
        fields: [reference, sector, place]
    rules:
      - id: labour
        description: {fr: Travail, nl: Arbeid, en: Labour}
        when:
          exploitation: labour
        refer:
          - partner_kind: social_inspection
            disclosure: facts-only
            legal_basis: legal_obligation
            ack_within_hours: 72
    examples:
      - name: labour goes to the inspection
        facts: {exploitation: [labour]}
        expect:
          - {partner_kind: social_inspection}
    """
)


def _errors(text: str) -> list[tuple[int, str, str]]:
    result = parse_procedure(text)
    assert not result.ok
    return [(e.line, e.path, e.message) for e in result.errors]


def test_a_minimal_procedure_compiles():
    result = parse_procedure(MINIMAL)
    assert result.ok and result.procedure is not None
    assert result.procedure.slug == "test-procedure" and result.procedure.version == 3
    assert result.procedure.profile_fields("facts-only") == ("reference", "sector", "place")


def test_the_shipped_default_procedure_compiles(default_procedure):
    ids = [rule.doc.id for rule in default_procedure.rules]
    assert ids[:3] == ["not-a-case", "immediate-danger", "online-csam"]
    assert len(default_procedure.examples) >= 15


@pytest.mark.parametrize(
    ("old", "new", "line", "path", "message"),
    [
        (
            "legal_basis: legal_obligation",
            "legal_basis: because",
            16,
            "rules[0].refer[0].legal_basis",
            "Input should be",
        ),
        ("exploitation: labour\n", "exploitaton: labour\n", 12, "rules[0].when.exploitaton", "unknown fact"),
        (
            "exploitation: labour\n",
            "exploitation: slavery\n",
            12,
            "rules[0].when.exploitation",
            "'slavery' is not",
        ),
        (
            "disclosure: facts-only",
            "disclosure: everything",
            15,
            "rules[0].refer[0].disclosure",
            "no disclosure profile",
        ),
        (
            "ack_within_hours: 72",
            "ack_within_hours: 0",
            17,
            "rules[0].refer[0].ack_within_hours",
            "greater than",
        ),
        (
            "partner_kind: social_inspection\n",
            "partner_kind: ngo-x\n",
            14,
            "rules[0].refer[0].partner_kind",
            "Input should be",
        ),
        (
            "fields: [reference, sector, place]",
            "fields: [reference, passport_scan]",
            7,
            "disclosure_profiles.facts-only.fields[1]",
            "Input should be",
        ),
        ("  - id: labour\n", "  - id: Labour Rule\n", 9, "rules[0].id", "pattern"),
        (
            "facts: {exploitation: [labour]}",
            "facts: {exploitation: [labour], victim_age: 12}",
            20,
            "examples[0].facts.victim_age",
            "unknown fact",
        ),
        (
            "facts: {exploitation: [labour]}",
            "facts: {postcode: '0999'}",
            20,
            "examples[0].facts.postcode",
            "not a Belgian postcode",
        ),
        ("version: 3", "version: three", 2, "version", "valid integer"),
        (
            "title: {fr: Titre, nl: Titel, en: Title}",
            "title: {fr: Titre, en: Title}",
            3,
            "title.nl",
            "required",
        ),
        (
            "    description: {fr: Travail, nl: Arbeid, en: Labour}\n",
            "    description: {fr: Travail, nl: Arbeid, en: Labour}\n    colour: red\n",
            11,
            "rules[0].colour",
            "unknown key",
        ),
        (
            "exploitation: labour\n",
            "immediate_danger: yes please\n",
            12,
            "rules[0].when.immediate_danger",
            "true or false",
        ),
        (
            "exploitation: labour\n",
            "minor_involved: {maybe: true}\n",
            12,
            "rules[0].when.minor_involved",
            "unknown operator",
        ),
        (
            "exploitation: labour\n",
            "sector: {all_of: [cleaning]}\n",
            12,
            "rules[0].when.sector.all_of",
            "needs a list fact",
        ),
    ],
)
def test_each_mistake_is_reported_on_its_line_and_path(old, new, line, path, message):
    assert old in MINIMAL
    errors = _errors(MINIMAL.replace(old, new, 1))
    assert any(e[0] == line and e[1] == path and message in e[2] for e in errors), errors


def test_a_rule_id_used_twice_and_an_unknown_rule_in_an_example_are_reported():
    doubled = MINIMAL.replace("    examples:", "").replace("examples:\n", "")
    text = MINIMAL.replace(
        "examples:\n",
        textwrap.dedent(
            """\
              - id: labour
                description: {fr: Bis, nl: Bis, en: Again}
                when: {}
            examples:
            """
        ),
    ).replace("- {partner_kind: social_inspection}", "- {partner_kind: social_inspection, rule: lab0ur}")
    assert doubled  # the replacement above keeps one examples section
    errors = _errors(text)
    assert any(e[1] == "rules[1].id" and "used twice" in e[2] for e in errors), errors
    assert any(e[1] == "examples[0].expect[0].rule" and "no rule" in e[2] for e in errors), errors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("procedure: [unclosed", "not valid YAML"),
        ("a: 1\na: 2\n", "appears twice"),
        ("a: &x [1, 2]\nb: *x\n", "anchors and aliases"),
        ("!!python/object/apply:os.system ['true']\n", "not plain data"),
        ("- just\n- a list\n", "a procedure is a mapping"),
        ("", "a procedure is a mapping"),
        ("procedure: x\x00", "NUL"),
    ],
)
def test_what_is_not_a_procedure_document_is_refused_clearly(text, message):
    errors = _errors(text)
    assert any(message in e[2] for e in errors), errors


def test_an_oversized_file_is_refused_before_parsing():
    with pytest.raises(YamlSourceError, match="larger than"):
        load("a: " + "x" * 1_100_000)


def test_lines_point_at_the_key_of_a_mapping_value():
    located = load("a: 1\nrules:\n  - id: x\n    when:\n      sector: cleaning\n")
    assert located.line_of(("rules", 0, "when", "sector")) == 5
    assert located.line_of(("rules", 0, "when", "missing")) == 4
