"""Forms of the records pages: filing a record, finding records, adding what a procedure requires."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import Document

from .models import RecordRequirement
from .selectors import RecordFilters


class RecordRequirementForm(forms.ModelForm):
    class Meta:
        model = RecordRequirement
        fields = ["name", "kept_by", "retention"]


class RecordForm(forms.Form):
    document = forms.ModelChoiceField(label=_("Procedure"), queryset=Document.objects.none())
    requirement = forms.ModelChoiceField(label=_("Required record"), queryset=RecordRequirement.objects.none(),
                                         required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)
    field = forms.CharField(label=_("Field"), max_length=150, required=False,
                            widget=forms.TextInput(attrs={"placeholder": _("e.g. Hộ tịch")}))
    reference = forms.CharField(label=_("Reference"), max_length=300, required=False,
                                help_text=_("Where the paper record is kept, or its dossier number"))
    file = forms.FileField(label=_("File"), required=False)

    def __init__(self, *args, documents, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
        self.fields["requirement"].queryset = RecordRequirement.objects.filter(document__in=documents) \
            .select_related("document")
        self.fields["requirement"].label_from_instance = lambda r: f"{r.document.code} · {r.name}"

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("reference") or "").strip():
            raise ValidationError(_("Upload the record's file or say where it is kept (reference)."))
        requirement = data.get("requirement")
        if requirement and data.get("document") and requirement.document_id != data["document"].pk:
            self.add_error("requirement", _("This required record belongs to another procedure."))
        return data


class RecordFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                                      "placeholder": _("Title, reference, file text…")}))
    document = forms.ModelChoiceField(label=_("Procedure"), required=False, queryset=Document.objects.none(),
                                      empty_label=_("All procedures"))
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    field = forms.ChoiceField(label=_("Field"), required=False)

    def __init__(self, *args, documents, years=(), fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]
        self.fields["field"].choices = [("", _("All fields"))] + [(f, f) for f in fields]

    def filters(self) -> RecordFilters:
        data = self.cleaned_data
        return RecordFilters(q=data["q"] or "", document=data["document"], year=data["year"],
                             field=data["field"] or None)
