"""Forms of the objectives pages: an objective, a measurement."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Comparison, Frequency, Source, Unit


class ObjectiveForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Objective"), max_length=300,
                            widget=forms.TextInput(attrs={"placeholder": _("e.g. every dossier resolved on time")}))
    comparison = forms.ChoiceField(label=_("The value must be"), choices=Comparison.choices)
    target = forms.DecimalField(label=_("Target value"), max_digits=12, decimal_places=2)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    frequency = forms.ChoiceField(label=_("Measured"), choices=Frequency.choices)
    source = forms.ChoiceField(label=_("Measurement source"), choices=Source.choices)
    owner = forms.ModelChoiceField(label=_("Responsible person"), queryset=None, required=False,
                                   empty_label=_("— nobody named —"))
    plan = forms.CharField(label=_("Plan to achieve it"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("The actions, resources and deadlines (ISO 9001 clause 6.2.2)"))

    def __init__(self, *args, people, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda u: u.display_name


class MeasurementForm(forms.Form):
    period = forms.TypedChoiceField(label=_("Period"), coerce=int)
    value = forms.DecimalField(label=_("Value reached"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods
