"""Reference data (issue 2 §3): the file, its loader, the pure postcode functions and the API lookup."""

from __future__ import annotations

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from thb.core.models import AuditEvent, JudicialDistrict, PostcodeRange, Province, Region
from thb.core.reference import BELGIUM_JSON, ReferenceDataError, parse_belgium, read_belgium
from thb.core.reference.loader import load_reference
from thb.core.reference.postcodes import (
    area_for_postcode,
    district_for_postcode,
    parse_postcode,
    province_for_postcode,
    region_for_postcode,
)
from thb.core.roles import Role
from thb.core.selectors import postcode_lookup

DISTRICTS = {
    "antwerpen",
    "limburg",
    "oost-vlaanderen",
    "west-vlaanderen",
    "leuven",
    "brussels",
    "brabant-wallon",
    "hainaut",
    "liege",
    "luxembourg",
    "namur",
    "eupen",
}
PROVINCES = {
    "BE-VAN",
    "BE-VBR",
    "BE-VLI",
    "BE-VOV",
    "BE-VWV",
    "BE-WBR",
    "BE-WHT",
    "BE-WLG",
    "BE-WLX",
    "BE-WNA",
    "BE-BRU",
}
# postcode -> (region, province, judicial district)
KNOWN = {
    1000: ("brussels", "BE-BRU", "brussels"),  # Brussels
    1210: ("brussels", "BE-BRU", "brussels"),  # Saint-Josse-ten-Noode
    1300: ("wallonia", "BE-WBR", "brabant-wallon"),  # Wavre
    1500: ("flanders", "BE-VBR", "brussels"),  # Halle: Halle-Vilvoorde belongs to the Brussels district
    1800: ("flanders", "BE-VBR", "brussels"),  # Vilvoorde
    2000: ("flanders", "BE-VAN", "antwerpen"),  # Antwerpen
    2800: ("flanders", "BE-VAN", "antwerpen"),  # Mechelen
    3000: ("flanders", "BE-VBR", "leuven"),  # Leuven
    3080: ("flanders", "BE-VBR", "leuven"),  # Tervuren (arrondissement Leuven)
    3090: ("flanders", "BE-VBR", "brussels"),  # Overijse (arrondissement Halle-Vilvoorde)
    3500: ("flanders", "BE-VLI", "limburg"),  # Hasselt
    3790: ("flanders", "BE-VLI", "limburg"),  # Voeren
    4000: ("wallonia", "BE-WLG", "liege"),  # Liège
    4700: ("wallonia", "BE-WLG", "eupen"),  # Eupen
    4780: ("wallonia", "BE-WLG", "eupen"),  # Sankt Vith
    4800: ("wallonia", "BE-WLG", "liege"),  # Verviers
    4960: ("wallonia", "BE-WLG", "liege"),  # Malmedy (French-speaking, district Liège)
    5000: ("wallonia", "BE-WNA", "namur"),  # Namur
    6000: ("wallonia", "BE-WHT", "hainaut"),  # Charleroi
    6700: ("wallonia", "BE-WLX", "luxembourg"),  # Arlon
    7000: ("wallonia", "BE-WHT", "hainaut"),  # Mons
    7780: ("wallonia", "BE-WHT", "hainaut"),  # Comines-Warneton
    8000: ("flanders", "BE-VWV", "west-vlaanderen"),  # Brugge
    9000: ("flanders", "BE-VOV", "oost-vlaanderen"),  # Gent
}
# The nine communes of the German-speaking Community, every postcode bpost gives them.
GERMAN_SPEAKING = [4700, 4701, 4710, 4711, 4720, 4721, 4728, 4730, 4731, 4750, 4760, 4761, 4770, 4771]
GERMAN_SPEAKING += [4780, 4782, 4783, 4784, 4790, 4791]
# Their French-speaking neighbours stay in the Liège district: Baelen, Welkenraedt, Plombières, Waimes.
WALLOON_NEIGHBOURS = [4837, 4840, 4850, 4950]


def _document() -> dict:
    return json.loads(BELGIUM_JSON.read_text(encoding="utf-8"))


def _write(tmp_path: Path, document: dict) -> Path:
    path = tmp_path / "belgium.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


# --- the shipped file, without the database ---------------------------------------------------------------


