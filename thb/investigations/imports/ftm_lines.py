"""FtM JSON lines (issue 8 §1: "FtM JSON lines (from Aleph)"): one entity per line,
``{"id": …, "schema": …, "properties": {prop: [values]}}`` — what ``ftm export``, Aleph and OpenSanctions
write. Every line is checked against the followthemoney model: an unknown schema or property, or a value
the property's type refuses, is an error naming the line and the property; nothing is imported then.
Entity ids are kept (references between the lines and back to Aleph stay valid).
"""

from __future__ import annotations

import json
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData

from .mapper import Mapped, RowError

MAX_LINES = 500_000
MAX_ID = 200


def _check(number: int, data: Any, out: Mapped) -> None:
    if not isinstance(data, dict):
        out.error(RowError(number, "", "each line must be one JSON object"))
        return
    entity_id, schema_name, properties = data.get("id"), data.get("schema"), data.get("properties", {})
    if not isinstance(entity_id, str) or not entity_id.strip() or len(entity_id) > MAX_ID:
        out.error(RowError(number, "id", f"an entity needs an id (text, at most {MAX_ID} characters)"))
        return
    schema = model.get(schema_name) if isinstance(schema_name, str) else None
    if schema is None:
        out.error(RowError(number, "schema", f"{schema_name!r} is not a followthemoney schema"))
        return
    if schema.abstract:
        out.error(RowError(number, "schema", f"{schema_name!r} is abstract; use a concrete schema"))
        return
    if not isinstance(properties, dict):
        out.error(RowError(number, "properties", "must be an object of lists of values"))
        return
    entity = model.make_entity(schema)
    entity.id = entity_id
    ok = True
    for name, values in properties.items():
        prop = schema.get(name)
        if prop is None:
            out.error(RowError(number, str(name), f"{schema.name} has no property {name!r}"))
            ok = False
            continue
        for value in values if isinstance(values, list) else [values]:
            if not isinstance(value, str | int | float):
                out.error(RowError(number, name, "values must be text or numbers"))
                ok = False
                continue
            try:
                cleaned = prop.type.clean(value, proxy=entity, format=prop.format)
            except InvalidData:
                cleaned = None
            if cleaned is None:
                out.error(RowError(number, name, f"{value!r} is not a valid {prop.type.name}"))
                ok = False
                continue
            entity.add(prop, cleaned, cleaned=True)
    if not ok:
        return
    if entity_id in out.entities:
        out.entities[entity_id].merge(entity)
    else:
        out.entities[entity_id] = entity


def map_lines(content: bytes) -> Mapped:
    out = Mapped()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        out.error(RowError(0, "", "the file is not UTF-8 text"))
        return out
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        out.rows += 1
        if out.rows > MAX_LINES:
            out.error(RowError(number, "", f"more than {MAX_LINES:,} lines; split the file"))
            break
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            out.error(RowError(number, "", f"not JSON ({exc.msg} at character {exc.colno})"))
            continue
        _check(number, data, out)
    if out.rows == 0 and not out.errors:
        out.error(RowError(0, "", "the file holds no entity"))
    return out
