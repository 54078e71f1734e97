"""Forms of the nonconformity pages: raise or report, each step of the lifecycle, the list's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Effectiveness, Grade, Source, State

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"placeholder": _("Number, description, process…")}))
    state = forms.ChoiceField(label=pgettext_lazy("nc filter", "State"), required=False, choices=[
        ("", _("— all states —")), ("not_closed", _("Not closed")), *State.choices])
    source = forms.ChoiceField(label=pgettext_lazy("nc filter", "Source"), required=False,
                               choices=[("", _("— all sources —")), *Source.choices])
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)


class ReportForm(forms.Form):
    """What a member of staff fills in to report an NC."""

    description = forms.CharField(label=_("What is not conforming"), max_length=4000, widget=TEXT,
                                  help_text=_("What happened, where, which dossier or document"))
    detected_on = forms.DateField(label=_("Detected on"), required=False, widget=DATE,
                                  help_text=_("By default today"))
    process = forms.CharField(label=_("Process or unit"), max_length=200, required=False,
                              widget=forms.TextInput(attrs={"placeholder": _("e.g. Bộ phận Một cửa")}))
    clause = forms.CharField(label=_("ISO 9001 clause"), max_length=32, required=False,
                             widget=forms.TextInput(attrs={"placeholder": "8.5.1"}))


class RaiseForm(ReportForm):
    """What the ISO secretary fills in to open an NC from any source."""

    source = forms.ChoiceField(label=_("Source of the nonconformity"), choices=Source.choices)
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices, initial=Grade.MINOR)
    requirement = forms.CharField(label=_("Requirement not met"), max_length=4000, required=False, widget=TEXT)
    field_order = ["source", "grade", "description", "detected_on", "process", "clause", "requirement"]


class CorrectionForm(forms.Form):
    correction = forms.CharField(label=_("Immediate correction"), max_length=4000, widget=TEXT,
                                 help_text=_("What was done at once to contain the nonconformity"))
    corrected_on = forms.DateField(label=_("Corrected on"), required=False, widget=DATE,
                                   help_text=_("By default today"))


class RootCauseForm(forms.Form):
    root_cause = forms.CharField(label=_("Root cause"), max_length=8000, widget=forms.Textarea(attrs={"rows": 6}),
                                 help_text=_("e.g. the five whys: ask why until the cause is found"))


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Corrective action"), max_length=4000, widget=TEXT)
    owner = forms.ModelChoiceField(label=_("Owner of the action"), queryset=None,
                                   empty_label=_("— choose a person —"))
    due_on = forms.DateField(label=_("Due on"), widget=DATE)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda u: u.display_name


class CompleteForm(forms.Form):
    result = forms.CharField(label=_("Result of the action"), max_length=4000, widget=TEXT)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE, help_text=_("By default today"))


class EffectivenessForm(forms.Form):
    result = forms.ChoiceField(label=_("Effectiveness"), choices=Effectiveness.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Evidence of effectiveness"), max_length=4000, widget=TEXT,
                           help_text=_("What was checked and what it showed"))
    checked_on = forms.DateField(label=_("Checked on"), required=False, widget=DATE, help_text=_("By default today"))
    new_description = forms.CharField(label=_("New corrective action"), max_length=4000, required=False,
                                      widget=TEXT, help_text=_("Required when the actions were not effective"))
    new_owner = forms.ModelChoiceField(label=_("Owner of the new action"), queryset=None, required=False,
                                       empty_label=_("— choose a person —"))
    new_due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_owner"].queryset = people
        self.fields["new_owner"].label_from_instance = lambda u: u.display_name

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        new_action = None
        if data["result"] == Effectiveness.NOT_EFFECTIVE:
            new_action = {"description": data["new_description"], "owner": data["new_owner"],
                          "due_on": data["new_due_on"]}
        return {"result": data["result"], "note": data["note"], "checked_on": data["checked_on"],
                "new_action": new_action}


class DetailsForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    effectiveness_days = forms.IntegerField(label=_("Days before the effectiveness check"), min_value=1,
                                            max_value=730, help_text=_("Counted from the day the last action is done"))
