"""Importing a file into an investigation (issue 8 §1), in two pages: upload (the kind of file and the
file), then the columns — chosen from a saved mapping, guessed from the column names, or picked by hand —
with a preview of the first rows as they will be normalised. Importing checks every row: any error refuses
the whole file and lists where and why; the file waits (encrypted) for a corrected mapping."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thb.core.exceptions import DomainError

from .forms import MappingForm, UploadForm
from .imports.kinds import KINDS, ImportKind
from .imports.mapper import guess_columns
from .imports.reader import Table, read_table
from .imports.service import (
    FTM_KIND,
    ImportRefusedError,
    draft_content,
    draft_create,
    import_draft,
    import_ftm,
)
from .models import DataImport, ImportDraft, ImportMapping, Investigation
from .normalise import NORMALISERS, ValueNotRecognised
from .selectors import mappings_of
from .views import investigation_of, require_reader

PREVIEW_ROWS = 5


def _imported_message(request: HttpRequest, data_import: DataImport) -> None:
    messages.success(
        request,
        _("%(file)s imported: %(rows)s rows, %(entities)s entities, %(values)s values.")
        % {
            "file": data_import.filename,
            "rows": data_import.rows,
            "entities": data_import.entity_count,
            "values": data_import.statement_count,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest, investigation_uuid: str) -> HttpResponse:
    user = require_reader(request)
    investigation = investigation_of(user, investigation_uuid, write=True)
    form = UploadForm(request.POST or None, request.FILES or None)
    refused: ImportRefusedError | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content, filename = upload.read(), upload.name or "upload"
        try:
            if form.cleaned_data["kind"] == FTM_KIND:
                data_import = import_ftm(
                    investigation=investigation, actor=user, content=content, filename=filename
                )
                _imported_message(request, data_import)
                return redirect("investigations:detail", investigation_uuid=investigation.uuid)
            draft = draft_create(
                investigation=investigation,
                actor=user,
                kind=form.cleaned_data["kind"],
                content=content,
                filename=filename,
            )
            return redirect(
                "investigations:import-map", investigation_uuid=investigation.uuid, draft_uuid=draft.uuid
            )
        except ImportRefusedError as error:
            refused = error
        except DomainError as error:
            form.add_error("file", error.message)
    return render(
        request,
        "investigations/import_start.html",
        {
            "investigation": investigation,
            "form": form,
            "refused": refused,
            "drafts": investigation.drafts.all(),
        },
        status=422 if (form.is_bound and form.errors) or refused else 200,
    )


def _initial(kind: ImportKind, table: Table, mapping: ImportMapping | None) -> dict[str, str]:
    columns = (
        {slot: column for slot, column in mapping.columns.items() if column in table.headers}
        if mapping
        else guess_columns(kind, table.headers)
    )
    initial: dict[str, object] = {f"slot_{slot}": column for slot, column in columns.items()}
    if mapping:
        initial["mapping"] = str(mapping.uuid)
    return initial  # type: ignore[return-value]


def _preview(
    kind: ImportKind, table: Table, columns: dict[str, str]
) -> list[tuple[int, list[tuple[str, bool]]]]:
    """The first rows, each mapped field's value as it will be stored, or the problem with it."""
    rows = []
    for number, row in table.rows[:PREVIEW_ROWS]:
        cells = []
        for slot in kind.slots:
            column = columns.get(slot.key)
            if not column:
                cells.append(("", True))
                continue
            try:
                cells.append((NORMALISERS[slot.kind](row.get(column, "")), True))
            except ValueNotRecognised as exc:
                cells.append((str(exc), False))
        rows.append((number, cells))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def import_map(request: HttpRequest, investigation_uuid: str, draft_uuid: str) -> HttpResponse:
    user = require_reader(request)
    investigation: Investigation = investigation_of(user, investigation_uuid, write=True)
    draft = ImportDraft.objects.filter(investigation=investigation, uuid=draft_uuid).first()
    if draft is None:
        raise Http404()
    if request.method == "POST" and request.POST.get("action") == "discard":
        draft.delete()
        messages.success(request, _("The file was discarded."))
        return redirect("investigations:detail", investigation_uuid=investigation.uuid)
    kind = KINDS[draft.kind]
    table = read_table(draft_content(draft), draft.filename)
    mappings = list(mappings_of(user=user, kind=kind.key))
    chosen = next((m for m in mappings if str(m.uuid) == request.GET.get("mapping")), None)
    form = MappingForm(
        request.POST or None,
        kind=kind,
        headers=table.headers,
        mappings=mappings,
        initial=_initial(kind, table, chosen),
    )
    refused: ImportRefusedError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            data_import = import_draft(
                draft=draft,
                actor=user,
                columns=form.columns(),
                mapping=form.cleaned_data.get("mapping"),
                save_as=form.cleaned_data.get("save_as", ""),
            )
        except ImportRefusedError as error:
            refused = error
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            _imported_message(request, data_import)
            return redirect("investigations:detail", investigation_uuid=investigation.uuid)
    columns = (
        form.columns()
        if form.is_bound and form.is_valid()
        else {
            key[len("slot_") :]: str(value)
            for key, value in form.initial.items()
            if key.startswith("slot_") and value
        }
    )
    return render(
        request,
        "investigations/import_map.html",
        {
            "investigation": investigation,
            "draft": draft,
            "kind": kind,
            "form": form,
            "slot_fields": [form[f"slot_{slot.key}"] for slot in kind.slots],
            "mappings": mappings,
            "chosen": chosen,
            "row_count": len(table.rows),
            "preview": _preview(kind, table, columns),
            "refused": refused,
        },
        status=422 if (form.is_bound and form.errors) or refused else 200,
    )
