"""Forms of the catalogue pages: filters, an entry, an import, a decision. Rules stay in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.models import Agency

from .models import PublicationDecision, TthcEntry

LEVELS = [(value, label) for value, label in Agency.Level.choices]


class EntryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Code, name or field…")}))
    field = forms.ChoiceField(label=_("Field"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *LEVELS])
    decision = forms.ModelChoiceField(label=_("Publication decision"), required=False,
                                      queryset=PublicationDecision.objects.none(), empty_label=_("All decisions"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *TthcEntry.Status.choices])

    def __init__(self, *args, fields, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("All fields"))] + [(f, f) for f in fields]
        self.fields["decision"].queryset = decisions

    def filters(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value}


class EntryForm(forms.Form):
    code = forms.CharField(label=pgettext_lazy("tthc", "Code"), max_length=32, help_text=_("As in the national database, e.g. 1.001193"))
    name = forms.CharField(label=_("Name"), max_length=500)
    field = forms.CharField(label=_("Field"), max_length=200, required=False,
                            widget=forms.TextInput(attrs={"placeholder": _("e.g. Hộ tịch")}))
    level = forms.ChoiceField(label=_("Level that handles it"), choices=LEVELS)
    time_limit = forms.IntegerField(label=_("Time limit"))
    time_unit = forms.ChoiceField(label=_("Unit"), choices=TthcEntry.TimeUnit.choices)
    fees = forms.CharField(label=_("Fees"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    filed_at = forms.CharField(label=_("Where filed"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    returned_at = forms.CharField(label=_("Where returned"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label=pgettext_lazy("tthc", "Legal basis"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.ModelChoiceField(label=_("Publication decision"), required=False,
                                      queryset=PublicationDecision.objects.none())
    assigned_levels = forms.MultipleChoiceField(
        label=_("Assigned to levels"), required=False, choices=LEVELS, widget=forms.CheckboxSelectMultiple,
        help_text=_("Every agency of these levels sees it; leave empty to assign it by name only"))
    agencies = forms.ModelMultipleChoiceField(label=_("Assigned to agencies"), required=False,
                                              queryset=Agency.objects.none(),
                                              widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, decisions, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["agencies"].queryset = agencies

    @classmethod
    def initial_for(cls, entry: TthcEntry) -> dict:
        initial = {name: getattr(entry, name) for name in cls.base_fields if name != "agencies"}
        initial["agencies"] = [a.pk for a in entry.agencies.all()]
        return initial


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    replace = forms.BooleanField(label=_("Full replacement: withdraw the TTHC the file leaves out"), required=False)


class DecisionForm(forms.ModelForm):
    class Meta:
        model = PublicationDecision
        fields = ["number", "signed_on", "title", "received_on"]
        widgets = {"signed_on": forms.DateInput(attrs={"type": "date"}),
                   "received_on": forms.DateInput(attrs={"type": "date"})}