def test_shipped_file_has_three_regions_eleven_province_entries_and_twelve_districts():
    data = read_belgium()
    assert {r.code for r in data.regions} == {"flanders", "brussels", "wallonia"}
    assert {p.code for p in data.provinces} == PROVINCES
    assert {d.code for d in data.districts} == DISTRICTS


def test_brussels_district_covers_brussels_and_flanders_and_the_others_one_region():
    regions = {d.code: set(d.regions) for d in read_belgium().districts}
    assert regions.pop("brussels") == {"brussels", "flanders"}
    assert all(len(covered) == 1 for covered in regions.values())
    assert regions["eupen"] == {"wallonia"}


def test_every_postcode_from_1000_to_9999_lies_in_exactly_one_shipped_range():
    ranges = read_belgium().postcode_ranges
    for postcode in range(1000, 10000):
        holding = [r for r in ranges if r.first <= postcode <= r.last]
        assert len(holding) == 1, (postcode, holding)


@pytest.mark.parametrize(("postcode", "expected"), sorted(KNOWN.items()))
def test_pure_functions_place_known_postcodes(postcode, expected):
    region, province, district = expected
    assert region_for_postcode(postcode) == region
    assert province_for_postcode(postcode) == province
    assert district_for_postcode(postcode) == district


def test_german_speaking_communes_form_the_eupen_district_and_their_neighbours_stay_in_liege():
    assert {district_for_postcode(p) for p in GERMAN_SPEAKING} == {"eupen"}
    assert {province_for_postcode(p) for p in GERMAN_SPEAKING} == {"BE-WLG"}
    assert {district_for_postcode(p) for p in WALLOON_NEIGHBOURS} == {"liege"}
    assert district_for_postcode(4702) == "liege"  # a gap between two German-speaking blocks


@pytest.mark.parametrize("value", ["1000", " 1000 ", 1000, "B-1000", "BE-1000", "be-1000", "\t1000\n"])
def test_accepted_postcode_forms(value):
    assert parse_postcode(value) == 1000
    assert region_for_postcode(value) == "brussels"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "abc",
        "100",
        "10000",
        "0999",
        "01000",
        "1000a",
        "B1000",
        "BE 1000",
        "NL-1000",
        "B-",
        "-1000",
        "+1000",
        "1 000",
        "\uff11\uff10\uff10\uff10",
        "1000.0",
        999,
        10000,
        -1000,
        1000.0,
        True,
        None,
        b"1000",
    ],
)
def test_other_forms_are_rejected_with_none(value):
    assert parse_postcode(value) is None
    assert region_for_postcode(value) is None
    assert district_for_postcode(value) is None
    assert province_for_postcode(value) is None


@given(st.one_of(st.text(max_size=12), st.integers()))
def test_parsing_never_raises_and_returns_a_four_digit_postcode_or_none(value):
    parsed = parse_postcode(value)
    assert parsed is None or 1000 <= parsed <= 9999
    area = area_for_postcode(value)
    assert (area is None) == (parsed is None)  # the shipped ranges cover every four-digit postcode


# --- validation of a broken file ---------------------------------------------------------------------------


def _broken(mutate) -> dict:
    document = copy.deepcopy(_document())
    mutate(document)
    return document


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["postcode_ranges"][1].update(first=1299),
            r"postcode_ranges\[1\] \(1299-1499\) overlaps",
        ),
        (
            lambda d: d["postcode_ranges"][0].update(judicial_district="bruxelles"),
            "unknown judicial district",
        ),
        (lambda d: d["postcode_ranges"][0].update(province="BE-XXX"), "unknown province 'BE-XXX'"),
        (lambda d: d["postcode_ranges"][0].update(province=["BE-BRU"]), r"unknown province \['BE-BRU'\]"),
        (lambda d: d["judicial_districts"][0].update(regions=[["flanders"]]), "'antwerpen': unknown region"),
        (lambda d: d["postcode_ranges"][0].update(last=999), r"first <= last"),
        (lambda d: d["postcode_ranges"][-1].update(last=10000), r"\(9000-10000\)"),
        (lambda d: d["postcode_ranges"][0].update(first=True), "whole numbers"),
        (lambda d: d["postcode_ranges"][0].update(judicial_district="leuven"), "does not cover"),
        (lambda d: d["provinces"][0].update(region="vlaanderen"), r"provinces\[0\] 'BE-VAN': unknown region"),
        (lambda d: d["judicial_districts"][0]["names"].pop("de"), r"'antwerpen': needs a name in 'de'"),
        (lambda d: d["judicial_districts"][0].update(code="Antwerpen"), "does not match"),
        (lambda d: d["judicial_districts"].append(d["judicial_districts"][0]), "'antwerpen' appears twice"),
        (lambda d: d["judicial_districts"][1].update(region=["flanders"]), r"unknown key\(s\) region"),
        (lambda d: d.pop("regions"), "missing regions"),
    ],
)
def test_broken_documents_are_refused_with_the_offending_entry_named(mutate, message):
    with pytest.raises(ReferenceDataError, match=message):
        parse_belgium(_broken(mutate))


