"""``load_reference()``: write ``data/belgium.json`` to the database (``thb load-reference``, ``make run``).

Why it is written this way:

* **Idempotent.** Regions, provinces and districts are matched by code and saved only when a value differs,
  so a rerun with the same file changes nothing and writes no audit row. Entries that the file no longer
  holds are *not* deleted: organisations point at districts and regions, and removing a district (a change
  of the Judicial Code) is a deliberate migration, not a side effect of a data load.
* **Postcode ranges are replaced as a whole.** Nothing points at a range, and a range that was split or
  moved cannot be matched by a code; so when the file's ranges differ from the table's, the table is emptied
  and refilled, inside the same transaction, leaving exactly the file's ranges.
* **Validated first, then one transaction.** The file is read and checked (``thb.core.reference``) before the
  first write, including the region codes the database accepts; a broken file raises
  ``ReferenceDataError`` naming the entry and writes nothing.
* **Audited.** One ``reference.load`` row (DESIGN.md §3.1) per load that changed something, with what
  changed and the file's SHA-256, written in the same transaction; actor None is the system.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from ..audit import record_change
from ..models import JudicialDistrict, PostcodeRange, Province, Region, RegionCode
from . import LANGUAGES, BelgiumData, ReferenceDataError, read_belgium


def load_reference(*, path: Path | None = None) -> dict[str, int]:
    """Load the reference file; return the number of rows per model after the load, and ``changes``: how
    many rows were created, updated or replaced (0 on a rerun with the same file)."""
    data = read_belgium(path)
    unknown = {r.code for r in data.regions} - set(RegionCode.values)
    if unknown:
        raise ReferenceDataError(
            f"regions: code(s) {', '.join(sorted(unknown))} not among the model's "
            f"{', '.join(RegionCode.values)}"
        )
    with transaction.atomic():
        changes: dict[str, Any] = {}
        regions = _sync_regions(data, changes)
        provinces = _sync_provinces(data, regions, changes)
        districts = _sync_districts(data, regions, changes)
        _sync_ranges(data, provinces, districts, changes)
        # Rows created or updated, plus the ranges written when the table was refilled.
        changed_rows = sum(len(v) if isinstance(v, list) else v["new"] for v in changes.values())
        if changes:
            record_change(
                actor=None,
                action="reference.load",
                object_type="core.reference",
                changes={**changes, "data_sha256": data.sha256},
                reason="thb load-reference",
            )
    return {
        "regions": Region.objects.count(),
        "provinces": Province.objects.count(),
        "judicial_districts": JudicialDistrict.objects.count(),
        "postcode_ranges": PostcodeRange.objects.count(),
        "changes": changed_rows,
    }


def _name_fields(names: Any) -> dict[str, str]:
    return {f"name_{lang}": names[lang] for lang in LANGUAGES}


def _upsert(model: Any, code: str, values: dict[str, Any], created: list[str], updated: list[str]) -> Any:
    """``update_or_create`` by code that saves only when a value differs (so reruns touch nothing)."""
    obj = model.objects.filter(code=code).first()
    if obj is None:
        obj = model.objects.create(code=code, **values)
        created.append(code)
        return obj
    differing = [field for field, value in values.items() if getattr(obj, field) != value]
    if differing:
        for field in differing:
            setattr(obj, field, values[field])
        obj.save(update_fields=differing)
        updated.append(code)
    return obj


def _record(changes: dict[str, Any], key: str, created: list[str], updated: list[str]) -> None:
    if created:
        changes[f"{key}_created"] = created
    if updated:
        changes[f"{key}_updated"] = updated


def _sync_regions(data: BelgiumData, changes: dict[str, Any]) -> dict[str, Region]:
    created: list[str] = []
    updated: list[str] = []
    regions = {r.code: _upsert(Region, r.code, _name_fields(r.names), created, updated) for r in data.regions}
    _record(changes, "regions", created, updated)
    return regions


def _sync_provinces(
    data: BelgiumData, regions: dict[str, Region], changes: dict[str, Any]
) -> dict[str, Province]:
    created: list[str] = []
    updated: list[str] = []
    provinces = {
        p.code: _upsert(
            Province, p.code, {**_name_fields(p.names), "region": regions[p.region]}, created, updated
        )
        for p in data.provinces
    }
    _record(changes, "provinces", created, updated)
    return provinces


def _sync_districts(
    data: BelgiumData, regions: dict[str, Region], changes: dict[str, Any]
) -> dict[str, JudicialDistrict]:
    created: list[str] = []
    updated: list[str] = []
    districts: dict[str, JudicialDistrict] = {}
    for d in data.districts:
        district = _upsert(JudicialDistrict, d.code, _name_fields(d.names), created, updated)
        wanted = {regions[code].pk for code in d.regions}
        if set(district.regions.values_list("pk", flat=True)) != wanted:
            district.regions.set(wanted)
            if d.code not in created and d.code not in updated:
                updated.append(d.code)
        districts[d.code] = district
    _record(changes, "judicial_districts", created, updated)
    return districts


def _sync_ranges(
    data: BelgiumData,
    provinces: dict[str, Province],
    districts: dict[str, JudicialDistrict],
    changes: dict[str, Any],
) -> None:
    wanted = [(r.first, r.last, r.label, r.province, r.judicial_district) for r in data.postcode_ranges]
    current = list(
        PostcodeRange.objects.order_by("first").values_list(
            "first", "last", "label", "province__code", "judicial_district__code"
        )
    )
    if current == wanted:
        return
    PostcodeRange.objects.all().delete()
    PostcodeRange.objects.bulk_create(
        PostcodeRange(
            first=r.first,
            last=r.last,
            label=r.label,
            province=provinces[r.province],
            judicial_district=districts[r.judicial_district],
        )
        for r in data.postcode_ranges
    )
    changes["postcode_ranges"] = {"old": len(current), "new": len(wanted)}
