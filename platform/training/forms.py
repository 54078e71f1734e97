"""Forms of the training pages: a session, its attendees, a result, a material, holding it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TrainingKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _People(forms.Form):
    def _people(self, people):
        field = self.fields["attendees"]
        field.queryset = people
        field.label_from_instance = lambda u: u.display_name


class SessionForm(_People):
    topic = forms.CharField(label=_("Topic"), max_length=300,
                            widget=forms.TextInput(attrs={"placeholder": _("e.g. Nhận thức về TCVN ISO 9001:2015")}))
    kind = forms.ChoiceField(label=_("Kind of training"), choices=TrainingKind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), max_digits=5, decimal_places=1, min_value=0)
    trainer = forms.CharField(label=_("Trainer"), max_length=150, help_text=_("A name; the trainer may be external"))
    trainer_organisation = forms.CharField(label=_("Trainer's organisation"), max_length=200, required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    description = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    attendees = forms.ModelMultipleChoiceField(label=_("Attendees"), queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, people, with_attendees=True, **kwargs):
        super().__init__(*args, **kwargs)
        self._people(people)
        if not with_attendees:
            del self.fields["attendees"]


class AttendeesForm(_People):
    attendees = forms.ModelMultipleChoiceField(label=_("Add people"), queryset=None,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self._people(people)


class ResultForm(forms.Form):
    attendance = forms.IntegerField(widget=forms.HiddenInput)
    attended = forms.BooleanField(label=_("Attended"), required=False)
    result = forms.CharField(label=_("Result or certificate"), max_length=300, required=False)


class AttendanceChoice(forms.Form):
    attendance = forms.IntegerField(widget=forms.HiddenInput)


class HeldForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), required=False, widget=DATE,
                              help_text=_("By default the planned date"))


class MaterialForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel or an image"))