# --- the loader --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_reference_writes_the_counts_and_one_audit_row():
    counts = load_reference()
    assert counts["regions"] == Region.objects.count() == 3
    assert counts["provinces"] == Province.objects.count() == 11
    assert counts["judicial_districts"] == JudicialDistrict.objects.count() == 12
    assert counts["postcode_ranges"] == PostcodeRange.objects.count() == len(read_belgium().postcode_ranges)
    assert counts["changes"] > 0
    events = list(AuditEvent.objects.filter(action="reference.load"))
    assert len(events) == 1
    assert events[0].actor is None
    assert events[0].changes["data_sha256"] == read_belgium().sha256
    assert set(events[0].changes["judicial_districts_created"]) == DISTRICTS
    assert set(JudicialDistrict.objects.get(code="brussels").regions.values_list("code", flat=True)) == {
        "brussels",
        "flanders",
    }
    assert Province.objects.get(code="BE-VBR").region.code == "flanders"
    assert JudicialDistrict.objects.get(code="liege").name_in("nl") == "Luik"


@pytest.mark.django_db
def test_second_load_changes_nothing_and_writes_no_audit_row(reference_data):
    ranges_before = list(PostcodeRange.objects.values_list("pk", "first", "last", "label"))
    audit_before = AuditEvent.objects.count()
    counts = load_reference()
    assert counts["changes"] == 0
    assert AuditEvent.objects.count() == audit_before
    assert list(PostcodeRange.objects.values_list("pk", "first", "last", "label")) == ranges_before
    assert {k: v for k, v in counts.items() if k != "changes"} == {
        k: v for k, v in reference_data.items() if k != "changes"
    }


@pytest.mark.django_db
def test_rerun_with_changed_data_leaves_exactly_the_files_ranges(reference_data, tmp_path):
    document = _document()
    ranges = document["postcode_ranges"]
    brussels = ranges.pop(0)  # split 1000-1299 in two, rename a district
    ranges[0:0] = [{**brussels, "last": 1099, "label": "first half"}, {**brussels, "first": 1100}]
    document["judicial_districts"][0]["names"]["en"] = "Antwerp (renamed)"
    audit_before = AuditEvent.objects.count()

    counts = load_reference(path=_write(tmp_path, document))

    stored = list(PostcodeRange.objects.order_by("first").values_list("first", "last", "label"))
    assert stored == [(r["first"], r["last"], r.get("label", "")) for r in ranges]
    assert counts["postcode_ranges"] == len(ranges)
    assert JudicialDistrict.objects.get(code="antwerpen").name_en == "Antwerp (renamed)"
    assert AuditEvent.objects.count() == audit_before + 1
    event = AuditEvent.objects.filter(action="reference.load").latest("occurred_at")
    assert event.changes["judicial_districts_updated"] == ["antwerpen"]
    assert event.changes["postcode_ranges"] == {"old": reference_data["postcode_ranges"], "new": len(ranges)}


