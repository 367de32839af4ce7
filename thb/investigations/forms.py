"""Forms of the investigation pages; the services validate again (DESIGN.md §3.1)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thb.casefiles.models import MAGISTRATE_OFFICE_KINDS, CaseFile
from thb.core.models import Organisation, User

from .imports.kinds import KINDS, ImportKind
from .imports.service import FTM_KIND, MAX_BYTES
from .models import PARTY_SCHEMAS, AssetKind, ConfiscationStatus, Entity, ImportMapping, SeizureStatus
from .services import MANUAL_SCHEMAS


class OpenInvestigationForm(forms.Form):
    title = forms.CharField(
        label=_("Name of the investigation"),
        max_length=120,
        help_text=_("An operation name, never a person's name."),
    )
    magistrate_office = forms.ModelChoiceField(
        label=_("Magistrate's office directing the investigation"),
        queryset=Organisation.objects.filter(kind__in=MAGISTRATE_OFFICE_KINDS, is_active=True).order_by(
            "slug"
        ),
    )
    case_file = forms.ModelChoiceField(
        label=_("Police case file"), queryset=CaseFile.objects.none(), required=False
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_file"].queryset = CaseFile.objects.filter(organisation=user.organisation)  # type: ignore[attr-defined]


def _kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, str(kind.label)) for kind in KINDS.values()] + [
        (FTM_KIND, str(_("FtM JSON lines (from Aleph)")))
    ]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=_kind_choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV or XLSX (the first sheet); FtM JSON lines for Aleph exports. At most 50 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB; split it."))
        return upload


class MappingForm(forms.Form):
    """One choice of column per field of the kind, then an optional name to save the mapping under."""

    def __init__(
        self,
        *args,
        kind: ImportKind,
        headers: list[str],
        mappings: list[ImportMapping],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        columns = [("", _("— not in this file —"))] + [(header, header) for header in headers]
        for slot in kind.slots:
            self.fields[f"slot_{slot.key}"] = forms.ChoiceField(
                label=str(slot.label), choices=columns, required=slot.required
            )
        self.fields["mapping"] = forms.ModelChoiceField(
            label=_("Saved mapping"),
            queryset=ImportMapping.objects.filter(pk__in=[m.pk for m in mappings]),
            to_field_name="uuid",
            required=False,
        )
        self.fields["save_as"] = forms.CharField(
            label=_("Save these columns as"),
            help_text=_(
                "A name such as “Proximus CDR 2026”: the next file from that source is mapped at once."
            ),
            max_length=80,
            required=False,
        )
        self.kind = kind

    def columns(self) -> dict[str, str]:
        return {
            slot.key: self.cleaned_data.get(f"slot_{slot.key}") or ""
            for slot in self.kind.slots
            if self.cleaned_data.get(f"slot_{slot.key}")
        }


class RecordEntityForm(forms.Form):
    """The fields of one schema (services.MANUAL_SCHEMAS) and the document they come from."""

    document = forms.CharField(
        label=_("Document these facts come from"),
        max_length=200,
        help_text=_("A hearing record, a PV number, a seizure report: the provenance of every value."),
    )

    def __init__(self, *args, schema: str, **kwargs) -> None:
        from followthemoney import model

        super().__init__(*args, **kwargs)
        schema_obj = model.get(schema)
        for prop in MANUAL_SCHEMAS[schema]:
            label = schema_obj.get(prop).label if schema_obj and schema_obj.get(prop) else prop  # type: ignore[union-attr]
            self.fields[f"p_{prop}"] = forms.CharField(label=str(label), max_length=1000, required=False)
        self.schema = schema

    def values(self) -> dict[str, str]:
        return {prop: self.cleaned_data.get(f"p_{prop}", "") for prop in MANUAL_SCHEMAS[self.schema]}


class ShareForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(
            is_active=True,
            kind__in=[
                "police_local",
                "police_federal_thb",
                "police_fccu",
                "social_inspection",
                "prosecutor_reference",
                "labour_auditor_reference",
                "federal_prosecutor",
            ],
        ).order_by("slug"),
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=200,
        help_text=_(
            "E.g. art. 28quinquies or 56 Code of Criminal Procedure, the joint investigation agreement."
        ),
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


LEGAL_REFERENCE_SUGGESTIONS = (
    "Code d'instruction criminelle, art. 35 (saisie) / Wetboek van strafvordering, art. 35 (beslag)",
    "C. instr. crim., art. 35ter (saisie par équivalent) / Sv. art. 35ter (beslag bij equivalent)",
    "Code pénal, art. 42, 3° et 43bis (confiscation des avantages patrimoniaux) / Sw. art. 42, 3° en 43bis",
    "Code pénal, art. 43quater (confiscation élargie) / Sw. art. 43quater (verruimde verbeurdverklaring)",
)


class AssetForm(forms.Form):
    suspect = forms.ModelChoiceField(
        label=_("Suspect"), queryset=Entity.objects.none(), to_field_name="entity_id"
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=AssetKind.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    entity = forms.ModelChoiceField(
        label=_("The asset in the records"),
        queryset=Entity.objects.none(),
        to_field_name="entity_id",
        required=False,
    )
    estimated_value_eur = forms.DecimalField(
        label=_("Estimated value (EUR)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    valuation_basis = forms.CharField(
        label=_("How it was valued"),
        max_length=300,
        required=False,
        help_text=_(
            "E.g. a notary's estimate, the cadastral income, a dealer's quote, the balance on a date."
        ),
    )
    seizure_status = forms.ChoiceField(label=_("Seizure"), choices=SeizureStatus.choices)
    seizure_reference = forms.CharField(
        label=_("Seizure reference (PV, order)"), max_length=120, required=False
    )
    confiscation_status = forms.ChoiceField(label=_("Confiscation"), choices=ConfiscationStatus.choices)
    legal_reference = forms.CharField(
        label=_("Legal references"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"list": "legal-references"}),
        help_text=_(
            "The articles the seizure or confiscation rests on; the magistrate's order is authoritative."
        ),
    )

    def __init__(self, *args, investigation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        entities = investigation.entities.order_by("caption")
        parties = entities.filter(schema__in=PARTY_SCHEMAS)
        things = entities.filter(schema__in=("RealEstate", "Vehicle", "BankAccount", "Company"))
        self.fields["suspect"].queryset = parties  # type: ignore[attr-defined]
        self.fields["entity"].queryset = things  # type: ignore[attr-defined]


class EstimateForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=())
    workers = forms.IntegerField(label=_("Workers"), required=False, min_value=1)
    days = forms.IntegerField(label=_("Days worked"), required=False, min_value=1)
    daily_wage_due = forms.DecimalField(
        label=_("Wage due per day (EUR)"),
        required=False,
        min_value=0,
        help_text=_(
            "Under the sector's collective agreement (joint committee), for the hours actually worked."
        ),
    )
    wages_paid = forms.DecimalField(label=_("Wages paid in total (EUR)"), required=False, min_value=0)
    victims = forms.IntegerField(label=_("Victims"), required=False, min_value=1)
    per_week = forms.DecimalField(label=_("Charged per victim per week (EUR)"), required=False, min_value=0)
    weeks = forms.IntegerField(label=_("Weeks"), required=False, min_value=1)
    suspects = forms.MultipleChoiceField(
        label=_("Suspects (their people, companies and accounts)"), required=False, choices=()
    )

    def __init__(self, *args, methods, parties, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = methods  # type: ignore[attr-defined]
        self.fields["suspects"].choices = parties  # type: ignore[attr-defined]

    def inputs(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "method" and v not in (None, "", [])}
        return {k: (list(v) if isinstance(v, list) else str(v)) for k, v in data.items()}


class LinkForm(forms.Form):
    """A link from the entity shown to another entity of the investigation (services.link_record)."""

    schema = forms.ChoiceField(label=_("Kind of link"), choices=())
    target = forms.ModelChoiceField(label=_("To"), queryset=Entity.objects.none(), to_field_name="entity_id")
    role = forms.CharField(label=_("Role or relation"), max_length=200, required=False)
    start_date = forms.CharField(label=_("Since"), max_length=20, required=False)
    document = forms.CharField(label=_("Document these facts come from"), max_length=200)

    def __init__(self, *args, investigation, source: Entity, **kwargs) -> None:
        from followthemoney import model

        from .services import LINK_SCHEMAS

        super().__init__(*args, **kwargs)
        self.fields["schema"].choices = [(name, str(model.get(name).label)) for name in LINK_SCHEMAS]  # type: ignore[attr-defined,union-attr]
        self.fields["target"].queryset = (  # type: ignore[attr-defined]
            investigation.entities.exclude(pk=source.pk)
            .filter(
                schema__in=(
                    "Person",
                    "Company",
                    "LegalEntity",
                    "Organization",
                    "RealEstate",
                    "Vehicle",
                    "BankAccount",
                    "UserAccount",
                    "Address",
                )
            )
            .order_by("caption")
        )
