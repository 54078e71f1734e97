"""Forms of the management review pages: plan, minutes (outputs and decisions), an action, an action's result."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import ActionKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def _people(field, queryset):
    field.queryset = queryset
    field.label_from_instance = lambda u: u.display_name + (f" — {u.job_title}" if u.job_title else "")


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Meeting title"), max_length=300, required=False,
                            help_text=_("By default “Management review of the quality management system, <year>”"))
    planned_on = forms.DateField(label=_("Planned meeting date"), widget=DATE)
    period_since = forms.DateField(label=_("Period covered from"), required=False, widget=DATE,
                                   help_text=_("By default the day after the previous review's period"))
    period_until = forms.DateField(label=_("Period covered until"), required=False, widget=DATE,
                                   help_text=_("By default the meeting date"))
    place = forms.CharField(label=_("Meeting place"), max_length=200, required=False)
    chair = forms.ModelChoiceField(label=_("Chaired by"), queryset=None, empty_label=_("— the head or a deputy —"))
    secretary = forms.ModelChoiceField(label=_("Meeting secretary"), queryset=None, empty_label=_("— choose —"))
    attendee_users = forms.ModelMultipleChoiceField(label=_("Attendees of the agency"), queryset=None,
                                                    required=False, widget=forms.CheckboxSelectMultiple)
    other_attendees = forms.CharField(label=_("Other attendees"), required=False, widget=TEXT,
                                      help_text=_("One name (and position) a line"))

    def __init__(self, *args, people, heads, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["chair"], heads)
        _people(self.fields["secretary"], people)
        _people(self.fields["attendee_users"], people)


class MinutesForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    summary = forms.CharField(label=_("Discussion"), required=False, widget=TEXT)
    improvements = forms.CharField(label=_("Opportunities for improvement"), required=False, widget=TEXT)
    qms_changes = forms.CharField(label=_("Changes needed to the QMS"), required=False, widget=TEXT)
    resource_needs = forms.CharField(label=_("Resource needs"), required=False, widget=TEXT)
    decisions = forms.CharField(label=_("Decisions"), required=False, widget=TEXT)


class OutputsForm(MinutesForm):
    held_on = None


class ActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Answers"), choices=ActionKind.choices)
    text = forms.CharField(label=pgettext_lazy("management review", "Action"), max_length=500)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, empty_label=_("— choose —"))
    due_on = forms.DateField(label=_("Due on"), widget=DATE)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["owner"], people)


class CompleteForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE)
    result = forms.CharField(label=_("Result"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)