@pytest.mark.django_db
def test_a_broken_file_raises_and_writes_nothing(tmp_path):
    document = _document()
    document["postcode_ranges"][5]["first"] = document["postcode_ranges"][4]["last"]  # overlap
    with pytest.raises(ReferenceDataError, match=r"postcode_ranges\[5\] .* overlaps postcode_ranges\[4\]"):
        load_reference(path=_write(tmp_path, document))
    assert Region.objects.count() == JudicialDistrict.objects.count() == PostcodeRange.objects.count() == 0
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_broken_file_leaves_loaded_data_untouched(reference_data, tmp_path):
    before = list(PostcodeRange.objects.values_list("pk", "first", "last"))
    audit_before = AuditEvent.objects.count()
    document = _document()
    document["postcode_ranges"][-1]["judicial_district"] = "gent"
    with pytest.raises(ReferenceDataError, match="unknown judicial district 'gent'"):
        load_reference(path=_write(tmp_path, document))
    assert list(PostcodeRange.objects.values_list("pk", "first", "last")) == before
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.django_db
def test_a_region_code_the_model_does_not_know_is_refused(tmp_path):
    document = _document()
    document["regions"].append({"code": "ostbelgien", "names": {"fr": "x", "nl": "x", "de": "x", "en": "x"}})
    with pytest.raises(ReferenceDataError, match="ostbelgien"):
        load_reference(path=_write(tmp_path, document))
    assert not Region.objects.exists()


@pytest.mark.django_db
def test_pure_functions_agree_with_the_database_at_every_range_boundary(reference_data):
    for stored in PostcodeRange.objects.all():
        for postcode in {stored.first, stored.last, max(stored.first - 1, 1000), min(stored.last + 1, 9999)}:
            found = postcode_lookup(postcode)
            assert found is not None, postcode
            assert region_for_postcode(postcode) == found.province.region.code, postcode
            assert province_for_postcode(postcode) == found.province.code, postcode
            assert district_for_postcode(postcode) == found.judicial_district.code, postcode
            assert area_for_postcode(postcode).label == found.label


# --- the command -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_reference_command_resolves_its_hyphenated_name_and_prints_counts():
    out = StringIO()
    call_command("load-reference", stdout=out)
    text = out.getvalue()
    assert "regions: 3" in text
    assert "provinces: 11" in text
    assert "judicial districts: 12" in text
    assert "Reference data loaded" in text
    out = StringIO()
    call_command("load-reference", stdout=out)
    assert "nothing changed" in out.getvalue()


@pytest.mark.django_db
def test_load_reference_command_refuses_a_broken_file(tmp_path):
    document = _document()
    document["postcode_ranges"][0]["province"] = "BE-ZZZ"
    with pytest.raises(CommandError, match="BE-ZZZ"):
        call_command("load-reference", file=_write(tmp_path, document), stdout=StringIO())
    assert not PostcodeRange.objects.exists()


# --- the API -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_postcode_lookup_for_a_signed_in_user(reference_data, make_user, signed_in):
    client = signed_in(make_user(role=Role.OPERATOR))
    response = client.get("/api/v1/reference/postcodes/1500")
    assert response.status_code == 200
    assert response.json() == {
        "postcode": 1500,
        "communes": area_for_postcode(1500).label,
        "province": "BE-VBR",
        "region": "flanders",
        "judicial_district": "brussels",
    }
    assert client.get("/api/v1/reference/postcodes/1000").json()["judicial_district"] == "brussels"


@pytest.mark.django_db
def test_api_postcode_outside_every_range_is_a_404_in_the_common_shape(reference_data, make_user, signed_in):
    client = signed_in(make_user(role=Role.OPERATOR))
    # The shipped ranges cover 1000-9999 (1001 is in the Brussels block), so remove the block to test the 404.
    assert client.get("/api/v1/reference/postcodes/1001").status_code == 200
    PostcodeRange.objects.filter(first__lte=1001, last__gte=1001).delete()
    response = client.get("/api/v1/reference/postcodes/1001")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


@pytest.mark.django_db
@pytest.mark.parametrize("postcode", ["99999", "999", "0"])
def test_api_postcode_that_is_not_four_digits_is_refused(reference_data, make_user, signed_in, postcode):
    client = signed_in(make_user(role=Role.OPERATOR))
    response = client.get(f"/api/v1/reference/postcodes/{postcode}")
    assert response.status_code in (400, 422)
    assert response.json()["error"] == "invalid"


@pytest.mark.django_db
def test_api_postcode_lookup_needs_a_signed_in_user(reference_data, client):
    response = client.get("/api/v1/reference/postcodes/1000")
    assert response.status_code == 401


def test_pure_functions_read_the_file_once():
    from thb.core.reference import postcodes

    postcodes.clear_cache()
    for postcode in (1000, "2000", "BE-9000", 4700):
        postcodes.area_for_postcode(postcode)
    assert postcodes._index.cache_info().misses == 1
